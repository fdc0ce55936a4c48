"""The "race" section of `gongjian summary`, the summary API and the library overview: each region's place in the
latest published ranking of the default monthly scheme up to the as-of date (a published figure, read not
recomputed, so the overview costs two queries whatever the data)."""

import datetime as dt

from core.clock import today
from race.periods import Period

EMPTY = {"rank": None, "group": None, "score": None, "light": None, "lists": []}


def latest_published(as_of: dt.date, period_kind: str = "month"):
    """The latest publication of the default scheme whose period had ended by `as_of` (None without one)."""
    from race.models import RacePublication
    from race.services import default_scheme

    scheme = default_scheme(period_kind)
    if scheme is None:
        return None
    candidates = RacePublication.objects.filter(scheme__code=scheme.code).order_by("-period", "-published_at", "-pk")
    for publication in candidates.only("pk", "period", "number", "snapshot", "published_at")[:24]:
        if Period.parse(publication.period).end <= as_of:
            return publication
    return None


def summary_section(as_of: dt.date | None, region_ids=None) -> dict:
    """{"city": {scheme, period, number, summons}, "regions": {region_id: {rank, group, score, light, lists}}}."""
    publication = latest_published(as_of or today())
    if publication is None:
        return {"city": {"scheme": None, "period": None, "number": None, "summons": []}, "regions": {}, "empty": EMPTY}
    snapshot = publication.snapshot
    regions = {
        row["region_id"]: {key: row[key] for key in ("rank", "group", "score", "light", "lists")}
        for row in snapshot["rows"]
        if region_ids is None or row["region_id"] in region_ids
    }
    city = {
        "scheme": snapshot["scheme"],
        "period": snapshot["period"],
        "number": publication.number,
        "summons": snapshot["summons"],
    }
    return {"city": city, "regions": regions, "empty": EMPTY}
