"""The indicators' story in Debian's Chromium on the whole demo: the agriculture bureau's clerk enters and submits
June's vegetable output on a phone (390×844); the city reviews and approves it on a tablet (1024×768); the
indicators page on a laptop (1440×900) shows the value, its year-on-year change and its sparkline. Nothing sticks out
of the viewport. With GONGJIAN_SCREENSHOTS=<dir> every view is saved as <dir>/indicators-<view>-<w>x<h>.png."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.browser.test_browser import CHROMIUM
from tests.browser.test_responsive import _restore, browser, check_fits, demo, open_as  # noqa: F401, F811

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]

JUNE = dt.date(2024, 6, 1)
VEGETABLES = "蔬菜及食用菌产量"


def test_a_department_enters_the_city_approves_the_page_shows(browser, live_server, settings):  # noqa: F811
    from playwright.sync_api import expect

    from indicators.figures import city_region
    from indicators.models import IndicatorValue
    from scheduling.choices import ReportStatus

    settings.GONGJIAN_TODAY = "2024-07-03"
    problems = []

    # The clerk of 农业农村局 on a phone: June's figure, saved and submitted in one step.
    page = open_as(browser, live_server.url, (390, 844), "nyncj_user")
    page.goto(f"{live_server.url}/indicators/entry/?period=2024-06")
    table = page.get_by_test_id("entry-table")
    row = table.locator("tr", has_text=VEGETABLES)
    expect(row).to_have_count(1)
    check_fits(page, "indicators-entry", problems)
    row.locator("input[name$='-value']").fill("22.6")
    page.get_by_role("button", name="保存并报送").click()
    expect(page.get_by_test_id("entry-table").locator("tr", has_text=VEGETABLES)).to_contain_text("已报送")
    value = IndicatorValue.objects.get(indicator__name=VEGETABLES, period=JUNE, region=city_region())
    assert value.value == Decimal("22.6") and value.status == ReportStatus.SUBMITTED
    page.context.close()

    # The city on a tablet: the review lists 农业农村局 with a submitted value; approving locks it.
    page = open_as(browser, live_server.url, (1024, 768), "city_admin")
    page.goto(f"{live_server.url}/indicators/review/?period=2024-06")
    department = page.get_by_test_id("review-table").locator("tr", has_text="农业农村局")
    expect(department).to_have_count(1)
    check_fits(page, "indicators-review", problems)
    department.get_by_role("button", name="审核通过").click()
    expect(page.locator(".alert-success")).to_contain_text("农业农村局")
    value.refresh_from_db()
    assert value.status == ReportStatus.APPROVED
    page.context.close()

    # The leader's indicators page: the approved figure, its growth against last June (computed or reported) and
    # the sparkline drawn.
    page = open_as(browser, live_server.url, (1440, 900), "leader_zhang")
    page.goto(f"{live_server.url}/indicators/?period=2024-06")
    line = page.get_by_test_id(f"indicator-{value.indicator.code}")
    expect(line.locator("[data-value]")).to_contain_text("22.6")
    expect(line.locator(".sparkline canvas, .sparkline svg")).to_have_count(1)
    check_fits(page, "indicators-page", problems)
    page.context.close()
    assert not problems, "\n".join(problems)
