"""The demo's monthly reports reproduce the seed's investment figures, through the summary's own code path."""

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from core.money import percent
from projects.models import InvestmentPlan, Project
from scheduling.calendar import month_end
from scheduling.choices import STARTED_SITE_STATUSES, Light, ReportStatus
from scheduling.demo import Drawer
from scheduling.figures import investment_figures
from scheduling.lights import light_counts, project_lights
from scheduling.models import DistrictReview, MonthlyReport, SeasonalProfile
from scheduling.rules import check_figures

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(demo_data):
    """The whole demo, loaded once for this module."""


def _summary(as_of):
    out = StringIO()
    call_command("summary", "--as-of", as_of, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _cents(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def test_january_to_may_2024_equals_the_seed():
    data = _summary("2024-05-31")
    assert data["investment"] == {"started_count": 591, "ytd_yi": "203.10", "yoy_pct": "7.5"}
    regions = [r["investment"] for r in data["regions"]]
    assert sum(r["started_count"] for r in regions) == 591
    # each region's own growth stays within what a district plausibly reports
    assert all(-40 < Decimal(r["yoy_pct"]) < 60 for r in regions if r["yoy_pct"] is not None)
    figures = investment_figures(dt.date(2024, 5, 31))
    assert _cents(figures["city"]["ytd"]) == Decimal("2031000.00")
    for name in ("ytd", "previous_ytd"):  # SQLite sums decimals in floating point, hence the rounding to 分
        assert _cents(sum(r[name] for r in figures["regions"].values())) == _cents(figures["city"][name])


def test_first_quarter_growth_equals_the_seed():
    assert _summary("2024-03-31")["investment"]["yoy_pct"] == "15.9"


def test_other_dates_are_plausible():
    year_2023 = _summary("2023-12-31")["investment"]
    assert 300 < year_2023["started_count"] < 500
    assert Decimal("400") < Decimal(year_2023["ytd_yi"]) < Decimal("700")
    assert year_2023["yoy_pct"] is None  # the demo has no 2022 reports to compare with
    june = _summary("2024-06-30")["investment"]
    assert june["started_count"] > 591
    assert Decimal("203.10") < Decimal(june["ytd_yi"]) < Decimal("400")
    assert june["yoy_pct"] is not None


def test_reports_obey_the_report_rules_and_the_projects_dates():
    plans = dict(InvestmentPlan.objects.filter(year=2024).values_list("project_id", "amount"))
    projects = Project.objects.in_bulk()
    by_project = defaultdict(list)
    for report in MonthlyReport.objects.order_by("project_id", "period"):
        by_project[report.project_id].append(report)
    assert len(by_project) > 800
    for project_id, reports in by_project.items():
        project = projects[project_id]
        last_total, year_sum = None, Decimal("0")
        for report in reports:
            assert project.actual_start <= month_end(report.period)
            assert project.actual_finish is None or project.actual_finish >= report.period
            if last_total is not None and report.period.month == 1:
                year_sum = Decimal("0")
            # the real rules accept the figures, and no explanation is needed (never above total investment)
            ytd, total = check_figures(
                project,
                report.period,
                report.month_amount,
                report.ytd_amount,
                report.total_amount,
                "",
                earlier=(year_sum, last_total),
            )
            if last_total is not None:
                assert report.total_amount == last_total + report.month_amount
            year_sum, last_total = ytd, total
        in_2024 = sum(r.month_amount for r in reports if r.period.year == 2024)
        assert project_id not in plans or in_2024 <= plans[project_id]


def test_statuses_history_and_reviews_are_dated():
    assert not MonthlyReport.objects.filter(period__lt=dt.date(2024, 6, 1)).exclude(status=ReportStatus.APPROVED)
    june = MonthlyReport.objects.filter(period=dt.date(2024, 6, 1))
    assert june.exists() and not june.exclude(status=ReportStatus.SUBMITTED).exists()
    report = MonthlyReport.objects.filter(period=dt.date(2023, 3, 1)).order_by("pk").first()
    history = list(report.history.order_by("history_date"))
    assert [h.status for h in history] == [ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    assert dt.date(2023, 3, 31) < history[0].history_date.date() <= history[1].history_date.date()
    assert history[1].history_date.date() < dt.date(2023, 4, 30)
    assert report.created == history[0].history_date and report.reviewed_at == history[1].history_date
    assert MonthlyReport.history.count() == 2 * MonthlyReport.objects.count() - june.count()
    assert DistrictReview.objects.filter(period=dt.date(2023, 3, 1)).count() == len(
        set(MonthlyReport.objects.filter(period=dt.date(2023, 3, 1)).values_list("project__region", flat=True))
    )


def test_loading_again_changes_nothing_and_the_draw_is_deterministic():
    before = list(MonthlyReport.objects.order_by("pk").values_list("project_id", "period", "month_amount"))
    call_command("demo", "load", stdout=StringIO())
    assert list(MonthlyReport.objects.order_by("pk").values_list("project_id", "period", "month_amount")) == before
    plans = dict(InvestmentPlan.objects.filter(year=2024).values_list("project_id", "amount"))
    drafts = Drawer(Project.objects.exclude(actual_start=None).order_by("pk"), plans).draw()
    drawn = sorted((d.project.pk, cell.period, cell.money) for d in drafts for cell in d.cells)
    assert drawn == sorted(before)


@pytest.mark.parametrize("as_of", [dt.date(2024, 5, 31), dt.date(2024, 6, 30)])
def test_lights_on_liaonings_curve_are_plausible(as_of):
    counts = light_counts(Project.objects.all(), as_of)
    city = counts.pop("全市")
    lit = sum(city.values())
    assert SeasonalProfile.objects.get().m06 == Decimal("45.00")  # the demo loads Liaoning's curve for the city
    assert lit == 833  # the construction library; none of the reserve is past its planned start
    # A minority red, most projects green or yellow, whether or not the grey (June starts, on 31 May) are counted.
    judged = lit - city[Light.GREY]
    assert 0.10 <= city[Light.RED] / lit <= 0.25 and 0.10 <= city[Light.RED] / judged <= 0.25
    assert city[Light.GREEN] + city[Light.YELLOW] > lit / 2
    # Districts are mixed: red shares differ, none is mostly red, each has green projects.
    red_pct = {region: round(found[Light.RED] * 100 / sum(found.values())) for region, found in counts.items()}
    assert len(counts) == 10 and len(set(red_pct.values())) >= 3
    assert max(red_pct.values()) - min(red_pct.values()) >= 15
    assert max(red_pct.values()) < 50
    assert all(found[Light.GREEN] for found in counts.values())
    # `gongjian lights` prints the same spread
    out = StringIO()
    call_command("lights", "--as-of", as_of.isoformat(), stdout=out)
    line = f"全市\t{city[Light.RED]} ({percent(city[Light.RED], lit, places=0)}%)\t{city[Light.YELLOW]} "
    assert out.getvalue().splitlines()[-1].startswith(line)


def test_idle_and_june_starts_make_up_the_seeds_started_count():
    """The construction projects beyond the seed's 591 started or resumed by May: June starts and a few idle ones."""
    may = dt.date(2024, 5, 1)
    june_starts = Project.objects.filter(actual_start__gt=dt.date(2024, 5, 31), actual_start__lte=dt.date(2024, 6, 30))
    reporting = MonthlyReport.objects.filter(period__range=(dt.date(2024, 1, 1), may))
    started = reporting.filter(site_status__in=STARTED_SITE_STATUSES).values("project").distinct().count()
    idle = reporting.values("project").distinct().count() - started
    assert started == 591
    assert 150 < june_starts.count() < 250 and 0 < idle < 100  # a few continuing projects not resumed by May
    # a June start's first month carries its plan by the season: on 30 June most are not red
    lights = {item.project.pk: item.light for item in project_lights(june_starts, dt.date(2024, 6, 30))}
    assert sum(light == Light.RED for light in lights.values()) < len(lights) / 3


def test_linear_time_calls_more_projects_late_than_the_seasonal_curve():
    # Projects working all year: linear time expects 41.7% by May and 50% by June where Liaoning's curve expects 34%
    # and 45%. (A project starting in June is expected to do more of its plan in June on the curve, 11/66, than on
    # linear time, 1/7.)
    continuing = Project.objects.filter(actual_start__lt=dt.date(2024, 1, 1))
    dates = (dt.date(2024, 5, 31), dt.date(2024, 6, 30))
    seasonal = [light_counts(continuing, as_of)["全市"] for as_of in dates]
    SeasonalProfile.objects.all().delete()
    linear = [light_counts(continuing, as_of)["全市"] for as_of in dates]
    for on_curve, on_linear in zip(seasonal, linear, strict=True):
        assert on_linear[Light.RED] > on_curve[Light.RED]
        assert on_linear[Light.GREEN] < on_curve[Light.GREEN]
