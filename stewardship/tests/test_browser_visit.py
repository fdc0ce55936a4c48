"""A steward logs a site visit on a phone (390×844) in a real browser: from "my projects", with a photo and a
problem found on the spot; the page fits the screen and the visit, photo and problem are saved."""

import io
import re

import pytest
from PIL import Image

from tests.browser.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture(scope="module", autouse=True)
def _restore(restore_reference_data):
    """live_server makes these tests transactional; the reference data is loaded again after the module."""


@pytest.fixture
def phone(monkeypatch, live_server, reference_data):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="zh-CN",
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
        )
        context.set_default_timeout(10_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def test_a_steward_logs_a_visit_on_a_phone(phone, live_server, settings, tmp_path):
    from playwright.sync_api import expect

    from stewardship.models import Problem, ServiceLog
    from stewardship.tests.helpers import category, plan_and_reports, stewarded_project

    settings.MEDIA_ROOT, settings.GONGJIAN_TODAY = tmp_path, "2024-06-30"
    project = stewarded_project(name="鲅鱼圈港区手机调研测试项目")
    category("水电气暖")
    plan_and_reports(project, "1200", {5: "400"})
    photo = tmp_path / "site.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())

    page = phone
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "leader_zhang")
    page.fill("#id_password", "demo-2024")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"://[^/]+/$"))
    page.goto(f"{live_server.url}/stewardship/mine/")
    expect(page.get_by_test_id("my-projects")).to_contain_text(project.name)
    # The card draws the year's plan against monthly progress (ECharts, from static files) within the screen.
    expect(page.get_by_test_id("card-plan-chart").locator("canvas")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("my-projects").get_by_role("link", name="记录调研").click()
    page.wait_for_url(re.compile(r"/stewardship/visit/\?project="))
    form = page.get_by_test_id("quick-visit")
    form.locator("#id_participants").fill("张振华、市级帮办团队")
    form.locator("#id_place").fill("项目现场")
    form.locator("#id_notes").fill("主体结构施工，用电增容待协调")
    form.locator("#id_photos").set_input_files(str(photo))
    form.locator("#id_problem_title").fill("施工用电增容未落实")
    form.locator("#id_problem_category").select_option(label="水电气暖")
    form.locator("#id_problem_department").select_option(label="住建局")
    form.locator("#id_problem_deadline").fill("2024-07-15")
    # Nothing sticks out sideways on a 390 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    form.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/stewardship/mine/$"))
    expect(page.locator(".alert-success")).to_contain_text("已记录")
    log = ServiceLog.objects.get(project=project)
    assert log.photos.count() == 1 and log.date.isoformat() == "2024-06-30"
    assert Problem.objects.get(service_log=log).title == "施工用电增容未落实"
    expect(page.get_by_test_id("my-projects")).to_contain_text("施工用电增容未落实")
