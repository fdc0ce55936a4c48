"""The "indicators" section of `gongjian summary` and the summary API: the city's figures of the last month
ended, from `indicators.figures` (one code path with the page and the report)."""

import datetime as dt

from core.clock import today
from indicators.figures import figures
from scheduling.calendar import add_months, month_end


def _period(as_of: dt.date) -> dt.date:
    period = as_of.replace(day=1)
    return period if month_end(period) == as_of else add_months(period, -1)


def summary_section(as_of: dt.date | None, region_ids=None) -> dict:
    """{"city": {code: {"value", "growth_pct"}}, "regions": {}, "empty": {}}: city-level indicators only, so a
    district's rows are empty."""
    if region_ids is not None:
        return {"city": {}, "regions": {}, "empty": {}}  # published for the city as a whole
    period = _period(as_of or today())
    city = {
        item["indicator"].code: {
            "value": None if item["shown"] is None else str(item["shown"]),
            "growth_pct": None if item["growth"] is None else str(item["growth"]),
        }
        for item in figures(period)
    }
    return {"city": city, "regions": {}, "empty": {}}
