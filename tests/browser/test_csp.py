"""The main pages under the Content Security Policy in a real browser: they load, work, and Chromium reports no
violation (no inline script or style element, nothing from elsewhere); the lockout page in Chinese.

Violations are caught twice: Chromium's console ("Refused to …") and the page's `securitypolicyviolation` events,
collected by a script Playwright injects through DevTools (which the policy does not apply to).
"""

import re

import pytest

from tests.browser.test_browser import (  # noqa: F401  (fixtures)
    CHROMIUM,
    PASSWORD,
    _restore,
    chromium_page,
    sample_projects,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]

COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched_page(chromium_page):  # noqa: F811
    """The page, with every console error and page error collected in `page.problems`."""
    page = chromium_page
    page.problems = []
    page.context.add_init_script(COLLECT_VIOLATIONS)
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("response", lambda reply: reply.status >= 400 and page.problems.append(f"{reply.status} {reply.url}"))
    return page


def violations(page) -> list[str]:
    return page.problems + page.evaluate("window.__violations || []")


def log_in_as_city_admin(page, base_url):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", "city_admin")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"://[^/]+/$"))  # the home page (core.registry widgets)
    expect(page.get_by_test_id("current-user")).to_contain_text("王建国")


def test_main_pages_load_without_csp_violations(watched_page, live_server, sample_projects):  # noqa: F811
    from playwright.sync_api import expect

    page = watched_page
    base = live_server.url
    log_in_as_city_admin(page, base)
    project = sample_projects["byq_match"]
    pages = [
        "/",
        "/projects/overview/",
        "/projects/",
        f"/projects/{project.pk}/",
        f"/projects/{project.pk}/edit/",
        "/projects/import/",
        "/scheduling/",
        "/scheduling/210804/2024-05/",
        "/scheduling/210804/2024-05/upload/",
        "/scheduling/warnings/",
        "/core/regions/",
        "/core/audit/",
        "/core/audit/lockouts/",
        "/admin/",
        "/admin/core/auditevent/",
    ]
    for path in pages:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("load")
        assert violations(page) == [], path
        # Bootstrap's stylesheet applied (a class rule, not a style attribute) and the red header is ours.
        if not path.startswith("/admin/"):
            background = page.eval_on_selector("nav.navbar", "n => getComputedStyle(n).backgroundColor")
            assert background == "rgb(155, 28, 28)", path

    # Scripts from static files run: the language switch submits itself (gongjian.js), Bootstrap's collapse works.
    page.goto(f"{base}/core/regions/")
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("select[name=language]", "zh-hans")
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert violations(page) == []


def test_swagger_ui_renders_under_its_policy(watched_page, live_server, sample_projects):  # noqa: F811
    from playwright.sync_api import expect

    page = watched_page
    log_in_as_city_admin(page, live_server.url)
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("gongjian")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert violations(page) == []


def test_lockout_page_in_the_browser(watched_page, live_server, sample_projects, settings):  # noqa: F811
    from playwright.sync_api import expect

    settings.AXES_FAILURE_LIMIT = 2
    page = watched_page
    for _attempt in range(2):
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "gz_clerk")
        page.fill("#id_password", "wrong-password")
        page.click("form button[type=submit]")
    expect(page.get_by_test_id("lockout-message")).to_contain_text("已被暂时锁定")
    expect(page.get_by_test_id("lockout-message")).to_contain_text("联系市发改委管理员解除锁定")
    # The refused logins are console errors of their own (HTTP 429); nothing else may be.
    assert [problem for problem in violations(page) if "429" not in problem] == []
