"""Which map the dashboard draws: the configured city's county-level boundaries, by its division code.

Boundaries ship as static files `dashboard/static/dashboard/geo/<city code>.json` (GeoJSON, a feature per
county-level division, `id` its division code, `properties.name` its name). Yingkou's (210800) is
`../shared/data/geo/yingkou_210800_echarts_china_cities_mit.geojson` from echarts-china-cities (MIT licence, see
the README beside it), coordinates rounded to 5 decimals. A city without a file gets the dashboard without a map
(its tables stay).
"""

import json
from functools import cache
from pathlib import Path

from django.templatetags.static import static

from core.choices import RegionKind
from core.models import Region

GEO_DIR = Path(__file__).resolve().parent / "static" / "dashboard" / "geo"


@cache
def _codes(code: str) -> tuple[str, ...]:
    path = GEO_DIR / f"{code}.json"
    if not path.exists():
        return ()
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return tuple(str(feature.get("id") or feature["properties"].get("code", "")) for feature in features)


def city_map() -> dict | None:
    """{"code", "url", "codes"} of the configured city's boundaries, or None when none ships for it."""
    city = Region.objects.filter(kind=RegionKind.CITY).order_by("sort_order", "code").values_list("code", flat=True)
    code = city.first()
    if not code or not _codes(code):
        return None
    return {"code": code, "url": static(f"dashboard/geo/{code}.json"), "codes": list(_codes(code))}
