"""Investment figures from monthly reports: projects started or resumed (开复工), year-to-date investment, growth,
and the year's plan completion against 序时进度.

A month counts once it has ended by the as-of date, and only with figures the district has submitted (drafts and
returned reports do not count). Year-on-year growth compares the same months of the previous year. `gongjian
summary`, the summary API and the home page's headline block all read these functions.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core.cache import cached
from core.choices import RegionKind
from core.clock import today
from core.money import ZERO, cents, growth_pct, percent, round_pct, to_yi
from scheduling.calendar import add_months, month_end
from scheduling.choices import COUNTED_STATUSES, STARTED_SITE_STATUSES


def last_complete_period(as_of: dt.date) -> dt.date | None:
    """The last month ended by `as_of` within its year (None early in January, before any month has ended)."""
    period = as_of.replace(day=1)
    if month_end(period) != as_of:
        period = add_months(period, -1)
    return period if period.year == as_of.year else None


def counted_reports(year: int, last: dt.date | None, region_ids=None):
    """The reports that count in `year` from January to the month of `last` (none when no month has ended)."""
    from scheduling.models import MonthlyReport

    if last is None:
        return MonthlyReport.objects.none()
    reports = MonthlyReport.objects.filter(
        status__in=COUNTED_STATUSES, period__gte=dt.date(year, 1, 1), period__lte=last.replace(year=year)
    )
    if region_ids is not None:
        reports = reports.filter(project__region_id__in=region_ids)
    return reports


def _by_region(reports, months: list, started: bool = True) -> list[dict]:
    """[{region_id: (started, ytd)} for each of `months`]: the reports through each month, in one statement.

    `reports` run to the latest of `months`; an earlier month's sums and counts are aggregates filtered to it, so
    the months share one read of the rows (at province scale a statement's cost is reading its rows). A region
    with no report through a month is left out of that month, as a statement of its own would. Without `started`
    no project is counted (last year's figures need only the amounts; the distinct count is the dearest part).
    """
    in_work = Q(site_status__in=STARTED_SITE_STATUSES)
    top = max(months)
    aggregates = {}
    for index, month in enumerate(months):
        through = None if month == top else Q(period__lte=month)
        aggregates[f"ytd{index}"] = Sum("month_amount", filter=through)
        if started:
            counted = in_work if through is None else in_work & through
            aggregates[f"started{index}"] = Count("project", filter=counted, distinct=True)
    found = [{} for _month in months]
    for row in reports.values("project__region_id").annotate(**aggregates).order_by():
        for index, by_region in enumerate(found):
            if row[f"ytd{index}"] is not None:  # a SUM over no row: no report through this month
                by_region[row["project__region_id"]] = (row.get(f"started{index}", 0), cents(row[f"ytd{index}"]))
    return found


def entry(started: int = 0, ytd: Decimal = ZERO, previous_ytd: Decimal = ZERO) -> dict:
    """One place's figures: started/resumed count, year to date and the same months last year (万元), growth."""
    return {
        "started_count": started,
        "ytd": ytd,
        "previous_ytd": previous_ytd,
        "yoy_pct": growth_pct(ytd, previous_ytd),
    }


def _figures(as_of: dt.date, last: dt.date | None, now: dict, before: dict) -> dict:
    regions = {}
    for region_id in set(now) | set(before):
        started, ytd = now.get(region_id, (0, ZERO))
        regions[region_id] = entry(started, ytd, before.get(region_id, (0, ZERO))[1])
    city = entry(
        sum(e["started_count"] for e in regions.values()),
        sum((e["ytd"] for e in regions.values()), ZERO),
        sum((e["previous_ytd"] for e in regions.values()), ZERO),
    )
    return {"as_of": as_of, "through": last, "city": city, "regions": regions}


def investment_figures(as_of: dt.date | None = None, region_ids=None) -> dict:
    """{"city": figures, "regions": {region_id: figures}} for the year to `as_of` (today when None).

    A project lies in one region, so the city's figures are the sums of the regions'.
    """
    as_of = as_of or today()
    return investment_figures_at([as_of], region_ids)[as_of]


def investment_figures_at(dates, region_ids=None) -> dict:
    """{as_of: investment_figures(as_of)} for several dates, reading each year's reports once.

    The dates of one year share two statements (this year's reports to the latest month ended, last year's same
    months): the race ranks a month and recomputes the month before for the rank changes.
    """
    lasts = {as_of: last_complete_period(as_of) for as_of in dates}
    months_by_year = {}
    for last in lasts.values():
        if last is not None:
            months_by_year.setdefault(last.year, set()).add(last)
    read = {}
    for year, months in months_by_year.items():
        months = tuple(sorted(months))
        now, before = _year_reads(year, months, region_ids)
        for index, month in enumerate(months):
            read[month] = (now[index], before[index])
    return {as_of: _figures(as_of, last, *read.get(last, ({}, {}))) for as_of, last in lasts.items()}


def _year_reads(year: int, months: tuple, region_ids) -> tuple[list, list]:
    """(this year's, last year's same months) `_by_region` reads through each of `months`, kept under the data
    version (`core.cache`): the summary's investment, plan and indicators sections, the headline and the
    indicators' growth read the same months (today and the month's end alike), each read millions of reports at
    province scale."""

    def read():
        now = _by_region(counted_reports(year, months[-1], region_ids), list(months))
        before = _by_region(
            counted_reports(year - 1, months[-1], region_ids), [m.replace(year=year - 1) for m in months], False
        )
        return now, before

    regions = None if region_ids is None else tuple(sorted(set(region_ids)))
    return cached("scheduling.year_reads", (year, months, regions), read)


def figures_as_json(entry: dict) -> dict:
    """The published shape: {"started_count": 591, "ytd_yi": "203.10", "yoy_pct": "7.5"}."""
    return {
        "started_count": entry["started_count"],
        "ytd_yi": str(to_yi(entry["ytd"])),
        "yoy_pct": None if entry["yoy_pct"] is None else str(entry["yoy_pct"]),
    }


def as_section(figures: dict, as_json, empty: dict) -> dict:
    """A summary section (core.registry.register_summary_section): the city, each region and an empty place."""
    return {
        "city": as_json(figures["city"]),
        "regions": {region_id: as_json(item) for region_id, item in figures["regions"].items()},
        "empty": as_json(empty),
    }


def summary_section(as_of: dt.date | None, region_ids=None) -> dict:
    """The "investment" section of `gongjian summary` and the summary API, per city and per region."""
    return as_section(investment_figures(as_of, region_ids), figures_as_json, entry())


def _city(region_ids=None):
    """The city whose 序时 profile the city-wide figure follows (the parent of the regions, else any city)."""
    from core.models import Region

    cities = Region.objects.filter(kind=RegionKind.CITY)
    if region_ids:
        parents = Region.objects.filter(pk__in=region_ids).values("parent_id")
        cities = cities.filter(pk__in=parents) or cities
    return cities.order_by("sort_order", "code").first()


def _expected_pct(region, through: dt.date | None, profiles) -> Decimal | None:
    from scheduling.models.profiles import expected_share

    if through is None:
        return None
    share = expected_share(region, through, profiles)
    return round_pct(Decimal(share.numerator) / Decimal(share.denominator))


def plan_entry(plan: Decimal = ZERO, ytd: Decimal = ZERO, expected_pct: Decimal | None = None) -> dict:
    """One place's plan figures: the year's plan (万元), the share done and the share expected by now (%)."""
    return {"plan": plan, "completion_pct": percent(ytd, plan), "expected_pct": expected_pct}


def plan_totals(year: int, region_ids=None) -> dict:
    """{region_id: the sum of `year`'s annual investment plans of its projects in the construction library}."""
    from projects.choices import Library
    from projects.libraries import library_q
    from projects.models import InvestmentPlan, Project

    plans = InvestmentPlan.objects.filter(
        year=year, project__in=Project.objects.filter(library_q(Library.CONSTRUCTION))
    )
    if region_ids is not None:
        plans = plans.filter(project__region_id__in=region_ids)
    rows = plans.values("project__region_id").annotate(total=Sum("amount")).order_by()
    return {row["project__region_id"]: cents(row["total"]) for row in rows}


def plan_figures(
    as_of: dt.date | None = None, region_ids=None, investment: dict | None = None, planned: dict | None = None
) -> dict:
    """{"city": plan figures, "regions": {region_id: plan figures}}: plan completion against 序时进度.

    The plan is the sum of this year's annual investment plans of the projects in the construction library (the
    projects that report monthly, `plan_totals`, passed as `planned` by a caller that already has them); done is
    the year-to-date investment of `investment_figures`; expected is the region's seasonal profile
    (`expected_share`, the city's for the city) at the last month ended.
    """
    from core.models import Region
    from scheduling.models.profiles import Profiles

    as_of = as_of or today()
    investment = investment or investment_figures(as_of, region_ids)
    planned = plan_totals(as_of.year, region_ids) if planned is None else planned
    through, profiles = investment["through"], Profiles.load()
    regions = {}
    for region in Region.objects.filter(pk__in=set(planned) | set(investment["regions"])):
        ytd = investment["regions"].get(region.pk, entry())["ytd"]
        regions[region.pk] = plan_entry(planned.get(region.pk, ZERO), ytd, _expected_pct(region, through, profiles))
    city_plan = sum(planned.values(), ZERO)
    city = plan_entry(city_plan, investment["city"]["ytd"], _expected_pct(_city(region_ids), through, profiles))
    return {"as_of": as_of, "through": through, "city": city, "regions": regions}


def _pct_json(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def plan_as_json(entry: dict) -> dict:
    """The published shape: {"plan_yi": "412.00", "completion_pct": "49.3", "expected_pct": "45.0"}."""
    return {
        "plan_yi": str(to_yi(entry["plan"])),
        "completion_pct": _pct_json(entry["completion_pct"]),
        "expected_pct": _pct_json(entry["expected_pct"]),
    }


def plan_section(as_of: dt.date | None, region_ids=None) -> dict:
    """The "plan" section of `gongjian summary` and the summary API: plan completion against 序时, per place."""
    return as_section(plan_figures(as_of, region_ids), plan_as_json, plan_entry())


def headline(as_of: dt.date | None = None, district_ids=None) -> dict:
    """The headline block: 开复工, year to date, growth and plan against 序时, for the whole city and per district.

    The city row is always the whole city's (the circulars publish it); `district_ids` limits the district rows
    (None: every ranked district). The same functions as `gongjian summary`'s "investment" and "plan" sections.
    """
    from core.models import Region

    as_of = as_of or today()
    investment = investment_figures(as_of)
    plans = plan_figures(as_of, investment=investment)
    districts = Region.objects.ranked().order_by("sort_order", "code")
    if district_ids is not None:
        districts = districts.filter(pk__in=district_ids)
    rows = [
        {
            "region": region,
            **investment["regions"].get(region.pk, entry()),
            **plans["regions"].get(region.pk, plan_entry()),
        }
        for region in districts
    ]
    return {
        "as_of": as_of,
        "through": investment["through"],
        "city": {**investment["city"], **plans["city"]},
        "rows": rows,
    }


def project_month_series(project, year: int, user=None) -> dict | None:
    """One project's year month by month, for "一张图表" (the project page's panel, a steward's cards): the annual
    plan spread evenly (序时), each month's completed investment and the year's cumulative, in 万元 as strings
    (None for a month without a report); cut to the reports `user` may see when given; None without any data."""
    from core.permissions import VIEW, restrict
    from projects.models import InvestmentPlan
    from scheduling.models import MonthlyReport

    reports = MonthlyReport.objects.filter(project=project, period__year=year)
    if user is not None:
        reports = restrict(reports, user, VIEW)
    ytd_by_month = dict(reports.values_list("period__month", "ytd_amount"))
    plan = InvestmentPlan.objects.filter(project=project, year=year).values_list("amount", flat=True).first()
    if not ytd_by_month and plan is None:
        return None
    ytd, completed, previous = [], [], ZERO
    for month in range(1, 13):
        value = ytd_by_month.get(month)
        ytd.append(None if value is None else str(value))
        completed.append(None if value is None else str(value - previous))
        previous = value if value is not None else previous
    return {
        "year": year,
        "months": [f"{month}月" for month in range(1, 13)],
        "plan": [str(cents(plan * month / 12)) for month in range(1, 13)] if plan else [],
        "completed": completed,
        "ytd": ytd,
    }
