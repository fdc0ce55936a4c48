"""End-to-end check in a real browser: log in, filter the project list, open a project, and see Chinese rendered.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright's sync API against pytest-django's live server.
Run only these with `pytest -m browser`; they skip when Chromium is not installed.
"""

import datetime as dt
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "demo-2024"
TIMEOUT_MS = 10_000

# The keyword matches the first 鲅鱼圈区 project and the 盖州市 one, but not the second 鲅鱼圈区 project: the filter
# must drop that one, and byq_clerk's scope (鲅鱼圈区 only) must drop the 盖州市 one.
KEYWORD = "冷链物流"
BYQ_MATCH = "鲅鱼圈冷链物流园一期工程"
BYQ_OTHER = "鲅鱼圈海洋牧场示范区"
GZ_MATCH = "盖州冷链物流中心建设项目"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture(scope="module", autouse=True)
def _restore(restore_reference_data):
    """live_server makes these tests transactional; the reference data is loaded again after the module."""


@pytest.fixture
def sample_projects(reference_data):
    """Yingkou's organisations, the demo accounts, and three projects in two regions."""
    from projects.testing import make_project

    return {
        "byq_match": make_project(name=BYQ_MATCH, owner="营口港冷链物流有限公司", region="210804"),
        "byq_other": make_project(
            name=BYQ_OTHER,
            owner="鲅鱼圈区海洋渔业发展有限公司",
            region="210804",
            stage="new_start",
            actual_start=dt.date(2024, 4, 1),
        ),
        "gz_match": make_project(name=GZ_MATCH, owner="盖州市冷链物流有限公司", region="210881"),
    }


@pytest.fixture
def chromium_page(monkeypatch, live_server, sample_projects):
    """A fresh headless Chromium page; closed before the database is flushed."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, which Django's ORM would otherwise refuse.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


def log_in(page, base_url: str, username: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"://[^/]+/$"))  # the home page (core.registry widgets)
    expect(page.get_by_test_id("current-user")).to_contain_text("李海燕")


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium actually used to draw the text of the element (from DevTools, not CSS guesses)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"{selector} not found"
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()


def test_clerk_filters_projects_and_reads_one_in_chinese(chromium_page, live_server, sample_projects, tmp_path):
    from playwright.sync_api import expect

    page = chromium_page

    log_in(page, live_server.url, "byq_clerk")
    expect(page.get_by_test_id("widget-headline")).to_contain_text("主要指标")
    expect(page.get_by_test_id("widget-libraries")).to_contain_text("建设项目库")

    page.goto(f"{live_server.url}/projects/")
    table = page.get_by_test_id("project-table")
    expect(table).to_contain_text(BYQ_MATCH)
    expect(table).to_contain_text(BYQ_OTHER)
    expect(table).not_to_contain_text(GZ_MATCH)

    form = page.get_by_test_id("filter-form")
    form.locator("input[name=q]").fill(KEYWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"[?&]q="))
    expect(table).to_contain_text(BYQ_MATCH)
    expect(table).not_to_contain_text(BYQ_OTHER)
    expect(table).not_to_contain_text(GZ_MATCH)
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"共\s*1\s*条"))

    table.get_by_role("link", name=BYQ_MATCH).click()
    page.wait_for_url(re.compile(rf"/projects/{sample_projects['byq_match'].pk}/$"))
    heading = page.locator("h1")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text(BYQ_MATCH)
    expect(page.get_by_text("所在项目库及原因")).to_be_visible()
    expect(page.get_by_test_id("project-fields")).to_contain_text("鲅鱼圈区")

    # The stylesheet arrived (Bootstrap gives h1.h4 a computed font size of 1.5rem = 24px, not the UA's 32px).
    assert page.eval_on_selector("h1", "h => getComputedStyle(h).fontSize") == "24px"

    # Chinese was drawn with a CJK font, not as boxes: ask Chromium which platform fonts drew the heading's text.
    fonts = platform_fonts(page, "h1")
    cjk = [f for f in fonts if "CJK" in f["familyName"] and f["glyphCount"] > 0]
    assert cjk, f"no CJK font drew the heading; Chromium used {fonts}"
    assert sum(f["glyphCount"] for f in cjk) >= len(BYQ_MATCH)

    # And, independently of DevTools: on a canvas in the heading's font, Chinese characters leave ink, differ from
    # each other and from what a codepoint without any glyph looks like (a box or nothing).
    glyphs = page.evaluate(
        """() => {
            const family = getComputedStyle(document.querySelector("h1")).fontFamily;
            const draw = (text) => {
                const canvas = document.createElement("canvas");
                canvas.width = 64; canvas.height = 64;
                const ctx = canvas.getContext("2d");
                ctx.font = "40px " + family;
                ctx.fillText(text, 4, 48);
                const alpha = Array.from(ctx.getImageData(0, 0, 64, 64).data).filter((_, i) => i % 4 === 3);
                return {ink: alpha.filter((a) => a > 0).length, pixels: alpha.join(",")};
            };
            const missing = draw("\\u{10FFFD}").pixels;
            return ["鲅", "项", "目"].map((ch) => {
                const glyph = draw(ch);
                return {ch, ink: glyph.ink, likeMissing: glyph.pixels === missing, pixels: glyph.pixels};
            });
        }"""
    )
    for glyph in glyphs:
        assert glyph["ink"] > 50 and not glyph["likeMissing"], f"{glyph['ch']} renders like a missing glyph"
    assert len({glyph["pixels"] for glyph in glyphs}) == len(glyphs), "different Chinese characters look the same"

    screenshot = tmp_path / "project_detail.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_clerk_gets_404_for_another_regions_project(chromium_page, live_server, sample_projects):
    from playwright.sync_api import expect

    page = chromium_page

    log_in(page, live_server.url, "byq_clerk")
    own = page.goto(f"{live_server.url}/projects/{sample_projects['byq_match'].pk}/")
    assert own.status == 200
    response = page.goto(f"{live_server.url}/projects/{sample_projects['gz_match'].pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(GZ_MATCH)


def test_clerk_reports_the_month_in_the_browser(chromium_page, live_server, sample_projects):
    """The clerk's month: save one row through htmx (a refused figure first), then submit the month."""
    from playwright.sync_api import expect

    from projects.testing import make_project
    from scheduling.models import MonthlyReport

    project = make_project(
        name="鲅鱼圈港区集装箱码头改造工程", stage="continuing", actual_start=dt.date(2023, 3, 1), region="210804"
    )
    page = chromium_page
    log_in(page, live_server.url, "byq_clerk")
    page.goto(f"{live_server.url}/scheduling/210804/2024-05/")
    row = page.get_by_test_id(f"row-{project.pk}")
    expect(row).to_contain_text("未填报")

    row.locator("input[name=month_amount]").fill("-3")
    row.get_by_role("button", name="保存").click()
    row = page.get_by_test_id(f"row-{project.pk}")
    expect(row).to_contain_text("本月完成投资不能为负数")

    row.locator("input[name=month_amount]").fill("256.5")
    row.locator("input[name=progress]").fill("堆场地基处理完成 80%")
    row.get_by_role("button", name="保存").click()
    row = page.get_by_test_id(f"row-{project.pk}")
    expect(row).to_contain_text("已保存（第 1 版）")
    expect(row.locator("input[name=ytd_amount]")).to_have_value("256.50")

    page.get_by_test_id("submit-month").click()
    expect(page.locator(".alert-success")).to_contain_text("已报送 1 个项目的调度表")
    assert MonthlyReport.objects.get(project=project).status == "submitted"
