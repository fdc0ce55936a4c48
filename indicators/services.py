"""The mid-year report's data (年中答卷), for the documents app to write from: plain data only.

`midyear_data(period, user)` gives the headline figures, the categories with their indicator bullets (name,
value, unit, growth, province rank with its source), each marked computed / entered / reported, and notes for
the editor about figures left out (no value, not yet reviewed). Every number is the one `indicators.figures`
computes for the page and the API.
"""

import datetime as dt

from django.utils.translation import gettext as _

from indicators.choices import Origin, Qualifier
from indicators.figures import figures
from scheduling.choices import LOCKED_STATUSES, ReportStatus


def text_of(indicator, shown, qualifier: str) -> str:
    """The figure as the seed writes it: 18.4万吨, 700余场, 超过4900万元."""
    if qualifier == Qualifier.OVER:
        return f"{qualifier}{shown}{indicator.unit}"
    return f"{shown}{qualifier}{indicator.unit}"


def bullet(item: dict) -> dict:
    """One indicator's line of the report as plain data."""
    indicator, rank = item["indicator"], item["rank"]
    shown = item["shown"]
    growth = item["growth"] if indicator.publish_growth else None
    return {
        "code": indicator.code,
        "source": indicator.computed_by,
        "name": indicator.name,
        "value": None if shown is None else str(shown),
        "unit": indicator.unit,
        "qualifier": item["qualifier"],
        "text": None if shown is None else text_of(indicator, shown, item["qualifier"]),
        "origin": item["origin"],
        "growth": None if growth is None else str(growth),
        "growth_origin": None if growth is None else item["growth_origin"],
        "accumulation": indicator.accumulation,
        "flags": [str(flag) for flag in item["flags"]],
        "rank": None
        if rank is None
        else {"rank": rank.rank, "of_total": rank.of_total, "measure": rank.measure, "source": rank.source},
        "note": indicator.note,
    }


def _usable(item: dict) -> str | None:
    """Why the report leaves this figure out (a note for the editor), or None when it may print it."""
    indicator = item["indicator"]
    if item["origin"] == Origin.ENTERED and item["status"] not in LOCKED_STATUSES:
        status = ReportStatus(item["status"]).label if item["status"] else _("未填报")
        return _("「%(name)s」的数值尚未经市里审核（%(status)s），未写入报告。") % {
            "name": indicator.name,
            "status": status,
        }
    if item["value"] is None and item["growth"] is None:
        return _("「%(name)s」缺少本期数值，报告中略去。") % {"name": indicator.name}
    return None


def midyear_data(period: dt.date, user=None) -> dict:
    """{"period", "months", "headline": [bullets], "categories": [{code, name, lead, bullets}], "notes": [...]}
    for January to `period`'s month; `user` limits it to what they may see (None: the whole city)."""
    period = period.replace(day=1)
    items = figures(period, user=user)
    headline, categories, notes = [], [], []
    by_code = {}
    for item in items:
        reason = _usable(item)
        if reason:
            notes.append(reason)
            continue
        line = bullet(item)
        for flag in item["flags"]:
            notes.append(_("「%(name)s」：%(flag)s，请核实。") % {"name": item["indicator"].name, "flag": flag.label})
        if item["indicator"].headline:
            headline.append(line)
        category = item["indicator"].category
        if category.pk not in by_code:
            by_code[category.pk] = {"code": category.code, "name": category.name, "lead": category.lead, "bullets": []}
            categories.append(by_code[category.pk])
        by_code[category.pk]["bullets"].append(line)
    return {
        "period": f"{period:%Y-%m}",
        "year": period.year,
        "months": period.month,
        "headline": headline,
        "categories": categories,
        "notes": notes,
    }
