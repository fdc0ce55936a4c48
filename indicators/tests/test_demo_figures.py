"""The demo reproduces every figure of the seed's 攻坚突破 list for May 2024 through the product's own
computation: growth computed from the stored May 2023 values, the investment headline from scheduling."""

import datetime as dt

import pytest

from indicators.choices import Origin
from indicators.figures import figures
from indicators.services import midyear_data
from stewardship.statistics import Period, statistics

pytestmark = pytest.mark.django_db
PERIOD = dt.date(2024, 5, 1)

# code → (value as published, growth as published or None, origin of the growth)
SEED = {
    "projects_started": ("591", None, None),
    "investment_ytd": ("203.1", "7.5", Origin.COMPUTED),
    "tech_innovation_projects": ("152", None, None),
    "innovation_product_firms": ("15", None, None),
    "innovation_products": ("16", None, None),
    "factories_5g": ("13", None, None),
    "pilot_zones_5g": ("5", None, None),
    "internet_platforms": ("2", None, None),
    "green_factories": ("12", None, None),
    "green_parks": ("1", None, None),
    "new_srdi_firms": ("17", None, None),
    "little_giants": ("12", None, None),
    "quality_benchmarks": ("3", None, None),
    "design_centres": ("2", None, None),
    "new_tech_smes": ("237", None, None),
    "provincial_tech_needs": ("62", None, None),
    "city_tech_needs": ("33", None, None),
    "soft_research": ("17", None, None),
    "tech_contracts": ("8", None, None),
    "tech_transfers": ("30", None, None),
    "award_nominations": ("19", "30", Origin.REPORTED),
    "tech_service_revenue": (None, "21", Origin.REPORTED),
    "tech_service_wages": (None, "8", Origin.REPORTED),
    "grain_area": ("139.37", None, None),
    "vegetables": ("18.4", "3", Origin.COMPUTED),
    "fruit": ("18.27", "2.5", Origin.COMPUTED),
    "pork": ("1.63", "15.28", Origin.COMPUTED),
    "poultry": ("11.77", "1.36", Origin.COMPUTED),
    "pigs_slaughtered": ("18.24", "7.1", Origin.COMPUTED),
    "aquatic_products": ("19.37", "2.96", Origin.COMPUTED),
    "promotions": ("200", None, None),
    "consumption_themes": ("12", None, None),
    "culture_events": ("700", None, None),
    "mayday_visitors": ("334.37", "126.39", Origin.COMPUTED),
    "mayday_revenue": ("29.04", "180.85", Origin.COMPUTED),
    "exempt_policies": ("27", None, None),
    "exempt_paid": ("4900", None, None),
    "one_thing_done": ("28967", None, None),
    "hotline_direct_reply": ("74.45", None, None),
    "hotline_resolution": ("97.53", None, None),
    "hotline_satisfaction": ("85.4", None, None),
    "new_urban_jobs": ("10452", None, None),
    "reemployment": ("11290", None, None),
    "hard_to_employ": ("2473", None, None),
    "zero_job_households": ("0", None, None),
    "youth_trainee_posts": ("383", None, None),
    "new_market_entities": ("4300", None, None),
    "market_entities": ("30.72", "4.35", Origin.COMPUTED),
}
TEXTS = {"promotions": "200多场", "culture_events": "700余场", "exempt_paid": "超过4900万元", "vegetables": "18.4万吨"}


def solved_by_may() -> int:
    """The stewardship statistics' own count of problems solved January to May 2024 (the seed's 38 is June's)."""
    (city,) = statistics(Period(dt.date(2024, 1, 1), dt.date(2024, 5, 31)), "city")
    return city["solved"]


def test_every_seed_figure_comes_out_of_the_computation(demo_data):
    items = {item["indicator"].code: item for item in figures(PERIOD)}
    got = {
        code: (
            None if item["shown"] is None else str(item["shown"]),
            None if item["growth"] is None else str(item["growth"]),
            item["growth_origin"],
        )
        for code, item in items.items()
    }
    assert got.pop("projects_started")[0] == "591"  # its growth is computed, the seed prints none
    assert got.pop("problems_solved") == (str(solved_by_may()), None, None)
    assert got == {code: figure for code, figure in SEED.items() if code != "projects_started"}
    assert items["investment_ytd"]["origin"] == Origin.COMPUTED and items["investment_ytd"]["record"] is None
    assert items["pork"]["origin"] == Origin.ENTERED and not any(item["flags"] for item in items.values())


def test_the_province_rank_is_an_entered_fact_with_its_source(demo_data):
    (item,) = [item for item in figures(PERIOD) if item["indicator"].code == "investment_ytd"]
    assert item["rank"].rank == 5 and "辽宁日报" in item["rank"].source


def test_midyear_data_carries_every_seed_figure(demo_data):
    data = midyear_data(PERIOD)
    assert data["period"] == "2024-05" and data["months"] == 5
    bullets = {line["code"]: line for category in data["categories"] for line in category["bullets"]}
    assert bullets.pop("problems_solved")["value"] == str(solved_by_may())
    assert {code: (line["value"], line["growth"], line["growth_origin"]) for code, line in bullets.items()} == SEED
    assert {code: bullets[code]["text"] for code in TEXTS} == TEXTS
    headline = {line["code"]: line for line in data["headline"]}
    assert (headline["projects_started"]["value"], headline["projects_started"]["origin"]) == ("591", "computed")
    investment = headline["investment_ytd"]
    assert (investment["value"], investment["growth"], investment["rank"]["rank"]) == ("203.1", "7.5", 5)
    assert (headline["new_market_entities"]["value"], headline["market_entities"]["text"]) == ("4300", "30.72万户")
    assert headline["market_entities"]["growth"] == "4.35"
    assert [category["name"] for category in data["categories"]][:4] == ["项目建设", "工业", "科技", "农业"]
    assert data["notes"] == []


def test_the_page_and_the_api_show_the_same_figures(demo_data, client, api_as):
    from core.testing import user_for

    client.force_login(user_for("leader"))
    page = client.get("/indicators/?period=2024-05").content.decode()
    for text in ("203.1", "591", "15.28", "126.39", "334.37", "74.45", "4.35", "增速第5", "data-spark"):
        assert text in page, text
    figures_api = api_as("leader").get("/api/indicators/figures/?period=2024-05").json()["figures"]
    pork = next(item for item in figures_api if item["code"] == "pork")
    assert (pork["value"], pork["growth_pct"], pork["growth_origin"]) == ("1.63", "15.28", "computed")
    client.force_login(user_for("zrzy"))  # 自然资源局 owns no indicator: it sees none of the figures
    assert "15.28" not in client.get("/indicators/?period=2024-05").content.decode()
