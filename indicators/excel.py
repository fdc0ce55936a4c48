"""The department's Excel template for a period and its upload, through core.importing (row, column and reason
in Chinese; idempotent; all or nothing or valid rows, as the monthly upload offers).

The template carries its period on a hidden information sheet, so a file cannot be imported into another month;
each row names its indicator by code, and every row is checked as the entry form checks it (`indicators.entry`).
"""

import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.importing import CellError, ImportFailed, ImportResult, RowError, read_table
from core.importing.cells import error_reason, fold, is_blank, parse_text
from core.importing.modes import keeps_valid_rows, mode_of, parse_mode, writes
from core.importing.reader import SPREADSHEET_SUFFIXES, TableError, file_suffix, read_sheet
from indicators.choices import Qualifier
from indicators.entry import enterable, save_entries
from indicators.figures import city_region
from indicators.models import IndicatorValue
from scheduling.calendar import parse_period

META_SHEET, DATA_SHEET, KIND = "模板信息", "指标填报", "indicators"
CODE, NAME, UNIT, VALUE, QUALIFIER, GROWTH, NOTE = (
    "指标代码",
    "指标名称",
    "单位",
    "数值",
    "约数",
    "公布同比（%）",
    "说明",
)
HEADERS = (CODE, NAME, UNIT, VALUE, QUALIFIER, GROWTH, NOTE)
QUALIFIERS = {value for value in Qualifier.values if value}  # 余, 多, 超过


def stored_unit(indicator) -> str:
    """The unit a value is entered in: amounts in 万元 whatever unit they are published in."""
    return "万元" if indicator.is_money else indicator.unit


def template_bytes(user, period: dt.date) -> bytes:
    """The user's indicators of `period` with what is already saved, ready to fill in."""
    indicators = list(enterable(user))
    saved = {
        row.indicator_id: row
        for row in IndicatorValue.objects.filter(period=period, indicator__in=indicators, region=city_region())
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for indicator in indicators:
        record = saved.get(indicator.pk)
        sheet.append(
            [
                indicator.code,
                indicator.name,
                stored_unit(indicator),
                record.value if record else None,
                record.qualifier if record else None,
                record.reported_growth if record else None,
                record.note if record else None,
            ]
        )
    sheet.column_dimensions["B"].width = 40
    meta = workbook.create_sheet(META_SHEET)
    meta.append(["kind", KIND])
    meta.append(["period", f"{period:%Y-%m}"])
    meta.append(["sheet", DATA_SHEET])
    meta.sheet_state = "hidden"
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def _metadata(source, filename) -> dict:
    if file_suffix(source, filename) not in SPREADSHEET_SUFFIXES:
        return {}
    try:
        rows = list(read_sheet(source, sheet=META_SHEET, filename=filename).rows)
    except TableError:
        return {}
    return {parse_text(row[0]): parse_text(row[1]) for row in rows if len(row) >= 2 and not is_blank(row[0])}


def parse_number(value) -> Decimal | None:
    """A number cell (1,630.5 or １６３０) → Decimal, None when blank; a CellError saying why otherwise."""
    if is_blank(value):
        return None
    reason = error_reason(value)
    if reason:
        raise CellError(reason)
    if isinstance(value, bool):
        raise CellError(_("「%(value)s」不是数字。") % {"value": value})
    text = fold(str(value)).replace(",", "").rstrip("%")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("「%(value)s」不是数字。") % {"value": value}) from None
    if not number.is_finite() or number.as_tuple().exponent < -4 or abs(number) >= Decimal(10) ** 16:
        raise CellError(_("「%(value)s」超出范围或小数位超过 4 位。") % {"value": value})
    return number


def _row(cells: list, columns: dict) -> dict:
    return {header: cells[index] if index < len(cells) else None for header, index in columns.items()}


def import_values(user, source, *, filename=None, mode="all", dry_run=False, progress=None) -> ImportResult:
    """Import a filled template: every row checked (indicator, period, value, 约数, growth) before anything is
    written; all or nothing by default, or the valid rows; a dry run writes nothing."""
    try:
        mode = parse_mode(mode)
    except ValidationError as error:
        raise ImportFailed(error.messages[0]) from None
    meta = _metadata(source, filename)
    if meta.get("kind") != KIND or not meta.get("period"):
        raise ImportFailed(
            _("文件中没有「%(sheet)s」工作表，无法确定填报期间；请使用从指标填报页面下载的模板。")
            % {"sheet": META_SHEET}
        )
    try:
        period = parse_period(meta["period"])
    except ValueError:
        raise ImportFailed(_("模板信息中的期间「%(period)s」无效。") % {"period": meta["period"]}) from None
    table = read_table(source, sheet=DATA_SHEET, filename=filename)
    columns = {header: table.headers.index(header) for header in HEADERS if header in table.headers}
    missing = [header for header in (CODE, VALUE) if header not in columns]
    if missing:
        raise ImportFailed(_("缺少「%(columns)s」列。") % {"columns": "、".join(missing)})
    allowed = {indicator.code: indicator for indicator in enterable(user)}
    result = ImportResult(valid_rows_only=keeps_valid_rows(mode), dry_run=dry_run)
    rows = {}
    for number, cells in table.rows:
        result.total_rows += 1
        data = _row(cells, columns)
        code = parse_text(data.get(CODE))
        if not code:
            result.skipped += 1
            continue
        indicator = allowed.get(code)
        if indicator is None:
            result.add_error(RowError(number, CODE, _("没有您可以填报的指标「%(code)s」。") % {"code": code}))
            continue
        parsed, ok = {}, True
        for header, field in ((VALUE, "value"), (GROWTH, "reported_growth")):
            try:
                parsed[field] = parse_number(data.get(header))
            except CellError as error:
                result.add_error(RowError(number, header, error.reason))
                ok = False
        qualifier = parse_text(data.get(QUALIFIER))
        if qualifier and qualifier not in QUALIFIERS:
            reason = _("约数只能为空或“余”“多”“超过”。")
            result.add_error(RowError(number, QUALIFIER, reason))
            ok = False
        if parsed.get("value") is None and parsed.get("reported_growth") is None and ok:
            result.add_error(RowError(number, VALUE, _("请填写数值，或只填写公布的同比增速。")))
            ok = False
        if indicator in rows:
            result.add_error(RowError(number, CODE, _("指标「%(code)s」在文件中出现了两次。") % {"code": code}))
            ok = False
        if ok:
            rows[indicator] = {
                **parsed,
                "qualifier": qualifier,
                "note": parse_text(data.get(NOTE))[:200],
                "row": number,
            }
        if progress is not None:
            progress(result.total_rows, table.estimated_rows, _("导入"))
    if not writes(mode, bool(result.errors)) or not rows:
        result.errors.sort(key=lambda error: error.row)
        return result
    with transaction.atomic():
        try:
            saved = save_entries(
                user, period, {ind: {k: v for k, v in data.items() if k != "row"} for ind, data in rows.items()}
            )
        except ValidationError as error:
            transaction.set_rollback(True)
            by_code = {indicator.code: data["row"] for indicator, data in rows.items()}
            for key, messages in error.message_dict.items():
                code, _dot, _field = key.partition(".")
                for message in messages:
                    result.add_error(RowError(by_code.get(code, 0), VALUE, message))
            result.errors.sort(key=lambda error: error.row)
            return result
        except PermissionDenied as error:
            raise ImportFailed(str(error)) from None
        result.created, result.updated, result.unchanged = saved.created, saved.updated, saved.unchanged
        if dry_run:
            transaction.set_rollback(True)
        else:
            result.written = True
    result.errors.sort(key=lambda error: error.row)
    return result


def import_indicators(source, *, mapping, filename, sheet, user, dry_run, valid_rows_only, progress):
    """The import-kind entry point (core.registry.register_import_kind): `gongjian import indicators FILE --user`."""
    if mapping:
        raise ImportFailed(_("指标填报表按系统模板导入，不使用列映射文件（--mapping）。"))
    if user is None:
        raise ImportFailed(_("导入指标填报表须用 --user 指明填报人，按其权限逐行校验。"))
    return import_values(
        user, source, filename=filename, mode=mode_of(valid_rows_only), dry_run=dry_run, progress=progress
    )
