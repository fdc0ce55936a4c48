"""The demo reproduces the seed's stewardship figures as of 2024-06-30, through `gongjian summary` and through the
statistics service behind the page, the API and the export."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from core.models import Region, User
from stewardship.choices import Light, ProblemStatus
from stewardship.models import Problem, Stewardship
from stewardship.statistics import Period, headline, headline_as_json, statistics, summary_section

pytestmark = pytest.mark.django_db
SEED = {
    "projects": 33,
    "investment_yi": "2055.00",
    "stewards": 31,
    "steward_site_visits": 49,
    "steward_phone_surveys": 44,
    "city_team_site_visits": 37,
    "county_team_site_visits": 152,
    "problems_solved": 38,
}
AS_OF = dt.date(2024, 6, 30)


def test_the_summary_prints_the_seeds_block(demo_data):
    out = StringIO()
    call_command("summary", "--as-of", "2024-06-30", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["stewardship"] == SEED


def test_the_statistics_page_service_gives_the_same_figures(demo_data):
    (city,) = statistics(Period(None, AS_OF), "city")
    assert {name: city[name] for name in SEED if name in city} == {
        name: SEED[name]
        for name in ("steward_site_visits", "steward_phone_surveys", "city_team_site_visits", "county_team_site_visits")
    }
    assert city["solved"] == SEED["problems_solved"]
    stewards = statistics(Period(None, AS_OF), "steward")
    assert len(stewards) == 31 and sum(row["steward_site_visits"] for row in stewards) >= 49


def test_the_board_looks_like_a_real_citys(demo_data):
    leaders = User.objects.filter(pk__in=Stewardship.objects.values("steward_id"))
    assert leaders.count() == 31 and {user.role for user in leaders} == {"city_leader"}
    assert Stewardship.objects.filter(steward__username="leader_zhang").count() == 2
    assert User.objects.get(username="leader_wang").check_password("demo-2024")
    statuses = set(Problem.objects.values_list("status", flat=True))
    assert {ProblemStatus.OPEN, ProblemStatus.RETURNED, ProblemStatus.IN_PROGRESS} <= statuses
    assert Problem.objects.filter(light=Light.RED).exists() and Problem.objects.filter(light=Light.YELLOW).exists()
    assert Problem.objects.filter(department__code="zrzyj", status__in=["open", "in_progress"]).exists()


def test_every_regions_stewardship_figures_equal_its_own_headline(demo_data, django_assert_max_num_queries):
    """The summary's per-region figures (grouped queries) are each ranked region's `headline` computed alone, and
    the cost does not grow with the number of regions."""
    with django_assert_max_num_queries(14):
        section = summary_section(AS_OF)
    ranked = list(Region.objects.ranked())
    assert sum(1 for region in ranked if region.pk in section["regions"]) >= 6
    for region in ranked:
        alone = headline_as_json(headline(AS_OF, [region.pk]))
        assert section["regions"].get(region.pk, section["empty"]) == alone, region.name
    # A district operator's summary sees only their regions.
    byq = Region.objects.get(code="210804")
    assert set(summary_section(AS_OF, [byq.pk])["regions"]) == {byq.pk}
