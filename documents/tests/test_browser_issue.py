"""In a real browser: the city administrator drafts a monthly circular, sees its preview (red mark, notes to the
editor) under the Content Security Policy, issues it and finds its number, downloads included."""

import pytest

from tests.browser.test_browser import CHROMIUM, _restore, chromium_page, sample_projects  # noqa: F401
from tests.browser.test_csp import log_in_as_city_admin, violations, watched_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]


def test_the_city_drafts_previews_and_issues_a_circular(watched_page, live_server, sample_projects, settings, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    from core.clock import today
    from documents.demo import load_documents

    settings.MEDIA_ROOT = tmp_path
    load_documents()
    page = watched_page
    base = live_server.url
    log_in_as_city_admin(page, base)
    page.goto(f"{base}/documents/add/")
    page.select_option("select[name=kind]", "circular")
    page.fill("input[name=period]", "2024-05")
    page.click("form[data-testid=draft-form] button[type=submit]")
    preview = page.get_by_test_id("document-preview")
    expect(preview.locator(".gw-mark")).to_have_text("营口市发展和改革委员会文件")
    expect(preview.locator(".gw-title")).to_have_text("关于2024年1—5月全市重大项目建设情况的通报")
    expect(page.get_by_test_id("editor-notes")).to_contain_text("赛马排名未写入")  # no race scheme in this city yet
    color = page.eval_on_selector(".gw-mark", "n => getComputedStyle(n).color")
    assert color == "rgb(224, 0, 0)"
    assert violations(page) == []
    if shots := __import__("os").environ.get("DOCS_SHOTS"):
        page.screenshot(path=f"{shots}/draft-preview-web.png", full_page=False)

    page.get_by_test_id("issue-button").click()
    expect(page.get_by_test_id("document-status")).to_have_text("已印发")
    expect(preview.locator(".gw-number")).to_have_text(f"营发改发〔{today().year}〕1号")
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert violations(page) == []
