"""Computed indicators count year to date: a problem solved in June is not in May's figure, nor one solved last
December in this year's (the stewardship source used to count everything up to the period's end)."""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.sources import SOURCES
from stewardship.choices import ProblemStatus
from stewardship.tests.helpers import problem, stewarded_project

pytestmark = pytest.mark.django_db


def solved(project, on: dt.date, status=ProblemStatus.SOLVED):
    return problem(project, raised_on=on - dt.timedelta(days=10), status=status, solved_on=on)


def test_problems_solved_is_january_to_the_periods_month():
    project = stewarded_project()
    solved(project, dt.date(2023, 12, 20))  # last year: not this year's
    solved(project, dt.date(2024, 1, 3), ProblemStatus.VERIFIED)
    solved(project, dt.date(2024, 5, 31))
    solved(project, dt.date(2024, 6, 1))  # June: not May's
    problem(project, raised_on=dt.date(2024, 5, 2))  # open: not solved
    count = SOURCES["problems_solved"].function
    assert count(dt.date(2024, 5, 1)) == Decimal(2)
    assert count(dt.date(2024, 6, 1)) == Decimal(3)
    assert count(dt.date(2023, 12, 1)) == Decimal(1)
    assert count(dt.date(2024, 5, 1), [project.region_id]) == Decimal(2)
    assert count(dt.date(2024, 5, 1), []) == Decimal(0)  # no region: nothing
