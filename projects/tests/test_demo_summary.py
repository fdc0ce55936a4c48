"""The demo data reproduce the seed's figures, through the same service the page, API and CLI use."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from projects.libraries import library_q
from projects.models import Project
from projects.services import LIBRARY_ORDER, library_figures, snapshot

pytestmark = pytest.mark.django_db

SEED_LIBRARIES = {
    "construction": {"count": 833, "investment_yi": "3205.00"},
    "reserve": {"count": 1321, "investment_yi": "7251.00"},
    "key": {"count": 21, "investment_yi": "1161.70"},
}
SEED_LISTS = {
    "省十五项重大工程（2024）": (21, "1161.70"),
    "全省重大央地合作项目（2024）": (15, "1400.00"),
    "港产城融合·港口基础设施": (7, "214.00"),
    "港产城融合·临港产业": (109, "916.00"),
    "港产城融合·城市发展": (36, "425.00"),
    "2024年一季度集中开工（3月18日）": (77, "301.00"),
}


@pytest.fixture
def demo(demo_data):
    """The whole demo, loaded once for this module."""


def _summary(*args):
    out = StringIO()
    call_command("summary", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_summary_as_of_2024_06_30_equals_the_seed(demo):
    data = _summary("--as-of", "2024-06-30")
    assert data["as_of"] == "2024-06-30"
    assert data["libraries"] == SEED_LIBRARIES
    lists = {item["name"]: (item["count"], item["investment_yi"]) for item in data["lists"]}
    for name, figures in SEED_LISTS.items():
        assert lists[name] == figures
    assert {item["kind"] for item in data["lists"]} >= {"省重大工程", "央地合作", "港产城融合", "产业集群", "集中开工"}
    # per-region figures add up to the city's
    for library, figures in SEED_LIBRARIES.items():
        assert sum(r["libraries"][library]["count"] for r in data["regions"]) == figures["count"]
    byq = next(r for r in data["regions"] if r["code"] == "210804")
    assert byq["name"] == "鲅鱼圈区" and byq["libraries"]["construction"]["count"] > 0


def test_earlier_dates_come_from_the_history(demo):
    march = _summary("--as-of", "2024-03-31")
    # projects that started in April–June were still in the reserve at the end of March
    assert march["libraries"]["construction"]["count"] < 833
    assert march["libraries"]["reserve"]["count"] > 1321 - 100
    before = _summary("--as-of", "2020-12-31")
    assert before["libraries"]["construction"]["count"] == 0


def test_demo_load_is_deterministic_and_idempotent(demo):
    first = list(Project.objects.order_by("pk").values_list("name", "total_investment", "region__code")[:50])
    call_command("demo", "load", stdout=StringIO())
    assert Project.objects.count() == 833 + 1321 + 64 + 9
    assert list(Project.objects.order_by("pk").values_list("name", "total_investment", "region__code")[:50]) == first


def test_demo_codes_are_valid_and_unique(demo):
    from projects.validators import validate_national_code

    codes = list(Project.objects.exclude(national_code=None).values_list("national_code", flat=True))
    assert len(codes) == len(set(codes)) > 1500
    for code in codes[:200]:
        validate_national_code(code)


@pytest.mark.parametrize("as_of", [None, "2024-03-31"])
def test_the_one_pass_library_figures_equal_each_library_counted_alone(demo, as_of):
    """library_figures counts the three libraries in one grouped pass; each library filtered alone agrees."""
    day = dt.date.fromisoformat(as_of) if as_of else None
    projects, memberships = snapshot(day)
    grouped = library_figures(projects, memberships)
    for library in LIBRARY_ORDER:
        rows = projects.filter(library_q(library, memberships)).values("region_id")
        alone = {row["region_id"]: row for row in rows.annotate(n=Count("id"), total=Sum("total_investment"))}
        assert alone, library
        for region_id, figures in grouped.items():
            row = alone.get(region_id, {"n": 0, "total": 0})
            assert figures[library.value]["count"] == row["n"]
            assert figures[library.value]["investment"] == (row["total"] or 0)
