"""The home page's headline block (开复工, year to date, growth, plan against 序时): the summary's own figures."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.money import cents, percent, to_yi

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(demo_data):
    """The whole demo, loaded once for this module."""


@pytest.fixture(autouse=True)
def widgets_home(monkeypatch):
    """The home page with its widgets for every role (leaders otherwise land on a registered page, the dashboard)."""
    from core import registry

    monkeypatch.setattr(registry, "_home_pages", {})


def _summary(as_of: str) -> dict:
    out = StringIO()
    call_command("summary", "--as-of", as_of, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _headline(login, role: str, settings, as_of: str):
    settings.GONGJIAN_TODAY = as_of  # the home page shows the (demo's) today
    response = login(role).get(reverse("home"))
    assert response.status_code == 200
    return response.context["headline"], response.content.decode()


def _text(value) -> str | None:
    return None if value is None else str(value)


def _published(figures: dict) -> dict:
    """A headline row in the shape of the summary's "investment" and "plan" sections."""
    return {
        "investment": {
            "started_count": figures["started_count"],
            "ytd_yi": str(to_yi(figures["ytd"])),
            "yoy_pct": _text(figures["yoy_pct"]),
        },
        "plan": {
            "plan_yi": str(to_yi(figures["plan"])),
            "completion_pct": _text(figures["completion_pct"]),
            "expected_pct": _text(figures["expected_pct"]),
        },
    }


@pytest.mark.parametrize("as_of", ["2024-05-31", "2024-06-30"])
def test_the_headline_equals_the_summary_command(login, settings, as_of):
    headline, _page = _headline(login, "admin", settings, as_of)
    summary = _summary(as_of)
    assert _published(headline["city"]) == {"investment": summary["investment"], "plan": summary["plan"]}
    regions = [{"investment": region["investment"], "plan": region["plan"]} for region in summary["regions"]]
    assert [row["region"].name for row in headline["rows"]] == [region["name"] for region in summary["regions"]]
    assert [_published(row) for row in headline["rows"]] == regions


def test_the_seed_figures_head_the_home_page_on_2024_05_31(login, settings):
    headline, page = _headline(login, "leader", settings, "2024-05-31")
    assert (headline["city"]["started_count"], to_yi(headline["city"]["ytd"]), headline["city"]["yoy_pct"]) == (
        591,
        Decimal("203.10"),
        Decimal("7.5"),
    )
    assert 'data-testid="headline-started">591' in page
    assert 'data-testid="headline-ytd">203.10' in page
    assert 'data-testid="headline-yoy">7.5' in page
    # the plan completion set against 序时: the expected share is the city's seasonal profile at the end of May
    assert headline["city"]["expected_pct"] is not None and headline["city"]["completion_pct"] is not None


def test_the_district_rows_sum_to_the_totals_row(login, settings):
    headline, page = _headline(login, "admin", settings, "2024-06-30")
    rows, city = headline["rows"], headline["city"]
    assert len(rows) >= 10 and 'data-testid="headline-totals"' in page
    assert sum(row["started_count"] for row in rows) == city["started_count"]
    for key in ("ytd", "previous_ytd", "plan"):  # SQLite sums decimals in floating point: compare to the 分
        assert cents(sum(row[key] for row in rows)) == cents(city[key])
    planned = [row for row in rows if row["plan"]]
    for row in planned:
        assert row["completion_pct"] == percent(row["ytd"], row["plan"])


def test_a_district_sees_the_city_totals_and_its_own_row_a_department_user_the_totals_only(login, settings):
    city, _page = _headline(login, "admin", settings, "2024-06-30")
    district, page = _headline(login, "byq", settings, "2024-06-30")
    assert [row["region"].code for row in district["rows"]] == ["210804"]
    assert district["city"] == city["city"]  # the published city figures, the yardstick of the district lights
    assert "盖州市" not in page
    department, page = _headline(login, "zrzy", settings, "2024-06-30")
    assert department["rows"] == [] and department["city"] == city["city"]
    assert 'data-testid="headline-table"' not in page and 'data-testid="headline-city"' in page


def test_before_any_month_has_ended_the_block_says_so(login, settings):
    headline, page = _headline(login, "leader", settings, "2024-01-15")
    assert headline["through"] is None and headline["city"]["expected_pct"] is None
    assert headline["city"]["started_count"] == 0
    assert "本年尚无已结束的月份" in page


def test_the_project_page_shows_scheduling_panel_with_the_light_and_this_years_reports(login, settings):
    from projects.models import Project
    from scheduling.models import MonthlyReport

    settings.GONGJIAN_TODAY = "2024-06-30"
    report = MonthlyReport.objects.filter(period__year=2024, project__region__code="210804").order_by("pk").first()
    page = login("byq").get(reverse("projects:project", args=[report.project_id])).content.decode()
    assert 'data-testid="panel-monthly"' in page and 'data-testid="project-light"' in page
    assert reverse("scheduling:monthlyreport", args=[report.pk]) in page
    elsewhere = Project.objects.exclude(region__code="210804").filter(monthly_reports__isnull=False).first()
    assert login("byq").get(reverse("projects:project", args=[elsewhere.pk])).status_code == 404
