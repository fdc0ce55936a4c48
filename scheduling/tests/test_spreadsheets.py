"""The month's Excel round trip: template content, download → fill → upload, rejected rows, modes, permissions."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.importing.results import ImportFailed
from core.testing import user_for
from projects.testing import make_project
from scheduling.choices import ReportStatus
from scheduling.models import MonthlyReport
from scheduling.services import review_month, submit_month
from scheduling.spreadsheets import (
    COLUMNS,
    META_SHEET,
    ImportMode,
    build_month_workbook,
    import_month_workbook,
    month_template_bytes,
)
from scheduling.tests.helpers import save_fresh

pytestmark = pytest.mark.django_db

MAY = dt.date(2024, 5, 1)
HEADERS = [column.header for column in COLUMNS]
COL = {column.key: index for index, column in enumerate(COLUMNS, start=1)}


def _project(name, region="210804", total="1000"):
    return make_project(
        name=name, stage="continuing", actual_start=dt.date(2023, 3, 1), region=region, total_investment=Decimal(total)
    )


@pytest.fixture
def projects():
    """Three 鲅鱼圈区 projects owing a May report, one 盖州市 project, and one 鲅鱼圈区 reserve project."""
    return {
        "a": _project("鲅鱼圈甲项目"),
        "b": _project("鲅鱼圈乙项目"),
        "c": _project("鲅鱼圈丙项目"),
        "gz": _project("盖州丁项目", region="210881"),
        "reserve": make_project(name="鲅鱼圈储备项目", region="210804"),
    }


def _template(user="byq", region="210804"):
    """The downloaded template, opened with openpyxl, and the row of each project id."""
    workbook = load_workbook(io.BytesIO(month_template_bytes(user_for(user), _region(region), MAY)))
    sheet = workbook.worksheets[0]
    rows = {sheet.cell(row, COL["project_id"]).value: row for row in range(3, sheet.max_row + 1)}
    return workbook, sheet, rows


def _region(code):
    from core.models import Region

    return Region.objects.get(code=code)


def _fill(sheet, row, **values):
    """Type values into a row as a clerk would; None empties the cell."""
    for key, value in values.items():
        sheet.cell(row, COL[key]).value = value


def _bytes(workbook) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _import(workbook, mode=ImportMode.ALL_OR_NOTHING, user="byq"):
    return import_month_workbook(
        user_for(user), _bytes(workbook), region="210804", period="2024-05", mode=mode, filename="may.xlsx"
    )


def _errors(result):
    return {(error.row, error.column): error.reason for error in result.errors}


def _history_count():
    return MonthlyReport.history.count()


def test_template_content(projects):
    save_fresh(
        user_for("byq"),
        projects["a"],
        MAY,
        {"month_amount": Decimal("120.5"), "site_status": "working", "progress": "主体完工"},
    )
    workbook, sheet, rows = _template()
    assert sheet["A1"].value == "营口市重大项目月度调度表（2024年5月）— 鲅鱼圈区"
    assert "A1:N1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert [sheet.cell(2, i).value for i in range(1, len(COLUMNS) + 1)] == HEADERS
    # Only the district's construction projects, none of 盖州市 and no reserve project.
    assert set(rows) == {projects["a"].pk, projects["b"].pk, projects["c"].pk}
    row = rows[projects["a"].pk]
    assert sheet.cell(row, COL["name"]).value == "鲅鱼圈甲项目"
    assert sheet.cell(row, COL["total_investment"]).value == 1000
    assert sheet.cell(row, COL["month_amount"]).value == 120.5
    assert sheet.cell(row, COL["ytd_amount"]).value == 120.5
    assert sheet.cell(row, COL["site_status"]).value == "在建"
    assert sheet.cell(row, COL["progress"]).value == "主体完工"
    assert sheet.cell(row, COL["status"]).value == "草稿"
    assert sheet.cell(row, COL["version"]).value == 1 and sheet.cell(rows[projects["b"].pk], COL["version"]).value == 0
    assert sheet.column_dimensions["N"].hidden and sheet.cell(row, COL["version"]).protection.locked
    assert sheet.cell(rows[projects["b"].pk], COL["month_amount"]).value is None
    # Keys locked, inputs unlocked, the sheet protected, the header frozen.
    assert sheet.protection.sheet
    for key in ("project_id", "national_code", "name", "owner", "total_investment"):
        assert sheet.cell(row, COL[key]).protection.locked, key
    for key in ("month_amount", "ytd_amount", "total_amount", "site_status", "progress", "overrun_explanation"):
        assert not sheet.cell(row, COL[key]).protection.locked, key
    assert sheet.freeze_panes == "E3"
    validations = {dv.type: dv for dv in sheet.data_validations.dataValidation}
    assert validations["list"].formula1 == '"未开（复）工,在建,停工,完工"'
    assert "J3:J5" in str(validations["list"].sqref)
    assert validations["decimal"].operator == "greaterThanOrEqual" and validations["decimal"].formula1 == "0"
    meta = workbook[META_SHEET]
    assert meta.sheet_state == "hidden"
    assert {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(2, 7)} == {
        "kind": "gongjian-monthly-report",
        "version": "2",
        "region": "210804",
        "period": "2024-05",
        "sheet": sheet.title,
    }


def test_round_trip_through_the_pages_creates_drafts(projects, login):
    client = login("byq")
    download = client.get(reverse("scheduling:month_template", args=["210804", "2024-05"]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = workbook.worksheets[0]
    rows = {sheet.cell(r, COL["project_id"]).value: r for r in range(3, sheet.max_row + 1)}
    _fill(sheet, rows[projects["a"].pk], month_amount=100, site_status="在建", progress="桩基施工")
    _fill(sheet, rows[projects["b"].pk], month_amount="１２０.５万元", ytd_amount=120.5, site_status="停工")
    upload = SimpleUploadedFile("鲅鱼圈区5月.xlsx", _bytes(workbook).getvalue())
    page = client.post(reverse("scheduling:month_upload", args=["210804", "2024-05"]), {"file": upload, "mode": "all"})
    assert page.status_code == 200
    result = page.context["result"]
    assert (result.created, result.updated, result.skipped, result.rejected) == (2, 0, 1, 0), result.errors
    assert 'data-testid="count-created">2<' in page.content.decode()
    first = MonthlyReport.objects.get(project=projects["a"], period=MAY)
    assert (first.status, first.month_amount, first.ytd_amount, first.total_amount) == (
        ReportStatus.DRAFT,
        Decimal("100.00"),
        Decimal("100.00"),
        Decimal("100.00"),
    )
    assert first.progress == "桩基施工"
    second = MonthlyReport.objects.get(project=projects["b"], period=MAY)
    assert (second.month_amount, second.site_status) == (Decimal("120.50"), "stopped")


def _bad_workbook(projects):
    """A template with one good row and a row for each kind of mistake; returns (workbook, rows by label)."""
    workbook, sheet, rows = _template()
    _fill(sheet, rows[projects["a"].pk], month_amount=50)
    _fill(sheet, rows[projects["b"].pk], month_amount=-5)
    _fill(sheet, rows[projects["c"].pk], month_amount=30, ytd_amount=31)
    over = _project("鲅鱼圈超概算项目", total="100")
    text = _project("鲅鱼圈文字项目")
    extra = {"over": over, "text": text}
    base = sheet.max_row + 1
    _fill(sheet, base, project_id=over.pk, name=over.name, month_amount=150)
    _fill(sheet, base + 1, project_id=text.pk, name=text.name, month_amount="五十万")
    _fill(sheet, base + 2, project_id=999999, name="不存在的项目", month_amount=10)
    _fill(sheet, base + 3, project_id=projects["gz"].pk, name=projects["gz"].name, month_amount=10)
    labels = {
        "good": rows[projects["a"].pk],
        "negative": rows[projects["b"].pk],
        "ytd": rows[projects["c"].pk],
        "over": base,
        "text": base + 1,
        "unknown": base + 2,
        "other_district": base + 3,
    }
    return workbook, labels, extra


def test_rejected_rows_carry_row_column_and_reason(projects):
    workbook, at, _extra = _bad_workbook(projects)
    before = _history_count()
    result = _import(workbook, mode=ImportMode.ALL_OR_NOTHING)
    errors = _errors(result)
    assert "不能为负数" in errors[(at["negative"], "本月完成投资（万元）")]
    assert "应等于" in errors[(at["ytd"], "本年累计完成投资（万元）")]
    assert "须填写超概算说明" in errors[(at["over"], "超概算说明")]
    assert "不是数字" in errors[(at["text"], "本月完成投资（万元）")]
    assert "没有编号为 999999 的项目" in errors[(at["unknown"], "项目编号（系统）")]
    # byq_clerk cannot see 盖州市's project: it is reported as unknown to them, not as someone else's.
    assert "无权填报" in errors[(at["other_district"], "项目编号（系统）")]
    assert result.rejected == 6 and at["good"] not in result.rejected_rows
    # All or nothing: the good row was valid but nothing is written, not even history.
    assert not result.written and result.created == 0
    assert not MonthlyReport.objects.filter(period=MAY).exists()
    assert _history_count() == before


def test_city_admin_is_told_the_project_belongs_to_another_district(projects):
    workbook, at, _extra = _bad_workbook(projects)
    result = _import(workbook, mode=ImportMode.VALID_ROWS, user="admin")
    assert "属于盖州市" in _errors(result)[(at["other_district"], "项目编号（系统）")]


def test_valid_rows_mode_writes_only_the_valid_rows(projects, login):
    workbook, at, _extra = _bad_workbook(projects)
    upload = SimpleUploadedFile("may.xlsx", _bytes(workbook).getvalue())
    url = reverse("scheduling:month_upload", args=["210804", "2024-05"])
    page = login("byq").post(url, {"file": upload, "mode": "valid"})
    result = page.context["result"]
    assert result.written and result.created == 1 and result.rejected == 6
    assert list(MonthlyReport.objects.filter(period=MAY).values_list("project_id", flat=True)) == [projects["a"].pk]
    html = page.content.decode()
    assert f'<td class="text-end">{at["negative"]}</td><td>本月完成投资（万元）</td>' in html
    assert "已写入无误的行" in html


def test_same_file_twice_changes_nothing_the_second_time(projects):
    workbook, sheet, rows = _template()
    _fill(sheet, rows[projects["a"].pk], month_amount=10.1, site_status="在建", progress="基础施工")
    _fill(sheet, rows[projects["b"].pk], month_amount=0, ytd_amount=0, total_amount=0)
    first = _import(workbook)
    assert (first.created, first.unchanged, first.rejected) == (2, 0, 0)
    before = _history_count()
    second = _import(workbook)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 2, 0)
    assert _history_count() == before
    # A template downloaded after the import comes back unchanged too.
    again, _sheet, _rows = _template()
    assert _import(again).unchanged == 2 and _history_count() == before


def test_dry_run_reports_what_would_happen_and_writes_nothing(projects):
    workbook, sheet, rows = _template()
    _fill(sheet, rows[projects["a"].pk], month_amount=5)
    seen = []
    result = import_month_workbook(
        user_for("byq"),
        _bytes(workbook),
        region="210804",
        period="2024-05",
        filename="may.xlsx",
        dry_run=True,
        progress=lambda done, total, phase: seen.append(done),
    )
    assert (result.created, result.dry_run, result.written) == (1, True, False)
    assert seen == [1, 2, 3]
    assert not MonthlyReport.objects.exists()


def test_changed_figures_update_the_draft(projects):
    save_fresh(user_for("byq"), projects["a"], MAY, {"month_amount": Decimal("10")})
    workbook, sheet, rows = _template()
    _fill(sheet, rows[projects["a"].pk], month_amount=12, ytd_amount=None, total_amount=None)
    result = _import(workbook)
    assert (result.updated, result.created) == (1, 0), (result.errors, result.rows)
    assert MonthlyReport.objects.get(project=projects["a"], period=MAY).ytd_amount == Decimal("12.00")


def test_locked_reports_are_rejected_when_changed(projects):
    save_fresh(user_for("byq"), projects["a"], MAY, {"month_amount": Decimal("10")})
    submit_month(user_for("byq"), _region("210804"), MAY)
    review_month(user_for("admin"), _region("210804"), MAY, "approved")
    workbook, sheet, rows = _template()
    row = rows[projects["a"].pk]
    assert sheet.cell(row, COL["month_amount"]).protection.locked  # approved rows are locked in the template
    assert _import(workbook).unchanged == 1  # re-sending the approved figures is not an edit
    _fill(sheet, row, month_amount=11, ytd_amount=None, total_amount=None)
    result = _import(workbook, mode=ImportMode.VALID_ROWS)
    assert [error.row for error in result.errors] == [row]
    assert "已审核锁定" in result.errors[0].reason
    assert MonthlyReport.objects.get(project=projects["a"], period=MAY).month_amount == Decimal("10.00")


def test_columns_are_matched_by_header_text_and_missing_ones_fail_the_file(projects, tmp_path):
    """A sheet rebuilt in another order (no hidden sheet), read from a path as the command line does."""
    order = ["name", "month_amount", "project_id", "site_status", "progress", "overrun_explanation", "total_amount"]
    order.append("ytd_amount")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["鲅鱼圈区 2024年5月"])
    sheet.append([COLUMNS[COL[key] - 1].header for key in order])
    sheet.append([projects["a"].name, "3.5", projects["a"].pk, "完工", "", "", None, None])
    sheet.append(["合计", 3.5, None, None, None, None, None, None])
    path = tmp_path / "rebuilt.xlsx"
    workbook.save(path)
    result = import_month_workbook(user_for("byq"), path, region="210804", period="2024-05", mode="all")
    assert (result.created, result.skipped, result.rejected) == (1, 1, 0)
    assert MonthlyReport.objects.get(project=projects["a"], period=MAY).site_status == "finished"
    sheet.delete_cols(order.index("progress") + 1)
    with pytest.raises(ImportFailed, match="缺少必需的列：形象进度"):
        _import(workbook)


def test_edited_name_duplicate_row_and_other_month_are_refused(projects):
    workbook, sheet, rows = _template()
    row = rows[projects["a"].pk]
    _fill(sheet, row, month_amount=1, name="改过的名字")
    _fill(sheet, sheet.max_row + 1, project_id=projects["b"].pk, name=projects["b"].name, month_amount=2)
    _fill(sheet, rows[projects["b"].pk], month_amount=2)
    errors = _errors(_import(workbook, mode=ImportMode.VALID_ROWS))
    assert "不一致" in errors[(row, "项目名称")]
    assert "已在第" in errors[(sheet.max_row, "项目编号（系统）")]
    april = build_month_workbook(user_for("byq"), _region("210804"), dt.date(2024, 4, 1))
    with pytest.raises(ImportFailed, match="2024-04"):
        _import(april)


@pytest.mark.parametrize(
    ("role", "region", "status"),
    [
        ("byq", "210804", 200),
        ("admin", "210804", 200),
        ("byq", "210881", 404),
        ("gz", "210804", 404),
        ("leader", "210804", 403),
        ("zrzy", "210804", 403),
    ],
)
def test_who_may_download_and_upload(projects, login, role, region, status):
    client = login(role)
    for name in ("scheduling:month_template", "scheduling:month_upload"):
        assert client.get(reverse(name, args=[region, "2024-05"])).status_code == status, name


def test_leader_cannot_post_and_function_refuses_too(projects, login):
    workbook, _sheet, _rows = _template()
    upload = SimpleUploadedFile("may.xlsx", _bytes(workbook).getvalue())
    url = reverse("scheduling:month_upload", args=["210804", "2024-05"])
    assert login("leader").post(url, {"file": upload, "mode": "all"}).status_code == 403
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _import(workbook, user="gz")


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("may.csv", b"a,b\n1,2\n", "不支持"),
        ("may.xlsx", b"this is not a spreadsheet", "无法读取"),
    ],
)
def test_bad_files_get_a_clear_error(projects, login, filename, content, message):
    url = reverse("scheduling:month_upload", args=["210804", "2024-05"])
    page = login("byq").post(url, {"file": SimpleUploadedFile(filename, content), "mode": "valid"})
    assert page.status_code == 400
    assert message in " ".join(page.context["form"].errors["file"])
    assert not MonthlyReport.objects.exists()


def test_files_over_the_size_limit_are_refused(projects, login, settings):
    settings.GONGJIAN_MAX_UPLOAD_MB = 0.0001  # about 100 bytes
    workbook, _sheet, _rows = _template()
    upload = SimpleUploadedFile("may.xlsx", _bytes(workbook).getvalue())
    page = login("byq").post(reverse("scheduling:month_upload", args=["210804", "2024-05"]), {"file": upload})
    assert page.status_code == 400
    assert "超过上传上限" in " ".join(page.context["form"].errors["file"])


def test_command_line_import_reads_district_and_month_from_the_template(projects, tmp_path):
    """`gongjian import monthly FILE --user byq_clerk`: the file says which district and month it is for."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    workbook, sheet, rows = _template()
    _fill(sheet, rows[projects["a"].pk], month_amount=12.5)
    path = tmp_path / "鲅鱼圈区2024年5月.xlsx"
    workbook.save(path)
    with pytest.raises(CommandError, match="--user"):
        call_command("import", "monthly", str(path), "--no-progress", stdout=StringIO())
    out = StringIO()
    call_command("import", "monthly", str(path), "--user", "byq_clerk", "--no-progress", stdout=out)
    report = MonthlyReport.objects.get(project=projects["a"], period=MAY)
    assert report.month_amount == Decimal("12.50") and report.status == "draft"
    before = _history_count()
    call_command("import", "monthly", str(path), "--user", "byq_clerk", "--no-progress", stdout=StringIO())
    assert _history_count() == before  # the same file twice changes nothing
    plain = Workbook()
    plain.active.append(["项目名称", "本月完成投资（万元）"])
    plain.save(tmp_path / "plain.xlsx")
    with pytest.raises(CommandError, match="模板信息"):
        call_command("import", "monthly", str(tmp_path / "plain.xlsx"), "--user", "byq_clerk", "--no-progress")


def test_error_cells_and_uncalculated_formulas_are_rejected_not_blank(projects):
    """#DIV/0! and a formula saved without its result (as openpyxl and some tools save them) are errors by cell."""
    workbook, sheet, rows = _template()
    _fill(sheet, rows[projects["a"].pk], month_amount="#DIV/0!", site_status="在建")
    _fill(sheet, rows[projects["b"].pk], month_amount=10, ytd_amount="=G3+G4", site_status="在建")
    _fill(sheet, rows[projects["c"].pk], month_amount=20, site_status="#N/A")
    result = _import(workbook, mode=ImportMode.VALID_ROWS)
    errors = _errors(result)
    assert (
        errors[(rows[projects["a"].pk], "本月完成投资（万元）")]
        == "单元格是 Excel 错误值 #DIV/0!，请改正公式或填写数值。"
    )
    assert errors[(rows[projects["b"].pk], "本年累计完成投资（万元）")].startswith(
        "单元格是公式（=G3+G4），但文件中没有保存计算结果"
    )
    assert errors[(rows[projects["c"].pk], "施工状态")] == "单元格是 Excel 错误值 #N/A，请改正公式或填写数值。"
    assert result.rejected == 3 and not MonthlyReport.objects.filter(period=MAY).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "空"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "网页"),
        (bytes(range(256)) * 8, "不是有效的 Excel/CSV 文件"),
    ],
    ids=["empty", "html", "garbage"],
)
def test_hostile_month_uploads_get_a_chinese_message(projects, login, content, message):
    url = reverse("scheduling:month_upload", args=["210804", "2024-05"])
    page = login("byq").post(url, {"file": SimpleUploadedFile("may.xls", content), "mode": "valid"})
    assert page.status_code == 400
    assert message in " ".join(page.context["form"].errors["file"])
