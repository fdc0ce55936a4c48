"""The month page can be trusted: no lost update, locked months never move, one-step corrections, per-row review,
amounts read and shown as money (issue 8, items 8–12)."""

import datetime as dt
import io
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.importing.cells import CellError, parse_decimal
from core.importing.modes import ImportMode
from core.importing.results import ImportFailed
from core.models import Region, User
from core.testing import user_for
from projects.models import InvestmentPlan, Project
from projects.testing import make_project
from scheduling.choices import ReportStatus
from scheduling.excel.columns import COLUMNS
from scheduling.excel.template import month_template_bytes
from scheduling.excel.upload import Outcome, import_month_workbook
from scheduling.forms import ReportFiguresForm
from scheduling.lights import project_lights
from scheduling.models import MonthlyReport, PendingRecalculation
from scheduling.rules import earlier_figures
from scheduling.services import review_month, revise_report, submit_month
from scheduling.tests.helpers import save_fresh

pytestmark = pytest.mark.django_db
MARCH, APRIL, MAY = dt.date(2024, 3, 1), dt.date(2024, 4, 1), dt.date(2024, 5, 1)
COL = {column.key: index for index, column in enumerate(COLUMNS, start=1)}


@pytest.fixture
def project():
    return make_project(
        stage="continuing", actual_start=dt.date(2023, 4, 1), region="210804", total_investment=D("100000")
    )


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(user_for(role))
    return client


def row_url(project, month="2024-05", name="scheduling:month_row"):
    return reverse(name, args=[project.region.code, month, project.pk])


def post_row(client, project, month="2024-05", **figures):
    data = {"site_status": "working", **figures}
    return client.post(row_url(project, month), data)


def figures(month, ytd=None, total=None):
    return {"month_amount": D(month), "ytd_amount": ytd and D(ytd), "total_amount": total and D(total)}


def template_for(project, period=MAY, role="byq"):
    """A downloaded template and the row of the project in it."""
    content = month_template_bytes(user_for(role), project.region, period)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    rows = {sheet.cell(row, COL["project_id"]).value: row for row in range(3, sheet.max_row + 1)}
    return workbook, sheet, rows[project.pk]


def upload(workbook, period="2024-05", mode=ImportMode.VALID_ROWS):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return import_month_workbook(user_for("byq"), buffer, region="210804", period=period, mode=mode, filename="x.xlsx")


# --- Item 8: no lost update ---


def test_second_first_save_of_a_never_saved_row_gets_the_conflict(project):
    first, second = client_for("byq"), client_for("byq")
    month = reverse("scheduling:month", args=["210804", "2024-05"])
    for client in (first, second):  # both open the month before anything is saved: the rows carry version 0
        assert 'name="version" value="0"' in client.get(month).content.decode()
    assert post_row(first, project, month_amount="10", version="0").status_code == 200
    refused = post_row(second, project, month_amount="99", version="0")
    assert refused.status_code == 409 and "已被他人修改" in refused.content.decode()
    assert "您填写的本月完成投资为 99.00 万元" in refused.content.decode()
    report = MonthlyReport.objects.get(project=project)
    assert (report.month_amount, report.version) == (D("10"), 1)


def test_old_download_cannot_overwrite_a_later_web_edit(project):
    other = make_project(stage="continuing", actual_start=dt.date(2023, 4, 1), region="210804", name="另一个项目")
    save_fresh(user_for("byq"), project, MAY, figures("10"))
    save_fresh(user_for("byq"), other, MAY, figures("5"))
    workbook, sheet, row = template_for(project)
    other_row = row + 1 if sheet.cell(row + 1, COL["project_id"]).value == other.pk else row - 1
    assert sheet.cell(row, COL["version"]).value == 1
    # A colleague corrects both rows on the web after the download.
    save_fresh(user_for("byq"), project, MAY, figures("20"))
    save_fresh(user_for("byq"), other, MAY, figures("6"))
    # The clerk types a new figure in one row and leaves the other as downloaded.
    sheet.cell(row, COL["month_amount"]).value = 30
    result = upload(workbook)
    assert [error.row for error in result.errors] == [row]
    assert "已被他人修改" in result.errors[0].reason
    kept = {r.row: r.outcome for r in result.rows}
    assert kept[other_row] == Outcome.KEPT  # untouched since the download: the later web edit stands
    assert MonthlyReport.objects.get(project=project).month_amount == D("20")
    assert MonthlyReport.objects.get(project=other).month_amount == D("6")
    # A fresh download carries the new version and goes through.
    workbook, sheet, row = template_for(project)
    sheet.cell(row, COL["month_amount"]).value = 30
    sheet.cell(row, COL["ytd_amount"]).value = None
    sheet.cell(row, COL["total_amount"]).value = None
    assert upload(workbook).updated == 1
    assert MonthlyReport.objects.get(project=project).month_amount == D("30")


def test_a_template_of_the_old_layout_is_refused_as_a_whole(project):
    workbook, sheet, row = template_for(project)
    meta = workbook["模板信息"]
    for r in range(1, meta.max_row + 1):
        if meta.cell(r, 1).value == "version":
            meta.cell(r, 2).value = "1"
    sheet.cell(row, COL["month_amount"]).value = 5
    with pytest.raises(ImportFailed, match="重新下载模板"):
        upload(workbook)


# --- Item 9: an approved month never changes through any route ---


@pytest.fixture
def approved_april(project):
    """March is a draft, April approved by the city, May a draft after it."""
    clerk, admin, region = user_for("byq"), user_for("admin"), Region.objects.get(code="210804")
    save_fresh(clerk, project, MARCH, figures("100", total="300"))
    save_fresh(clerk, project, APRIL, figures("50"))
    submit_month(clerk, region, APRIL)
    review_month(admin, region, APRIL, "approved")
    save_fresh(clerk, project, MAY, figures("10"))
    return MonthlyReport.objects.get(project=project, period=APRIL)


def snapshot(report):
    report = MonthlyReport.objects.get(pk=report.pk)
    return {name: getattr(report, name) for name in (*MonthlyReport.GUARDED_FIELDS, "version")}


def test_no_route_changes_an_approved_month(project, approved_april, tmp_path):
    april = approved_april
    before = snapshot(april)
    assert before["status"] == ReportStatus.APPROVED and before["ytd_amount"] == D("150")

    # The web row.
    refused = post_row(client_for("byq"), project, "2024-04", month_amount="70", version=str(april.version))
    assert "已审核锁定" in refused.content.decode()
    # The Excel upload and the command line.
    workbook, sheet, row = template_for(project, APRIL)
    sheet.cell(row, COL["month_amount"]).value = 70
    result = upload(workbook, "2024-04")
    assert "已审核锁定" in result.errors[0].reason and not result.created + result.updated
    path = tmp_path / "april.xlsx"
    workbook.save(path)
    with pytest.raises(CommandError, match="拒绝 1 行"):
        call_command("import", "monthly", str(path), "--user", "byq_clerk", "--no-progress", stdout=StringIO())
    # The API is read-only, even for the city's administrator.
    api = APIClient()
    api.force_authenticate(user_for("admin"))
    url = reverse("scheduling-api:monthlyreport-detail", args=[april.pk])
    for method in (api.put, api.patch):
        assert method(url, {"month_amount": "70"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    # The admin site, even for a superuser: no change, no delete, no revert.
    root = User.objects.create_superuser("root", "root@example.com", "x")
    admin_client = Client()
    admin_client.force_login(root)
    change_url = reverse("admin:scheduling_monthlyreport_change", args=[april.pk])
    admin_client.post(change_url, {"month_amount": "70", "status": "draft"})
    assert (
        admin_client.post(
            reverse("admin:scheduling_monthlyreport_delete", args=[april.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    history_id = april.history.last().history_id  # the first version, a draft with other figures
    revert = reverse("admin:scheduling_monthlyreport_simple_history", args=[april.pk, history_id])
    assert admin_client.post(revert, {"month_amount": "70"}).status_code == 403
    # Any other code path that saves the model.
    stray = MonthlyReport.objects.get(pk=april.pk)
    stray.month_amount = D("70")
    with pytest.raises(ValidationError, match="已审核锁定"):
        stray.save()
    assert snapshot(april) == before


def test_back_filling_an_earlier_month_leaves_the_approved_month_and_flags_it(project, approved_april, login):
    april = approved_april
    before = snapshot(april)
    clerk = client_for("byq")
    march = MonthlyReport.objects.get(project=project, period=MARCH)
    saved = post_row(
        clerk,
        project,
        "2024-03",
        month_amount="120",
        ytd_amount="100.00",
        total_amount="300.00",
        version=str(march.version),
    )
    assert "已保存" in saved.content.decode()
    assert snapshot(april) == before  # locked: figures, status and version untouched
    may = MonthlyReport.objects.get(project=project, period=MAY)
    assert (may.ytd_amount, may.total_amount) == (D("180"), D("380"))  # the draft after it follows the change
    pending = PendingRecalculation.objects.get(report=april)
    assert (pending.ytd_delta, pending.total_delta) == (D("20"), D("20"))
    assert pending.raised_by == user_for("byq") and pending.cause == march
    # The city sees the inconsistency on the month page and on the report page, with the figures it calls for.
    admin = login("admin")
    page = admin.get(reverse("scheduling:month", args=["210804", "2024-04"])).content.decode()
    assert 'data-testid="pending-list"' in page and "170.00" in page and "370.00" in page
    detail = admin.get(april.get_absolute_url()).content.decode()
    assert 'data-testid="pending-recalculation"' in detail
    # Undoing the back-fill leaves nothing to revise; doing it again raises the flag again.
    march.refresh_from_db()
    post_row(
        clerk,
        project,
        "2024-03",
        month_amount="100",
        ytd_amount="120.00",
        total_amount="320.00",
        version=str(march.version),
    )
    assert not PendingRecalculation.objects.filter(report=april, resolved_at__isnull=True).exists()
    march.refresh_from_db()
    post_row(
        clerk,
        project,
        "2024-03",
        month_amount="120",
        ytd_amount="100.00",
        total_amount="300.00",
        version=str(march.version),
    )
    assert snapshot(april) == before
    # Revising April applies it (a recorded revision by the city) and does not move May a second time.
    revised = revise_report(
        user_for("admin"), april, {**figures("50", "170.00", "370.00")}, "补报 3 月后重算", version=april.version
    )
    assert (revised.status, revised.ytd_amount, revised.total_amount) == (ReportStatus.REVISED, D("170"), D("370"))
    assert not PendingRecalculation.objects.filter(report=april, resolved_at__isnull=True).exists()
    may.refresh_from_db()
    assert (may.ytd_amount, may.total_amount) == (D("180"), D("380"))
    assert revised.history.first().history_change_reason == "补报 3 月后重算"


def test_a_revision_of_an_earlier_locked_month_does_not_rewrite_a_later_locked_one(project, approved_april):
    clerk, admin, region = user_for("byq"), user_for("admin"), Region.objects.get(code="210804")
    submit_month(clerk, region, MAY)
    review_month(admin, region, MAY, "approved")
    may = MonthlyReport.objects.get(project=project, period=MAY)
    before = snapshot(may)
    april = MonthlyReport.objects.get(pk=approved_april.pk)
    revise_report(admin, april, figures("55"), "统计局核定", version=april.version)
    assert snapshot(may) == before
    assert PendingRecalculation.objects.get(report=may).total_delta == D("5")


# --- Item 10: a correction in one step ---


def test_correcting_the_monthly_figure_carries_the_derived_boxes(project):
    clerk = client_for("byq")
    assert post_row(clerk, project, "2024-04", month_amount="40", total_amount="5,040", version="0").status_code == 200
    post_row(clerk, project, month_amount="10", version="0")
    may = MonthlyReport.objects.get(project=project, period=MAY)
    assert (may.ytd_amount, may.total_amount) == (D("50"), D("5050"))
    # The page shows the saved boxes; the clerk corrects only 本月完成投资 and leaves the rest as shown.
    page = clerk.get(reverse("scheduling:month", args=["210804", "2024-05"])).content.decode()
    assert 'value="50.00"' in page and 'value="5,050.00"' in page
    saved = post_row(
        clerk, project, month_amount="12", ytd_amount="50.00", total_amount="5,050.00", version=str(may.version)
    )
    assert saved.status_code == 200 and "已保存" in saved.content.decode(), saved.content.decode()
    may.refresh_from_db()
    assert (may.month_amount, may.ytd_amount, may.total_amount) == (D("12"), D("52"), D("5052"))
    # Correcting the first month keeps its typed opening balance and moves by the correction.
    april = MonthlyReport.objects.get(project=project, period=APRIL)
    post_row(
        clerk,
        project,
        "2024-04",
        month_amount="45",
        ytd_amount="40.00",
        total_amount="5,040.00",
        version=str(april.version),
    )
    april.refresh_from_db()
    may.refresh_from_db()
    assert (april.ytd_amount, april.total_amount) == (D("45"), D("5045"))
    assert (may.ytd_amount, may.total_amount) == (D("57"), D("5057"))
    # A cumulative the clerk did change is still checked.
    refused = post_row(clerk, project, month_amount="13", ytd_amount="60", version=str(may.version))
    assert "本年累计完成投资应等于" in refused.content.decode()


def test_correcting_the_monthly_figure_in_the_template_in_one_step(project):
    save_fresh(user_for("byq"), project, MAY, figures("10"))
    workbook, sheet, row = template_for(project)
    sheet.cell(row, COL["month_amount"]).value = 15  # the pre-filled 本年累计 and 累计 are left as downloaded
    result = upload(workbook, mode=ImportMode.ALL_OR_NOTHING)
    assert result.updated == 1, result.errors
    report = MonthlyReport.objects.get(project=project)
    assert (report.ytd_amount, report.total_amount) == (D("15"), D("15"))


# --- Item 11: review per project ---


def test_city_approves_and_returns_single_rows_and_the_clerk_sees_why(project):
    other = make_project(stage="continuing", actual_start=dt.date(2023, 4, 1), region="210804", name="乙项目")
    clerk = client_for("byq")
    post_row(clerk, project, month_amount="10", version="0")
    post_row(clerk, other, month_amount="20", version="0")
    clerk.post(reverse("scheduling:month_submit", args=["210804", "2024-05"]))
    first, second = (MonthlyReport.objects.get(project=p) for p in (project, other))

    admin = client_for("admin")
    page = admin.get(reverse("scheduling:month", args=["210804", "2024-05"])).content.decode()
    assert page.count('data-testid="row-review"') == 2
    review = row_url(project, name="scheduling:month_row_review")
    no_comment = admin.post(review, {"decision": "returned", "comment": "", "version": first.version}, follow=True)
    assert "退回时必须填写审核意见" in no_comment.content.decode()
    admin.post(review, {"decision": "returned", "comment": "本月投资与形象进度不符", "version": first.version})
    admin.post(
        row_url(other, name="scheduling:month_row_review"),
        {"decision": "approved", "comment": "", "version": second.version},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.review_comment) == (ReportStatus.RETURNED, "本月投资与形象进度不符")
    assert second.status == ReportStatus.APPROVED
    stale = admin.post(review, {"decision": "approved", "comment": "", "version": first.version - 1}, follow=True)
    assert "不是待审核状态" in stale.content.decode()

    page = clerk.get(reverse("scheduling:month", args=["210804", "2024-05"])).content.decode()
    assert 'data-testid="returned-list"' in page and "本月投资与形象进度不符" in page
    assert 'data-testid="returned-comment"' in page and 'data-testid="row-review"' not in page
    # The clerk corrects the returned row; the approved one stays locked.
    assert "已保存" in post_row(clerk, project, month_amount="11", version=str(first.version)).content.decode()
    assert "已审核锁定" in post_row(clerk, other, month_amount="21", version=str(second.version)).content.decode()
    assert client_for("byq").post(review, {"decision": "approved", "version": first.version}).status_code == 403


def test_row_review_with_a_stale_version_is_a_conflict(project):
    save_fresh(user_for("byq"), project, MAY, figures("10"))
    submit_month(user_for("byq"), Region.objects.get(code="210804"), MAY)
    report = MonthlyReport.objects.get(project=project)
    response = client_for("admin").post(
        row_url(project, name="scheduling:month_row_review"),
        {"decision": "approved", "version": report.version - 1},
        follow=True,
    )
    assert "已被他人修改" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


# --- Item 12: amounts read and shown as money ---

WIDE_DIGITS = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@st.composite
def money_texts(draw):
    """Money as clerks type it: separators, full-width digits, a unit, spaces, signs, or plain junk."""
    if draw(st.booleans()):
        return draw(st.text(alphabet="0123456789.,-+ 万亿元千百０１２３４５６７８９，．e¥", max_size=14))
    whole = draw(st.integers(min_value=0, max_value=10**9))
    text = f"{whole:,}" if draw(st.booleans()) else str(whole)
    if draw(st.booleans()):
        text += "." + str(draw(st.integers(min_value=0, max_value=999)))
    if draw(st.booleans()):
        text = text.translate(WIDE_DIGITS)
    text += draw(st.sampled_from(["", "万元", "亿元", "万", "亿", "元", "千元", " 万元"]))
    return draw(st.sampled_from(["", " ", "-"])) + text


@hypothesis_settings(max_examples=300, deadline=None)
@given(money_texts())
def test_the_web_row_reads_any_money_text_as_the_excel_cell_parser_does(text):
    try:
        expected, reason = parse_decimal(text), None
    except CellError as error:
        expected, reason = None, error.reason
    form = ReportFiguresForm({"month_amount": text, "site_status": "working"})
    if reason is None:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["month_amount"] == expected
    else:
        assert not form.is_valid() and form.errors["month_amount"] == [reason]


@pytest.mark.parametrize("typed", ["1,200", "１２００", "0.12亿元", "1200万元", " 1 200 ", "1,200.00"])
def test_the_web_row_saves_what_the_template_accepts(project, typed):
    response = post_row(client_for("byq"), project, month_amount=typed, version="0")
    assert "已保存" in response.content.decode(), response.content.decode()
    assert MonthlyReport.objects.get(project=project).month_amount == D("1200.00")


def test_a_word_is_refused_on_the_web_row_with_the_template_message(project):
    response = post_row(client_for("byq"), project, month_amount="五十万", version="0")
    assert "「五十万」不是数字；金额请填写数字" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_sums_are_held_to_the_cent_on_both_databases(project):
    for month, amount in ((1, "39830.48"), (2, "0.10"), (3, "0.20")):
        save_fresh(user_for("byq"), project, dt.date(2024, month, 1), figures(amount))
    year_sum, last_total = earlier_figures(project, APRIL)
    assert year_sum == D("39830.78") and year_sum.as_tuple().exponent == -2
    assert last_total.as_tuple().exponent == -2


def test_amounts_are_shown_as_money_on_pages_messages_and_the_api(project, login):
    save_fresh(user_for("byq"), project, MARCH, figures("39830.48"))
    save_fresh(user_for("byq"), project, APRIL, figures("1000.1"))
    clerk = login("byq")
    # A wrong 本年累计 is explained with money, never with SQLite's long sum.
    refused = post_row(clerk, project, month_amount="1", ytd_amount="2", version="0").content.decode()
    assert "应等于 1–5 月之和 40,831.58 万元（此前各月 40,830.58 + 本月 1.00）" in refused
    assert "0000000" not in refused
    page = clerk.get(reverse("scheduling:month", args=["210804", "2024-04"])).content.decode()
    assert 'value="1,000.10"' in page and 'value="40,830.58"' in page and "0000000" not in page
    april = MonthlyReport.objects.get(project=project, period=APRIL)
    save_fresh(user_for("byq"), project, APRIL, figures("2000.1"))
    detail = clerk.get(april.get_absolute_url()).content.decode()
    assert "41,830.58" in detail and "1,000.10" in detail and "2,000.10" in detail  # fields and history
    assert "0000000" not in detail
    report_list = clerk.get(reverse("scheduling:monthlyreport_list")).content.decode()
    assert "39,830.48" in report_list
    api = APIClient()
    api.force_authenticate(user_for("byq"))
    data = api.get(reverse("scheduling-api:monthlyreport-detail", args=[april.pk])).json()
    assert (data["month_amount"], data["ytd_amount"], data["total_amount"]) == ("2000.10", "41830.58", "41830.58")


def test_project_light_figures_are_held_to_the_cent(project):
    """The warnings page and its export show the year's sum as money, not SQLite's 39830.7800000000."""
    InvestmentPlan.objects.create(project=project, year=2024, amount=D("80000"))
    for month, amount in ((1, "39830.48"), (2, "0.10"), (3, "0.20")):
        save_fresh(user_for("byq"), project, dt.date(2024, month, 1), figures(amount))
    submit_month(user_for("byq"), Region.objects.get(code="210804"), dt.date(2024, 1, 1))
    submit_month(user_for("byq"), Region.objects.get(code="210804"), dt.date(2024, 2, 1))
    submit_month(user_for("byq"), Region.objects.get(code="210804"), dt.date(2024, 3, 1))
    (light,) = project_lights(Project.objects.filter(pk=project.pk), dt.date(2024, 4, 20))
    assert str(light.figures["ytd"]) == "39830.78"
    assert "39,830.78 万元" in light.reasons[0].text
