"""A department enters its values (form or Excel), submits them; the city approves (locks) or returns them.
Refusals are Chinese messages naming the indicator, field or row; nothing is half-saved; imports are idempotent."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.testing import user_for
from indicators.choices import Flag, Source
from indicators.entry import review_values, save_entries
from indicators.excel import import_values
from indicators.figures import city_region, figures, judge
from indicators.models import IndicatorValue
from indicators.reminders import remind_departments, report_overdue
from indicators.testing import PERIOD, make_indicator, make_value
from scheduling.choices import ReportStatus
from stewardship.models import Notification

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def pork():
    """自然资源局 owns it here, so the demo's 自然资源局 user (zrzy) enters it."""
    return make_indicator(owner="zrzyj")


def test_the_department_enters_submits_and_the_city_locks(login, pork):
    client = login("zrzy")
    prefix = f"i{pork.pk}"
    response = client.post("/indicators/entry/?period=2024-05", {f"{prefix}-value": "1.63", "submit": "1"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=pork, period=PERIOD)
    assert (value.value, value.status, value.entered_by) == (Decimal("1.63"), "submitted", user_for("zrzy"))
    assert review_values(user_for("admin"), PERIOD, pork.owner, ReportStatus.APPROVED) == 1
    response = client.post("/indicators/entry/?period=2024-05", {f"{prefix}-value": "1.70"})
    assert response.status_code == 400
    assert "已审核" in response.content.decode() and "猪肉产量" in response.content.decode()
    value.refresh_from_db()
    assert value.value == Decimal("1.63")
    # Returned with a reason, it opens again.
    with pytest.raises(ValidationError):
        review_values(user_for("admin"), PERIOD, pork.owner, ReportStatus.RETURNED, "")
    review_values(user_for("admin"), PERIOD, pork.owner, ReportStatus.RETURNED, "请核实")
    assert client.post("/indicators/entry/?period=2024-05", {f"{prefix}-value": "1.70"}).status_code == 302
    value.refresh_from_db()
    assert (value.value, value.status) == (Decimal("1.70"), "draft")


def test_a_department_cannot_enter_anothers_or_a_computed_indicator(api_as, pork):
    theirs = make_indicator(code="poultry", name="禽肉产量", owner="gxj")
    response = api_as("zrzy").post(
        "/api/indicators/values/",
        {"indicator": theirs.pk, "period": "2024-05-01", "region": city_region().pk, "value": "1"},
        format="json",
    )
    assert response.status_code == 400 and "禽肉产量" in str(response.json())
    computed = make_indicator(code="inv", name="完成投资", source=Source.COMPUTED, computed_by="investment_ytd")
    with pytest.raises(ValidationError, match="系统计算"):
        IndicatorValue(indicator=computed, period=PERIOD, region=city_region(), value=Decimal("1")).full_clean()
    assert not IndicatorValue.objects.exists()


def test_all_or_nothing_names_every_refused_indicator(pork):
    fruit = make_indicator(code="fruit", name="水果产量", owner="zrzyj")
    with pytest.raises(ValidationError) as error:
        save_entries(user_for("zrzy"), PERIOD, {pork: {"value": Decimal("1.63")}, fruit: {"value": Decimal("-1")}})
    assert "水果产量" in str(error.value) and not IndicatorValue.objects.exists()


def _filled(client, rows):
    template = client.get("/indicators/entry/template/?period=2024-05")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    sheet = book["指标填报"]
    for number in range(2, sheet.max_row + 1):
        value, growth = rows.get(sheet.cell(number, 1).value, (None, None))
        sheet.cell(number, 4, value)
        sheet.cell(number, 6, growth)
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def test_excel_round_trip_is_idempotent_and_names_row_and_column(login, pork):
    make_indicator(code="fruit", name="水果产量", owner="zrzyj")
    client = login("zrzy")
    good = _filled(client, {"pork": ("1.63", None), "fruit": ("18.27", None)})
    result = import_values(user_for("zrzy"), io.BytesIO(good), filename="f.xlsx")
    assert (result.created, result.written) == (2, True)
    again = import_values(user_for("zrzy"), io.BytesIO(good), filename="f.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    bad = _filled(client, {"fruit": ("很多", None), "pork": ("1.70", None)})
    result = import_values(user_for("zrzy"), io.BytesIO(bad), filename="f.xlsx")
    assert [str(error) for error in result.errors] == ["第 2 行「数值」列：「很多」不是数字。"]
    assert not result.written and IndicatorValue.objects.get(indicator=pork).value == Decimal("1.63")
    result = import_values(user_for("zrzy"), io.BytesIO(bad), filename="f.xlsx", mode="valid")
    assert result.written and IndicatorValue.objects.get(indicator=pork).value == Decimal("1.70")

    upload = SimpleUploadedFile("f.xlsx", bad, XLSX)
    response = client.post("/indicators/entry/upload/", {"file": upload, "mode": "all"})
    assert response.status_code == 400 and "第 2 行" in response.content.decode()


def test_flags_for_a_contradicting_growth_and_an_implausible_jump(login, pork):
    make_value(pork, dt.date(2023, 5, 1), "1.4139")
    make_value(pork, PERIOD, "1.63", reported_growth=Decimal("12.5"))
    jump = make_indicator(code="fruit", name="水果产量", owner="zrzyj", jump_limit=Decimal("100"))
    make_value(jump, dt.date(2023, 5, 1), "1")
    make_value(jump, PERIOD, "5")
    items = {item["indicator"].code: item for item in figures(PERIOD)}
    assert items["pork"]["flags"] == [Flag.CONTRADICTS] and items["pork"]["growth"] == Decimal("15.28")
    assert items["fruit"]["flags"] == [Flag.JUMP] and items["fruit"]["growth"] == Decimal("400.00")
    page = login("zrzy").get("/indicators/?period=2024-05").content.decode()
    assert 'data-flag="contradicts"' in page and 'data-flag="jump"' in page


def test_lights_against_target_and_xushi():
    indicator = make_indicator.__globals__["Indicator"](
        annual_target=Decimal("22000"), accumulation="ytd", direction="higher", seasonal_profile=None
    )
    may = dt.date(2024, 5, 1)  # linear 序时: 41.7 %
    assert judge(indicator, Decimal("10452"), may)["light"] == "green"  # 47.5 %
    assert judge(indicator, Decimal("8800"), may)["light"] == "yellow"  # 40 %, within 90 % of 序时
    assert judge(indicator, Decimal("5000"), may)["light"] == "red"
    indicator.annual_target = None
    assert judge(indicator, Decimal("5000"), may)["light"] == "grey"


def test_reminders_before_the_deadline_and_the_overdue_list_after(pork):
    assert "1" in remind_departments(dt.date(2024, 6, 7))
    note = Notification.objects.get(recipient=user_for("zrzy"))
    assert "2024-05" in note.title and "1 项" in note.body
    assert "自然资源局" in report_overdue(dt.date(2024, 6, 11))
    assert Notification.objects.filter(recipient=user_for("admin"), title__contains="逾期").exists()
    save_entries(user_for("zrzy"), PERIOD, {pork: {"value": Decimal("1.63")}})
    from indicators.entry import submit_period

    submit_period(user_for("zrzy"), PERIOD)
    assert report_overdue(dt.date(2024, 6, 11)) == "各部门均已报送。"
