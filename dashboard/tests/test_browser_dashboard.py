"""The dashboard in Debian's Chromium on the whole demo, at a laptop (1440×900), a tablet (1024×768), a phone
(390×844) and the wall screen (1920×1080): the map's canvas is drawn inside every county-level division, each
division is named, nothing sticks out of the viewport, and the leader's story works — the city on 2024-05-31,
tap 鲅鱼圈区, see its projects and rank, tap a red project, reach its page. With GONGJIAN_SCREENSHOTS=<dir> every
view is saved as <dir>/dashboard-<view>-<width>x<height>.png."""

import re

import pytest

from tests.browser.test_browser import CHROMIUM
from tests.browser.test_responsive import _restore, browser, check_fits, demo, open_as  # noqa: F401, F811

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]

DIVISIONS = ["站前区", "西市区", "鲅鱼圈区", "老边区", "盖州市", "大石桥市"]
VIEWPORTS = [(1440, 900), (1024, 768), (390, 844), (1920, 1080)]

# For each division: its label's centre in page pixels and whether the map's own canvas (the lowest layer, the
# areas) is painted there — an opaque pixel that is not the page's white.
MAP_PIXELS = """
() => {
    const chart = window.gongjianMap;
    const node = document.querySelector("[data-testid=dashboard-map]");
    const canvas = node.querySelector("canvas");
    const ctx = canvas.getContext("2d");
    const box = canvas.getBoundingClientRect();
    const ratio = canvas.width / box.width;
    const found = {};
    const names = chart.getOption().series[2].data;
    for (const item of names) {
        const [x, y] = chart.convertToPixel({ geoIndex: 0 }, item.value);
        const [r, g, b, a] = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
        found[item.name] = {
            x: box.left + x + window.scrollX, y: box.top + y + window.scrollY,
            painted: a > 0 && !(r > 245 && g > 245 && b > 245),
            rgb: [r, g, b],
        };
    }
    return found;
}
"""

# The page pixel of the first red project point, in the points' layer.
RED_POINT = """
() => {
    const chart = window.gongjianMap;
    const box = document.querySelector("[data-testid=dashboard-map] canvas").getBoundingClientRect();
    const red = chart.getOption().series[1].data.find((p) => p.light === "red");
    if (!red) return null;
    const [x, y] = chart.convertToPixel({ geoIndex: 0 }, [red.value[0], red.value[1]]);
    return { x: box.left + x, y: box.top + y, name: red.name };
}
"""


def drawn(page):
    from playwright.sync_api import expect

    expect(page.locator("[data-testid=dashboard-map][data-drawn='1']")).to_have_count(1)
    return page.evaluate(MAP_PIXELS)


def test_the_dashboard_at_four_sizes_and_the_leaders_story(browser, live_server, settings):  # noqa: F811
    from playwright.sync_api import expect

    problems = []
    for width, height in VIEWPORTS:
        page = open_as(browser, live_server.url, (width, height), "leader_zhang")
        wall = (width, height) == (1920, 1080)
        page.goto(f"{live_server.url}/dashboard/{'wall/' if wall else ''}?month=2024-05")
        expect(page.get_by_test_id("tile-started")).to_contain_text("591")
        expect(page.get_by_test_id("tile-ytd")).to_contain_text("203.10")
        expect(page.get_by_test_id("tile-yoy")).to_contain_text("7.5%")
        pixels = drawn(page)
        assert sorted(pixels) == sorted(DIVISIONS), f"divisions named on the map at {width}: {sorted(pixels)}"
        blank = [name for name, where in pixels.items() if not where["painted"]]
        assert not blank, f"the map is blank inside {blank} at {width}×{height}"
        # Under the default measure (plan completion) a division with a value is drawn in the ramp's colour, never
        # in a grey that reads as "no data".
        rows = {row["name"]: row for row in page.evaluate("window.gongjianDashboard.regions")}
        for name in DIVISIONS:
            if rows.get(name, {}).get("completion_pct") is not None:
                r, g, b = pixels[name]["rgb"]
                assert max(r, g, b) - min(r, g, b) > 25, f"{name} is drawn grey ({r}, {g}, {b}) at {width}×{height}"
        # Each division is named in the map's accessible description and in its table view.
        for name in DIVISIONS:
            expect(page.get_by_test_id("region-table")).to_contain_text(name)
        # The map's table view is written from the page's JSON when opened: a row per point, each a link.
        points = page.evaluate("window.gongjianDashboard.projects.length")
        page.get_by_test_id("project-details").locator("summary").click()
        expect(page.get_by_test_id("project-table").locator("tbody tr")).to_have_count(points)
        expect(page.get_by_test_id("project-table").locator("tbody tr a").first).to_have_attribute(
            "href", re.compile(r"^/projects/\d+/$")
        )
        page.get_by_test_id("project-details").locator("summary").click()
        if wall:
            assert page.locator("[data-testid=navbar]").is_hidden()
            # The wall screen shows everything at once: nothing below the fold.
            tall = page.evaluate("document.documentElement.scrollHeight")
            assert tall <= height, f"the wall is {tall} px tall on a {height} px screen"
        if width == 390:
            # Map first, then the tiles, stacked.
            map_box = page.get_by_test_id("dashboard-map").bounding_box()
            tiles_box = page.get_by_test_id("tiles").bounding_box()
            assert map_box["y"] < tiles_box["y"]
        check_fits(page, f"dashboard-{'wall' if wall else 'city'}", problems)
        # A tap on 鲅鱼圈区's name opens its view.
        page.evaluate("(y) => window.scrollTo(0, y - 200)", pixels["鲅鱼圈区"]["y"])
        where = page.evaluate(MAP_PIXELS)["鲅鱼圈区"]
        page.mouse.click(where["x"] - page.evaluate("window.scrollX"), where["y"] - page.evaluate("window.scrollY"))
        page.wait_for_url(re.compile(r"/dashboard/district/\d+/\?month=2024-05"))
        expect(page.get_by_test_id("dashboard-title")).to_contain_text("鲅鱼圈区")
        expect(page.get_by_test_id("district-rank")).to_contain_text("名")
        district = drawn(page)
        assert list(district) == ["鲅鱼圈区"] and district["鲅鱼圈区"]["painted"]
        check_fits(page, "dashboard-district", problems)
        if (width, height) == (1024, 768):
            # The tablet: tap a red project on the map and reach its page with the plan chart and problems.
            page.get_by_test_id("dashboard-map").scroll_into_view_if_needed()
            red = page.evaluate(RED_POINT)
            assert red, "鲅鱼圈区 shows no red project"
            page.mouse.click(red["x"], red["y"])
            page.wait_for_url(re.compile(r"/projects/\d+/$"))
            expect(page.locator("h1")).to_be_visible()
        page.context.close()
    assert not problems, "\n".join(problems)
