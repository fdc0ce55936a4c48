"""The city administrator checks May's draft ranking in a real browser (chart drawn, every score explained),
publishes it after the confirmation page, and a district clerk reads it on a phone (390×844) without anything
sticking out sideways."""

import re

import pytest

from tests.browser.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture(scope="module", autouse=True)
def _restore(restore_reference_data):
    """live_server makes these tests transactional; the reference data is loaded again after the module."""


@pytest.fixture
def browser(monkeypatch, live_server, reference_data):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-2024")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"://[^/]+/"))


def test_the_city_publishes_may_and_a_clerk_reads_it_on_a_phone(browser, live_server, tmp_path):
    from playwright.sync_api import expect

    from race.models import RacePublication
    from race.testing import make_scheme
    from race.tests.helpers import region_with

    region_with("210804", 1000, {4: 100, 5: 500})
    region_with("210881", 1000, {4: 290, 5: 10})
    make_scheme(regions=("210804", "210881"), is_default=True)

    desktop = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "city_admin")
    page.goto(f"{live_server.url}/race/?period=2024-05")
    expect(page.get_by_test_id("race-state")).to_contain_text("草稿")
    expect(page.get_by_test_id("race-chart").locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("race-summons")).to_contain_text("盖州市")
    page.get_by_text("鲅鱼圈区").first.click()  # opens the region's explanation
    expect(page.get_by_test_id("race-explain").first).to_contain_text("年度计划完成率60%")
    page.screenshot(path=str(tmp_path / "race-desktop.png"), full_page=True)
    page.get_by_test_id("race-publish").click()
    page.wait_for_url(re.compile(r"/race/publish/"))
    assert not RacePublication.objects.exists()
    page.get_by_test_id("race-publish-confirm").click()
    page.wait_for_url(re.compile(r"/race/publications/\d+/$"))
    expect(page.locator(".alert-success")).to_contain_text("已发布")
    assert RacePublication.objects.count() == 1
    desktop.close()

    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = phone.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "gz_clerk")
    page.goto(f"{live_server.url}/race/?period=2024-05")
    expect(page.get_by_test_id("race-state")).to_contain_text("已发布 第1期")
    expect(page.get_by_test_id("race-ranking")).to_contain_text("鲅鱼圈区")
    assert page.get_by_test_id("race-publish").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "race-phone.png"), full_page=True)
    phone.close()
