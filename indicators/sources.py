"""Where computed indicators come from: the lower apps' own services, called directly (indicators sits above
scheduling and stewardship, so they need not know it exists). Each source takes a period (a month's first day)
and the regions (None: the whole city) and returns the value for January to that month (year to date), or None.

A computed indicator names its source in `Indicator.computed_by`; its value is never stored or typed, so a page,
the API and the mid-year report show exactly what scheduling and stewardship compute.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from scheduling.calendar import month_end


@dataclass(frozen=True)
class IndicatorSource:
    """A computed indicator's source: its label and `function(period, region_ids) -> Decimal | None`."""

    key: str
    label: object
    function: Callable[[dt.date, list | None], Decimal | None]


def _investment(period: dt.date, region_ids):
    from scheduling.figures import investment_figures

    return investment_figures(month_end(period), region_ids)["city"]


def investment_ytd(period: dt.date, region_ids=None) -> Decimal | None:
    """Fixed-asset investment completed January to `period` (万元), from the submitted monthly reports."""
    return _investment(period, region_ids)["ytd"]


def projects_started(period: dt.date, region_ids=None) -> Decimal | None:
    """Projects started or resumed (开复工) January to `period`."""
    return Decimal(_investment(period, region_ids)["started_count"])


def _stewardship(period: dt.date, region_ids, figure: str) -> Decimal:
    """`figure` of the stewardship statistics from January 1 to the end of `period`: year to date, like every
    cumulative indicator, so last year's same months give its growth and earlier years never leak in."""
    from stewardship.statistics import Period, statistics

    (city,) = statistics(Period(period.replace(month=1, day=1), month_end(period)), "city", region_ids=region_ids)
    return Decimal(city[figure])


def problems_solved(period: dt.date, region_ids=None) -> Decimal | None:
    """Problems the stewards' teams solved, January to the end of `period`."""
    return _stewardship(period, region_ids, "solved")


def steward_site_visits(period: dt.date, region_ids=None) -> Decimal | None:
    """The city stewards' site visits, January to the end of `period`."""
    return _stewardship(period, region_ids, "steward_site_visits")


SOURCES = {
    source.key: source
    for source in (
        IndicatorSource("investment_ytd", _("固定资产投资完成额（月度调度）"), investment_ytd),
        IndicatorSource("projects_started", _("开复工项目数（月度调度）"), projects_started),
        IndicatorSource("problems_solved", _("项目管家解决难题数"), problems_solved),
        IndicatorSource("steward_site_visits", _("市级项目管家现场调研次数"), steward_site_visits),
    )
}


def source_choices() -> list[tuple[str, object]]:
    return [("", "---------")] + [(key, source.label) for key, source in SOURCES.items()]


def compute(indicator, period: dt.date, region_ids=None) -> Decimal | None:
    """The computed indicator's value for `period` (None for an entered one or an unknown source)."""
    source = SOURCES.get(indicator.computed_by)
    return None if source is None else source.function(period, region_ids)
