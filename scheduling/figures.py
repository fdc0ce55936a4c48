"""Investment figures from monthly reports: projects started or resumed (开复工), year-to-date investment, growth.

A month counts once it has ended by the as-of date, and only with figures the district has submitted (drafts and
returned reports do not count). Year-on-year growth compares the same months of the previous year.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core.clock import today
from core.money import ZERO, cents, growth_pct, to_yi
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


def _by_region(reports) -> dict:
    started = Q(site_status__in=STARTED_SITE_STATUSES)
    rows = reports.values("project__region_id").annotate(
        started=Count("project", filter=started, distinct=True), ytd=Sum("month_amount")
    )
    return {row["project__region_id"]: (row["started"], cents(row["ytd"])) for row in rows.order_by()}


def entry(started: int = 0, ytd: Decimal = ZERO, previous_ytd: Decimal = ZERO) -> dict:
    """One place's figures: started/resumed count, year to date and the same months last year (万元), growth."""
    return {
        "started_count": started,
        "ytd": ytd,
        "previous_ytd": previous_ytd,
        "yoy_pct": growth_pct(ytd, previous_ytd),
    }


def investment_figures(as_of: dt.date | None = None, region_ids=None) -> dict:
    """{"city": figures, "regions": {region_id: figures}} for the year to `as_of` (today when None).

    A project lies in one region, so the city's figures are the sums of the regions'.
    """
    as_of = as_of or today()
    last = last_complete_period(as_of)
    now = _by_region(counted_reports(as_of.year, last, region_ids))
    before = _by_region(counted_reports(as_of.year - 1, last, region_ids))
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


def figures_as_json(entry: dict) -> dict:
    """The published shape: {"started_count": 591, "ytd_yi": "203.10", "yoy_pct": "7.5"}."""
    return {
        "started_count": entry["started_count"],
        "ytd_yi": str(to_yi(entry["ytd"])),
        "yoy_pct": None if entry["yoy_pct"] is None else str(entry["yoy_pct"]),
    }


def summary_section(as_of: dt.date | None, region_ids=None) -> dict:
    """The "investment" section of `gongjian summary` and the summary API, per city and per region."""
    figures = investment_figures(as_of, region_ids)
    return {
        "city": figures_as_json(figures["city"]),
        "regions": {region_id: figures_as_json(item) for region_id, item in figures["regions"].items()},
        "empty": figures_as_json(entry()),
    }
