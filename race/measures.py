"""Measures (取数口径): one function per raw value a race item scores, computed in the database.

Each takes a period and the region ids and returns {region_id: Decimal | None} (None: nothing to compare with),
or for a banded measure {region_id: (count, count, …)} (how many projects in each band). Investment, growth,
开复工 and plan against 序时 come from `scheduling.figures`, the functions behind the summary and the headline
block, so the race ranks on exactly the figures the rest of the system publishes (one figure, one code path).
Figures shared by several measures are computed once per ranking through `Figures`, and once for a ranking and the
previous period it recomputes through `Reads`.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from core.money import WAN_PER_YI, cents, percent
from race.periods import Period

BIG_PROJECT = WAN_PER_YI  # 1亿元 in 万元: "projects of 1亿元 and above"
# Bands of a project's annual plan (万元) for per-project points (延安: ≥10亿, 5–10亿, 1–5亿, <1亿).
PLAN_BANDS = tuple(WAN_PER_YI * yi for yi in (10, 5, 1, 0))


class Reads:
    """The figures several rankings of one set of regions share: every period's investment read together (a
    year's reports once for all its periods) and each year's plans once. A ranking and the previous period it
    recomputes for the rank changes share one."""

    def __init__(self, region_ids, periods):
        self.region_ids = list(region_ids)
        self.periods = list(periods)
        self._plans = {}

    @cached_property
    def _investment(self) -> dict:
        from scheduling.figures import investment_figures_at

        return investment_figures_at([period.end for period in self.periods], self.region_ids)

    def investment(self, period: Period) -> dict:
        return self._investment[period.end]

    def plans(self, year: int) -> dict:
        """{region_id: the year's plan} (`scheduling.figures.plan_totals`), read once per year."""
        from scheduling.figures import plan_totals

        if year not in self._plans:
            self._plans[year] = plan_totals(year, self.region_ids)
        return self._plans[year]


class Figures:
    """The shared figures of one ranking: year-to-date investment and plan against 序时, read once."""

    def __init__(self, period: Period, region_ids, reads: Reads | None = None):
        self.period = period
        self.region_ids = list(region_ids)
        self.reads = reads or Reads(self.region_ids, [period])

    @cached_property
    def investment(self) -> dict:
        return self.reads.investment(self.period)

    @cached_property
    def plans(self) -> dict:
        from scheduling.figures import plan_figures

        planned = self.reads.plans(self.period.year)
        return plan_figures(self.period.end, self.region_ids, investment=self.investment, planned=planned)

    def reports(self):
        from scheduling.figures import counted_reports

        return counted_reports(self.period.year, self.period.through, self.region_ids)

    def inputs(self) -> dict:
        """The raw figures a publication freezes next to its scores: {region_id: {name: str}}."""
        found = {}
        for region_id in self.region_ids:
            inv = self.investment["regions"].get(region_id)
            plan = self.plans["regions"].get(region_id)
            found[str(region_id)] = {
                "ytd": str(inv["ytd"]) if inv else "0.00",
                "previous_ytd": str(inv["previous_ytd"]) if inv else "0.00",
                "started_count": inv["started_count"] if inv else 0,
                "plan": str(plan["plan"]) if plan else "0.00",
                "expected_pct": str(plan["expected_pct"]) if plan and plan["expected_pct"] is not None else None,
            }
        return found


@dataclass(frozen=True)
class Measure:
    """A registered measure: its label and unit for explanations, its function, and its bands if banded."""

    code: str
    label: str
    unit: str
    function: object
    bands: tuple = ()

    def __call__(self, figures: Figures) -> dict:
        return self.function(figures)


def _year_start(period: Period) -> dt.date:
    return dt.date(period.year, 1, 1)


def plan_completion(figures: Figures) -> dict:
    """Share of the year's plan done (%, two decimals): year-to-date investment ÷ the annual plans."""
    ytd = {rid: e["ytd"] for rid, e in figures.investment["regions"].items()}
    plans = figures.plans["regions"]
    return {
        rid: percent(ytd.get(rid, 0), plans[rid]["plan"], 2) if rid in plans else None for rid in figures.region_ids
    }


def schedule_ratio(figures: Figures) -> dict:
    """Plan completion against 序时进度 (%): 100 means exactly on the seasonal profile's schedule."""
    done = plan_completion(figures)
    plans = figures.plans["regions"]
    found = {}
    for rid in figures.region_ids:
        expected = plans[rid]["expected_pct"] if rid in plans else None
        found[rid] = None if done[rid] is None or not expected else percent(done[rid], expected, 2)
    return found


def yoy_growth(figures: Figures) -> dict:
    """Year-on-year growth of cumulative investment (%, two decimals); None without last year's figure."""
    regions = figures.investment["regions"]
    found = {}
    for rid in figures.region_ids:
        entry = regions.get(rid)
        found[rid] = (
            percent(entry["ytd"] - entry["previous_ytd"], entry["previous_ytd"], 2)
            if entry and entry["previous_ytd"]
            else None
        )
    return found


def started(figures: Figures) -> dict:
    """Projects started or resumed (开复工) in the year to date, as the headline counts them."""
    regions = figures.investment["regions"]
    return {rid: Decimal(regions[rid]["started_count"]) if rid in regions else Decimal(0) for rid in figures.region_ids}


def _count_by_region(queryset, region_path: str, **annotations) -> dict:
    rows = queryset.values(region_path).annotate(**annotations).order_by()
    return {row[region_path]: row for row in rows}


def new_starts(figures: Figures) -> dict:
    """Projects started for the first time this year by the period's end (新开工, from their actual start date)."""
    from projects.models import Project

    period = figures.period
    projects = Project.objects.filter(
        region_id__in=figures.region_ids, actual_start__gte=_year_start(period), actual_start__lte=period.end
    )
    rows = _count_by_region(projects, "region_id", n=Count("pk"))
    return {rid: Decimal(rows[rid]["n"]) if rid in rows else Decimal(0) for rid in figures.region_ids}


def continuing(figures: Figures) -> dict:
    """Projects reporting work this year that started before it (续建)."""
    from scheduling.choices import STARTED_SITE_STATUSES

    reports = figures.reports().filter(
        site_status__in=STARTED_SITE_STATUSES, project__actual_start__lt=_year_start(figures.period)
    )
    rows = _count_by_region(reports, "project__region_id", n=Count("project", distinct=True))
    return {rid: Decimal(rows[rid]["n"]) if rid in rows else Decimal(0) for rid in figures.region_ids}


def not_started(figures: Figures) -> dict:
    """Projects due to start this year by the period's end that have not started (deducted in most schemes)."""
    from projects.models import Project

    period = figures.period
    late = Q(actual_start__isnull=True) | Q(actual_start__gt=period.end)
    projects = Project.objects.filter(
        late, region_id__in=figures.region_ids, planned_start__gte=_year_start(period), planned_start__lte=period.end
    )
    rows = _count_by_region(projects, "region_id", n=Count("pk"))
    return {rid: Decimal(rows[rid]["n"]) if rid in rows else Decimal(0) for rid in figures.region_ids}


def big_projects(figures: Figures) -> dict:
    """Projects of 1亿元 and above (total investment) started or resumed this year."""
    from scheduling.choices import STARTED_SITE_STATUSES

    reports = figures.reports().filter(
        site_status__in=STARTED_SITE_STATUSES, project__total_investment__gte=BIG_PROJECT
    )
    rows = _count_by_region(reports, "project__region_id", n=Count("project", distinct=True))
    return {rid: Decimal(rows[rid]["n"]) if rid in rows else Decimal(0) for rid in figures.region_ids}


def key_progress(figures: Figures) -> dict:
    """Plan completion (%) of the key projects (重点项目库): their year to date ÷ their annual plans."""
    from projects.choices import Library
    from projects.libraries import library_q
    from projects.models import InvestmentPlan, Project

    key = Project.objects.filter(library_q(Library.KEY), region_id__in=figures.region_ids)
    done = _count_by_region(figures.reports().filter(project__in=key), "project__region_id", total=Sum("month_amount"))
    plans = _count_by_region(
        InvestmentPlan.objects.filter(project__in=key, year=figures.period.year),
        "project__region_id",
        total=Sum("amount"),
    )
    return {
        rid: percent(cents(done.get(rid, {}).get("total")), cents(plans[rid]["total"]), 2) if rid in plans else None
        for rid in figures.region_ids
    }


def problems_on_time(figures: Figures) -> dict:
    """Share (%) of the problems due this year by the period's end that were solved by their deadline."""
    from django.db.models import F

    from stewardship.models import Problem

    period = figures.period
    due = Problem.objects.filter(
        project__region_id__in=figures.region_ids, deadline__gte=_year_start(period), deadline__lte=period.end
    )
    on_time = Q(solved_on__isnull=False, solved_on__lte=F("deadline"))
    rows = _count_by_region(due, "project__region_id", n=Count("pk"), ok=Count("pk", filter=on_time))
    return {rid: percent(rows[rid]["ok"], rows[rid]["n"], 2) if rid in rows else None for rid in figures.region_ids}


def reports_on_time(figures: Figures) -> dict:
    """Share (%) of this year's counted monthly reports that were submitted on time."""
    rows = _count_by_region(
        figures.reports(), "project__region_id", n=Count("pk"), ok=Count("pk", filter=Q(is_late=False))
    )
    return {rid: percent(rows[rid]["ok"], rows[rid]["n"], 2) if rid in rows else None for rid in figures.region_ids}


def plan_size(figures: Figures) -> dict:
    """Construction projects by the size of this year's plan, counted per band (≥10亿, 5–10亿, 1–5亿, <1亿)."""
    from projects.choices import Library
    from projects.libraries import library_q
    from projects.models import InvestmentPlan, Project

    plans = InvestmentPlan.objects.filter(
        year=figures.period.year,
        project__in=Project.objects.filter(library_q(Library.CONSTRUCTION), region_id__in=figures.region_ids),
    )
    bands = {}
    upper = None
    for index, lower in enumerate(PLAN_BANDS):
        band = Q(amount__gte=lower) if upper is None else Q(amount__gte=lower, amount__lt=upper)
        bands[f"b{index}"] = Count("pk", filter=band)
        upper = lower
    rows = _count_by_region(plans, "project__region_id", **bands)
    empty = (0,) * len(PLAN_BANDS)
    return {
        rid: tuple(rows[rid][f"b{i}"] for i in range(len(PLAN_BANDS))) if rid in rows else empty
        for rid in figures.region_ids
    }


MEASURES = {
    m.code: m
    for m in (
        Measure("plan_completion", _("年度计划完成率"), "%", plan_completion),
        Measure("schedule_ratio", _("完成序时进度"), "%", schedule_ratio),
        Measure("yoy_growth", _("累计投资同比增速"), "%", yoy_growth),
        Measure("started", _("开复工项目数"), "个", started),
        Measure("new_starts", _("新开工项目数"), "个", new_starts),
        Measure("continuing", _("续建项目数"), "个", continuing),
        Measure("not_started", _("应开未开项目数"), "个", not_started),
        Measure("big_projects", _("亿元以上项目数"), "个", big_projects),
        Measure("key_progress", _("重点项目计划完成率"), "%", key_progress),
        Measure("problems_on_time", _("问题按时办结率"), "%", problems_on_time),
        Measure("reports_on_time", _("月报按时报送率"), "%", reports_on_time),
        Measure(
            "plan_size", _("年度计划投资规模"), "个", plan_size, bands=("≥10亿元", "5—10亿元", "1—5亿元", "<1亿元")
        ),
    )
}
