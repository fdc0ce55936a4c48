"""The main pages on a leader's phone (390 × 844), a tablet (1024 × 768) and a clerk's laptop (1280 × 800).

Against the whole Yingkou demo (long names, 154 rows on a month page) in Debian's Chromium: nothing may stick out
past the right edge of the viewport except inside a container that scrolls sideways (a list's `.table-responsive`),
the menu folds behind its button below 1200 px and is one row at 1280 px, the filters fold away on a phone, and a
money input on the month page holds a 10-digit amount. With GONGJIAN_SCREENSHOTS=<dir> set, every page is also saved
as <dir>/<page>-<width>x<height>.png for a person to look at.
"""

import os
import re
from pathlib import Path

import pytest

from tests.browser.test_browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, TIMEOUT_MS, _restore  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]

PHONE, TABLET, LAPTOP = (390, 844), (1024, 768), (1280, 800)
VIEWPORTS = [PHONE, TABLET, LAPTOP]
DEMO_TODAY = "2024-06-30"
# The month the demo's clerk still has to fill in (every row an input) and the month the city reviewed.
OPEN_MONTH, REVIEWED_MONTH = "2024-07", "2024-06"
TEN_DIGITS = "1234567890.12"

# Every element whose box reaches past the right (or left) edge of the viewport and that no ancestor clips or
# scrolls sideways: what a user would have to scroll the whole page for, or could not reach at all.
OFFENDERS = """
() => {
    const right = window.innerWidth + 1;
    const scrolls = (el) => {
        for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
            if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) return true;
        }
        return false;
    };
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "")
        + (el.dataset.testid ? `[${el.dataset.testid}]` : "");
    const found = [];
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if ((box.right > right || box.left < -1) && !scrolls(el)) {
            found.push(`${name(el)} ${Math.round(box.left)}..${Math.round(box.right)}`);
        }
    }
    return found.slice(0, 8);
}
"""


# Whether the element is what the browser draws at its centre (not covered, not clipped away).
ON_TOP = """
el => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
}
"""


@pytest.fixture
def demo(reference_data, settings):
    """The whole demo, committed so the live server's thread sees it; pages open as of the demo's last day."""
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", "load", stdout=StringIO())
    settings.GONGJIAN_TODAY = DEMO_TODAY
    from projects.models import Project

    # The project with the longest name in 鲅鱼圈区: the detail page's widest heading.
    from stewardship.models import Problem

    projects = Project.objects.filter(region__code="210804").only("pk", "name")
    # The problem with the longest title: the problem page's widest heading, with its step forms.
    problem = max(Problem.objects.only("pk", "title"), key=lambda problem: len(problem.title))
    return {"project": max(projects, key=lambda project: len(project.name)), "problem": problem}


@pytest.fixture
def browser(monkeypatch, live_server, demo):
    """Headless Chromium, closed before the database is flushed."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an asyncio loop here
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_as(browser, base_url: str, viewport: tuple[int, int], username: str | None):
    """A page of a new browser context of that size, logged in as `username` (None: not logged in)."""
    width, height = viewport
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    if username:
        page.goto(f"{base_url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url(re.compile(r"://[^/]+/$"))  # the home page (core.registry widgets)
    return page


def check_fits(page, name: str, problems: list[str], full_page: bool = True) -> None:
    """Record what sticks out of the viewport on this page; save its screenshot when asked to (an opened menu or
    panel: only what is on the screen, since a full-page screenshot resizes the window and may close it)."""
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    where = f"{name} at {width}×{height}"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{where}: the page is {scroll_width} px wide")
    offenders = page.evaluate(OFFENDERS)
    if offenders:
        problems.append(f"{where}: outside the viewport: {offenders}")
    folder = os.environ.get("GONGJIAN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}-{width}x{height}.png", full_page=full_page)


def visit(page, base_url: str, path: str, name: str, problems: list[str]) -> None:
    response = page.goto(f"{base_url}{path}")
    if response.status != 200:
        problems.append(f"{name} ({path}) answered {response.status}")
        return
    page.wait_for_load_state("load")
    check_fits(page, name, problems)


def settle(page) -> None:
    """Wait until Bootstrap's fold or unfold animation has finished (the boxes are final then)."""
    from playwright.sync_api import expect

    # (Not wait_for_function: it evaluates a string, which the Content Security Policy forbids.)
    expect(page.locator(".collapsing")).to_have_count(0)


def check_menu(page, problems: list[str]) -> None:
    """Below 1200 px the menu is folded behind a visible button that opens it; from 1200 px it is one row."""
    from playwright.sync_api import expect

    width = page.viewport_size["width"]
    toggle = page.get_by_test_id("menu-toggle")
    links = page.locator("#nav .nav-main .nav-link")
    if width < 1200:
        expect(toggle).to_be_visible()
        expect(links.first).to_be_hidden()
        toggle.click()
        expect(links.last).to_be_visible()
        settle(page)
        check_fits(page, "menu", problems, full_page=False)
    else:
        expect(toggle).to_be_hidden()
        tops = {round(box["y"]) for box in (link.bounding_box() for link in links.all())}
        height = page.get_by_test_id("navbar").bounding_box()["height"]
        if len(tops) != 1 or height > 64:
            problems.append(f"menu at {width} px: links on rows {sorted(tops)}, navbar {height} px high")
        for link in links.all():
            box = link.bounding_box()
            if box["x"] + box["width"] > width:
                problems.append(f"menu at {width} px: {link.inner_text()} is cut off")
    # The user menu (role, language, log out) opens and fits, folded or not.
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_test_id("logout")).to_be_visible()
    # Visible is not enough (an ancestor that clips it leaves it "visible"): what is drawn at its centre is it.
    if not page.get_by_test_id("logout").evaluate(ON_TOP):
        problems.append(f"user menu at {width} px: 退出 is hidden under something else or clipped")
    expect(page.get_by_test_id("user-role")).to_contain_text("市发改委管理员")
    check_fits(page, "user-menu", problems, full_page=False)


def check_filters(page, problems: list[str]) -> None:
    """The project list's filters: a sidebar from 1200 px, folded behind a button (that opens them) below."""
    from playwright.sync_api import expect

    form = page.get_by_test_id("filter-form")
    if page.viewport_size["width"] < 1200:
        expect(form).to_be_hidden()
        page.get_by_test_id("filter-toggle").click()
        expect(form).to_be_visible()
        settle(page)
        check_fits(page, "filters", problems, full_page=False)
    else:
        expect(form).to_be_visible()
        expect(page.get_by_test_id("filter-toggle")).to_be_hidden()


def check_month_inputs(page, problems: list[str]) -> None:
    """A money input on the clerk's month page shows a 10-digit amount whole, and the project column stays put."""
    money = page.locator("input[name=month_amount]").first
    money.fill(TEN_DIGITS)
    hidden = money.evaluate("input => input.scrollWidth - input.clientWidth")
    if hidden > 0:
        problems.append(f"month page at {page.viewport_size['width']} px: {TEN_DIGITS} does not fit ({hidden} px)")
    position = page.eval_on_selector("[data-testid=month-table] tbody td", "td => getComputedStyle(td).position")
    if position != "sticky":
        problems.append(f"month page: the project column is {position}, not sticky")


def check_viewport(browser, base: str, viewport: tuple[int, int], project, problem, problems: list[str]) -> None:
    """Every main page at this size, as an anonymous visitor, the city administrator and a district clerk."""
    from playwright.sync_api import expect

    page = open_as(browser, base, viewport, None)
    visit(page, base, "/login/", "login", problems)
    page.context.close()

    page = open_as(browser, base, viewport, "city_admin")
    expect(page.get_by_test_id("demo-today")).to_contain_text(DEMO_TODAY)
    expect(page.get_by_test_id("demo-today")).to_be_visible()
    for name, path in [
        ("home", "/"),
        ("overview", "/projects/overview/"),
        ("project-list", "/projects/"),
        ("project", f"/projects/{project.pk}/"),
        ("month-review", f"/scheduling/210804/{REVIEWED_MONTH}/"),
        ("month-index", "/scheduling/"),
        ("warnings", "/scheduling/warnings/"),
        ("reports", "/scheduling/reports/"),
        ("import-upload", "/projects/import/"),
        ("audit-log", "/core/audit/"),
        ("problems", "/stewardship/problems/"),
        ("problem", f"/stewardship/problems/{problem.pk}/"),
        ("service-log", "/stewardship/log/"),
        ("stewards", "/stewardship/stewards/"),
        ("notices", "/stewardship/notices/"),
        ("stewardship-statistics", "/stewardship/statistics/"),
    ]:
        visit(page, base, path, name, problems)
    page.goto(f"{base}/projects/")
    check_filters(page, problems)
    check_menu(page, problems)
    page.context.close()

    page = open_as(browser, base, viewport, "byq_clerk")
    visit(page, base, f"/scheduling/210804/{OPEN_MONTH}/", "month", problems)
    check_month_inputs(page, problems)
    page.context.close()


def test_main_pages_fit_phone_tablet_and_laptop(browser, live_server, demo):
    """One test for the three sizes: loading the demo takes longer than looking at all the pages."""
    problems: list[str] = []
    for viewport in VIEWPORTS:
        check_viewport(browser, live_server.url, viewport, demo["project"], demo["problem"], problems)
    assert problems == []
