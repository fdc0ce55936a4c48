"""Who reports for a month, stated once (scheduling.rules): the construction library of the month and "owes a
report" agree in their Python and database forms on generated projects, and `expected_projects` follows them."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projects.choices import Stage
from projects.testing import make_project
from scheduling.rules import in_construction_library, in_construction_library_q, owes_report, owes_report_q
from scheduling.services import expected_projects

dates = st.one_of(st.none(), st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2025, 12, 31)))
periods = st.dates(min_value=dt.date(2023, 6, 1), max_value=dt.date(2025, 6, 30)).map(lambda day: day.replace(day=1))


@pytest.mark.django_db
@settings(max_examples=120, deadline=None)
@given(
    stage=st.sampled_from(Stage.values),
    stage_before_pause=st.sampled_from(["", *Stage.values]),
    actual_start=dates,
    actual_finish=dates,
    period=periods,
)
def test_python_and_database_forms_agree(stage, stage_before_pause, actual_start, actual_finish, period):
    from projects.models import Project

    project = Project.objects.filter(name="月报规则探针").first() or make_project(name="月报规则探针")
    # Written without the model's checks: the rule must hold on any row the database may hold (imports, history).
    Project.objects.filter(pk=project.pk).update(
        stage=stage, stage_before_pause=stage_before_pause, actual_start=actual_start, actual_finish=actual_finish
    )
    project.refresh_from_db()
    rows = Project.objects.filter(pk=project.pk)
    assert rows.filter(in_construction_library_q(period)).exists() == in_construction_library(project, period)
    assert rows.filter(owes_report_q(period)).exists() == owes_report(project, period)
    assert (project in expected_projects([project.region_id], period)) == owes_report(project, period)


@pytest.mark.django_db
def test_the_rule_on_named_cases():
    may, june = dt.date(2024, 5, 1), dt.date(2024, 6, 1)
    paused = make_project(stage=Stage.SUSPENDED, stage_before_pause=Stage.CONTINUING, actual_start=dt.date(2023, 1, 9))
    finished = make_project(stage=Stage.COMPLETED, actual_start=dt.date(2023, 1, 9), actual_finish=dt.date(2024, 5, 20))
    late = make_project(stage=Stage.NEW_START, actual_start=dt.date(2024, 6, 3))
    reserve = make_project(stage=Stage.PRELIMINARY)
    assert owes_report(paused, may)  # paused during construction: still reports
    assert owes_report(finished, may) and not owes_report(finished, june)  # closes its last month, then stops
    assert in_construction_library(late, may) and not owes_report(late, may) and owes_report(late, june)
    assert not in_construction_library(reserve, may)
