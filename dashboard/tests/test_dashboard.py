"""The dashboard on the Yingkou demo: the seed's headline on 2024-05-31, one dict for page and API, the district
view and its scope, the standings from the race's result, and a bad month refused with a message."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core import registry
from core.models import Region
from core.testing import user_for
from dashboard import services
from projects.models import Project

pytestmark = pytest.mark.django_db

MAY = "2024-05"


@pytest.fixture
def demo(demo_data, settings):
    settings.GONGJIAN_TODAY = "2024-06-30"


def byq() -> Region:
    return Region.objects.get(code="210804")


def embedded(client, response) -> dict:
    """The JSON the page draws its charts and the map's table from: its endpoint, named by the page (data-source)."""
    found = re.search(r'data-source="([^"]+)"', response.text)
    assert found, "the page names no data"
    answer = client.get(html.unescape(found.group(1)))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    return answer.json()


def test_the_city_on_31_may_2024_is_the_seeds_headline(demo, client):
    client.force_login(user_for("leader"))
    page = client.get(reverse("dashboard:index"), {"month": MAY})
    assert page.status_code == 200
    data = embedded(client, page)
    assert data["as_of"] == "2024-05-31" and data["month"] == MAY
    assert (data["tiles"]["started_count"], data["tiles"]["ytd_yi"], data["tiles"]["yoy_pct"]) == (591, "203.10", "7.5")
    assert 'data-testid="tile-started">591' in page.text and "203.10" in page.text
    # The trend's last ended month is the headline's year to date (the same counted reports).
    assert data["trend"]["current"][4] == "203.10" and data["trend"]["current"][5] is None
    # Every county-level division of the map has its row, and only the ranked regions are listed.
    on_map = {row["code"] for row in data["regions"] if row["on_map"]}
    assert on_map == {"210802", "210803", "210804", "210811", "210881", "210882"}
    assert set(data["months"]) >= {"2024-01", MAY, "2024-06"}
    # The map's points are judged projects with coordinates: never more than the warnings count.
    assert 0 < len(data["projects"]) <= sum(data["warnings"]["projects"].values())


def test_the_page_and_its_endpoint_serve_the_same_dict(demo, client):
    client.force_login(user_for("leader"))
    page = client.get(reverse("dashboard:district", args=[byq().pk]), {"month": MAY})
    api = client.get(reverse("dashboard-api:district", args=[byq().pk]), {"month": MAY})
    assert api.status_code == 200
    assert embedded(client, page) == api.json()
    city = client.get(reverse("dashboard-api:city"), {"month": MAY}).json()
    assert city == embedded(client, client.get(reverse("dashboard:index"), {"month": MAY}))


def test_a_district_view_shows_its_projects_rank_and_figures(demo, client):
    client.force_login(user_for("leader"))
    data = client.get(reverse("dashboard-api:district", args=[byq().pk]), {"month": MAY}).json()
    assert data["scope"] == {"level": "district", "region": {"id": byq().pk, "code": "210804", "name": "鲅鱼圈区"}}
    ids = {point["id"] for point in data["projects"]}
    assert ids and set(Project.objects.filter(pk__in=ids).values_list("region__code", flat=True)) == {"210804"}
    row = data["region"]
    assert row["name"] == "鲅鱼圈区" and data["tiles"]["ytd_yi"] == row["ytd_yi"]
    assert data["tiles"]["started_count"] == row["started_count"]
    # Its rank is the race's (the city's default monthly scheme), as the standings table shows it.
    standing = next(r for r in data["standings"]["rows"] if r["region_id"] == byq().pk)
    assert row["race_rank"] == standing["rank"] and row["race_score"] == standing["score"]
    # The district's own light is the one district counted in its view.
    assert sum(data["warnings"]["districts"].values()) == 1 and data["warnings"]["districts"][row["light"]] == 1
    page = client.get(reverse("dashboard:district", args=[byq().pk]), {"month": MAY})
    assert 'data-testid="standing-own"><td>鲅鱼圈区</td>' in page.text
    # Groups ranked separately (county-level districts, functional zones) are headed, so two "1"s read right.
    groups = list(dict.fromkeys(r["group"] for r in data["standings"]["rows"]))
    assert len(groups) > 1
    assert re.findall(r'data-testid="standing-group"><th[^>]*>([^<]+)</th>', page.text) == groups
    # A red project links to its page, where the plan chart and problems are.
    red = next(point for point in data["projects"] if point["light"] == "red")
    assert red["light_label"] == "红灯"
    project_page = client.get(red["url"])
    assert project_page.status_code == 200


def test_a_district_operator_gets_their_district_and_nothing_else(demo, client):
    client.force_login(user_for("byq"))
    response = client.get(reverse("dashboard:index"), {"month": MAY})
    assert response.status_code == 302
    assert response.url == f"{reverse('dashboard:district', args=[byq().pk])}?month={MAY}"
    gaizhou = Region.objects.get(code="210881")
    assert client.get(reverse("dashboard:district", args=[gaizhou.pk])).status_code == 404
    assert client.get(reverse("dashboard-api:district", args=[gaizhou.pk])).status_code == 404
    data = client.get(reverse("dashboard-api:district", args=[byq().pk]), {"month": MAY}).json()
    assert [row["name"] for row in data["regions"]] == ["鲅鱼圈区"]


def test_a_department_user_sees_their_projects_and_problems_only(demo, client):
    user = user_for("zrzy")
    client.force_login(user)
    data = client.get(reverse("dashboard-api:city"), {"month": MAY}).json()
    # The city's published headline, but no district figures (their view of a district is partial).
    assert data["tiles"]["started_count"] == 591 and data["regions"] == []
    ids = {point["id"] for point in data["projects"]}
    assert ids <= set(Project.objects.restrict(user).values_list("pk", flat=True))
    assert ids < set(Project.objects.values_list("pk", flat=True))
    from stewardship.models import Problem

    for row in data["problems"]["rows"]:
        assert Problem.objects.get(pk=row["id"]).department_id == user.department_id
    assert client.get(reverse("dashboard:district", args=[byq().pk])).status_code == 404


def test_leaders_land_on_the_dashboard_others_on_the_widgets(demo, client):
    client.force_login(user_for("leader"))
    assert 'data-testid="dashboard"' in client.get("/").text
    client.force_login(user_for("admin"))
    home = client.get("/")
    assert 'data-testid="dashboard"' not in home.text and 'data-testid="headline-city"' in home.text


def test_a_month_without_data_is_refused_with_a_message(demo, client):
    client.force_login(user_for("leader"))
    response = client.get(reverse("dashboard:index"), {"month": "2031-01"})
    assert response.status_code == 400
    assert "2031-01 没有已报送的月度数据" in response.text
    wrong = client.get(reverse("dashboard-api:city"), {"month": "五月"})
    assert wrong.status_code == 400 and "格式不对" in wrong.json()["month"][0]


def test_the_standings_are_the_race_result_as_the_contract_shapes_it(demo, client, monkeypatch):
    """The dashboard only reads the race's dict (a fixture of the contract's shape here)."""
    region = byq()
    row = {
        "region_id": region.pk,
        "region_code": "210804",
        "region": "鲅鱼圈区",
        "group": "县（市）区",
        "score": Decimal("87.50"),
        "rank": 1,
        "rank_change": 2,
        "light": "green",
        "items": {},
        "lists": ["red"],
    }
    last = {**row, "region_id": -1, "region": "某某区", "rank": 2, "rank_change": -1, "lists": ["summons"]}
    result = {
        "period": MAY,
        "period_kind": "month",
        "scheme": "营口市重大项目月度赛马（百分制）",
        "scheme_code": "yingkou-100",
        "scheme_version": 1,
        "published": False,
        "publication_id": None,
        "published_at": None,
        "items": [],
        "groups": [{"name": "县（市）区", "rows": [row, last]}],
        "rows": [row, last],
        "summons": ["某某区"],
    }
    monkeypatch.setattr(services, "standings", lambda as_of, user=None: result)
    client.force_login(user_for("leader"))
    page = client.get(reverse("dashboard:index"), {"month": MAY})
    data = embedded(client, page)
    assert data["standings"]["summons"] == ["某某区"]
    assert [(r["rank"], r["rank_change"], r["summoned"]) for r in data["standings"]["rows"]] == [
        (1, 2, False),
        (2, -1, True),
    ]
    byq_row = next(r for r in data["regions"] if r["id"] == region.pk)
    assert (byq_row["race_score"], byq_row["race_rank"]) == ("87.50", 1)
    assert "↑2" in page.text and "↓1" in page.text and "约谈名单：某某区" in page.text


def test_a_registered_home_page_answers_for_the_users_it_applies_to(client, monkeypatch):
    from django.http import HttpResponse

    monkeypatch.setattr(registry, "_home_pages", {})
    page = lambda request: HttpResponse("home for observers")  # noqa: E731
    registry.register_home_page("x", page, applies=lambda user: user.role == "observer")
    client.force_login(user_for("observer"))
    assert client.get("/").text == "home for observers"
    client.force_login(user_for("admin"))
    assert client.get("/").text != "home for observers"


def test_the_indicators_panel_is_the_indicators_figures_of_the_month(demo, client):
    from indicators.figures import figures

    client.force_login(user_for("leader"))
    page = client.get(reverse("dashboard:index"), {"month": MAY})
    panel = embedded(client, page)["indicators"]
    assert panel["period"] == MAY and panel["url"].endswith("?period=2024-05")
    headline = {row["code"]: row for row in panel["headline"]}
    # The seed's market entities: 4,300 new, 30.72万 in all, +4.35 % (entered by 市场监管局, growth computed).
    assert headline["new_market_entities"]["value"] == "4300"
    assert (headline["market_entities"]["value"], headline["market_entities"]["growth_pct"]) == ("30.72", "4.35")
    assert 'data-testid="indicator-market_entities"' in page.text
    # Every indicator of the month is counted once, under its category and light, as the indicators page judges it.
    items = figures(dt.date(2024, 5, 1), user=user_for("leader"))
    counted = sum(sum(row[light] for light in ("red", "yellow", "green", "grey")) for row in panel["categories"])
    assert counted == len(items) and len(panel["categories"]) == len({item["indicator"].category_id for item in items})
    # A district's view has no city-wide indicators panel.
    district = client.get(reverse("dashboard-api:district", args=[byq().pk]), {"month": MAY}).json()
    assert district["indicators"] is None
