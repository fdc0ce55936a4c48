"""The month template writer: a district's Excel template pre-filled from the system.

Districts fill their monthly figures in Excel, WPS or LibreOffice. `build_month_workbook` writes one sheet per
district-month (title, Chinese headers with units, key columns locked, dropdowns, a hidden sheet saying what the
file is); `scheduling.excel.upload` reads it back. The layout both share is `scheduling.excel.columns`.
"""

import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.choices import RegionKind
from core.exports import set_text_safe
from core.money import EXCEL_MONEY_FORMAT
from scheduling.choices import EDITABLE_STATUSES
from scheduling.excel.columns import (
    BY_KEY,
    COLUMNS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    META_SHEET,
    MONEY_KEYS,
    NOTES_SHEET,
    TEMPLATE_KIND,
    TEMPLATE_VERSION,
    TITLE_ROW,
    month_projects,
    site_status_labels,
)
from scheduling.models import MonthlyReport
from scheduling.services import NEVER_SAVED

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")  # yellow = to be filled in
LOCKED_FILL = PatternFill("solid", fgColor="E5E5E5")  # grey = submitted or approved, no longer editable
THIN = Side(style="thin", color="A0A0A0")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _city_name(region) -> str:
    """The city a district belongs to (the top of its tree below the province), for the sheet's title."""
    node = region
    while node.parent_id and node.kind != RegionKind.CITY:
        node = node.parent
    return node.name


def template_filename(region, period: dt.date) -> str:
    return _("月度调度表-%(region)s-%(month)s.xlsx") % {"region": region.name, "month": f"{period:%Y-%m}"}


def _month_title(region, period: dt.date) -> str:
    return _("%(city)s重大项目月度调度表（%(year)s年%(month)s月）— %(region)s") % {
        "city": _city_name(region),
        "year": period.year,
        "month": period.month,
        "region": region.name,
    }


def _row_values(index: int, project, report) -> dict:
    values = {
        "seq": index,
        "project_id": project.pk,
        "national_code": project.national_code or "",
        "name": project.name,
        "owner": project.owner,
        "total_investment": project.total_investment,
        "status": report.get_status_display() if report else _("未填报"),
        "version": report.version if report else NEVER_SAVED,
    }
    if report is not None:
        values.update(
            month_amount=report.month_amount,
            ytd_amount=report.ytd_amount,
            total_amount=report.total_amount,
            site_status=site_status_labels().get(report.site_status, ""),
            progress=report.progress,
            overrun_explanation=report.overrun_explanation,
        )
    return values


def _add_validations(sheet, last_row: int) -> None:
    """Amounts must be numbers ≥ 0, the site status one of the dropdown's labels (Excel, WPS and LibreOffice)."""
    letters = {column.key: get_column_letter(i) for i, column in enumerate(COLUMNS, start=1)}
    amounts = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    amounts.error = _("请填写不小于 0 的数字，单位万元。")
    amounts.errorTitle = _("金额无效")
    amounts.showErrorMessage = True
    for key in ("month_amount", "ytd_amount", "total_amount"):
        amounts.add(f"{letters[key]}{FIRST_DATA_ROW}:{letters[key]}{last_row}")
    statuses = DataValidation(
        type="list", formula1='"' + ",".join(site_status_labels().values()) + '"', allow_blank=True
    )
    statuses.error = _("请从下拉列表中选择施工状态。")
    statuses.errorTitle = _("施工状态无效")
    statuses.showErrorMessage = True
    statuses.add(f"{letters['site_status']}{FIRST_DATA_ROW}:{letters['site_status']}{last_row}")
    sheet.add_data_validation(amounts)
    sheet.add_data_validation(statuses)


def _write_month_sheet(sheet, region, period, projects, reports) -> None:
    width = len(COLUMNS)
    sheet.cell(TITLE_ROW, 1, _month_title(region, period)).font = Font(bold=True, size=14)
    sheet.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    sheet.row_dimensions[TITLE_ROW].height = 28
    for number, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, number, _(column.header))
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(number)].width = column.width
        sheet.column_dimensions[get_column_letter(number)].hidden = column.key == "version"
    sheet.row_dimensions[HEADER_ROW].height = 32
    row = FIRST_DATA_ROW - 1
    for index, project in enumerate(projects, start=1):
        row = FIRST_DATA_ROW + index - 1
        report = reports.get(project.pk)
        editable = report is None or report.status in EDITABLE_STATUSES
        values = _row_values(index, project, report)
        for number, column in enumerate(COLUMNS, start=1):
            cell = set_text_safe(sheet.cell(row, number), values.get(column.key))
            cell.border = BORDER
            if column.key in MONEY_KEYS:
                cell.number_format = EXCEL_MONEY_FORMAT
            elif column.key in ("national_code", "name", "owner", "progress", "overrun_explanation"):
                cell.number_format = "@"
                cell.alignment = Alignment(wrap_text=column.key in ("progress", "overrun_explanation"))
            if column.editable and editable:
                cell.protection, cell.fill = Protection(locked=False), INPUT_FILL
            elif column.editable:
                cell.fill = LOCKED_FILL
    if row >= FIRST_DATA_ROW:
        _add_validations(sheet, row)
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, COLUMNS.index(BY_KEY["name"]) + 2)
    # Protected without a password: a guard against typing over keys, not a security boundary (see the docs).
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_notes(sheet) -> None:
    notes = [
        _("填表说明"),
        _("1. 黄色单元格为填报区；其余单元格已锁定（工作表保护，未设密码），请勿修改项目编号（系统）和项目名称。"),
        _("2. 金额单位均为万元，只填数字；本月没有完成投资请填 0。"),
        _("3. 本年累计、累计完成投资可以留空，由系统按各月数字自动计算；如填写，须与系统计算结果一致。"),
        _("4. 累计完成投资超过项目总投资时，必须填写超概算说明。"),
        _("5. 施工状态请从下拉列表中选择。灰色行的调度表已报送或已审核，不能再通过本表修改。"),
        _("6. 未填写的行不会导入。不要增加项目行，新项目请先在项目库登记后重新下载模板。"),
        _("7. 可用 Excel、WPS 或 LibreOffice 填写，保存为 .xlsx（也可为 .xls、.ods）后在月度调度页面上传。"),
    ]
    for number, text in enumerate(notes, start=1):
        sheet.cell(number, 1, text).font = Font(bold=number == 1, size=12 if number == 1 else 11)
    sheet.column_dimensions["A"].width = 110


def _write_meta(sheet, region, period, data_sheet: str) -> None:
    sheet.cell(1, 1, _("本工作表供系统识别模板，请勿修改。"))
    entries = [
        ("kind", TEMPLATE_KIND),
        ("version", TEMPLATE_VERSION),
        ("region", region.code),
        ("period", f"{period:%Y-%m}"),
        ("sheet", data_sheet),
    ]
    for number, (key, value) in enumerate(entries, start=2):
        sheet.cell(number, 1, key)
        sheet.cell(number, 2, value).number_format = "@"
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


def build_month_workbook(user, region, period: dt.date) -> Workbook:
    """The district-month's template, pre-filled with the figures already saved for the user's projects."""
    projects = list(month_projects(user, region, period))
    reports = {
        report.project_id: report
        for report in MonthlyReport.objects.filter(project__in=[p.pk for p in projects], period=period)
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{region.name}{period:%Y-%m}"[:31]
    _write_month_sheet(sheet, region, period, projects, reports)
    _write_notes(workbook.create_sheet(NOTES_SHEET))
    _write_meta(workbook.create_sheet(META_SHEET), region, period, sheet.title)
    workbook.active = 0
    return workbook


def month_template_bytes(user, region, period: dt.date) -> bytes:
    """The template as .xlsx bytes, ready to send."""
    buffer = io.BytesIO()
    build_month_workbook(user, region, period).save(buffer)
    return buffer.getvalue()
