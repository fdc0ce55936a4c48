"""Every spreadsheet the product writes (list exports, templates, import error lists) goes through these helpers.

They keep two promises. An export shows exactly what a list page shows (same restricted queryset, same filter,
same columns). And no exported cell is ever a live formula: a text starting with =, +, -, @, a tab or a carriage
return (a project named "=HYPERLINK(…)") is written as text, never as something Excel, WPS or LibreOffice would
run when the file is opened (OWASP, "CSV Injection"). Numbers stay numbers, negative ones included.
"""

import csv
import io
import tempfile
from decimal import Decimal

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font

from core.money import EXCEL_MONEY_FORMAT

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
# Money is an exact Decimal in the cell, displayed as people read it: 39,830.48.
# The first characters with which a spreadsheet program reads a typed cell as a formula (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    """Whether a value is text that a spreadsheet program would take for a formula if it were typed in."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_safe(value):
    """A value for a CSV cell: formula-like text gets OWASP's leading apostrophe; numbers and other text unchanged."""
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + value
    return value


def _needs_text_guard(value) -> bool:
    # openpyxl itself turns a str starting with "=" into a formula and "#N/A", "#DIV/0!" … into error cells.
    return isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS) or value in ERROR_CODES)


def set_text_safe(cell, value):
    """Put `value` into an openpyxl cell so that text stays text: never a formula, never an error code.

    Formula-like text is also given Excel's quote prefix, so that editing the cell later keeps it as text.
    Returns the cell.
    """
    cell.value = value
    if _needs_text_guard(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_row(sheet, values) -> list:
    """One row for a write-only sheet: guarded cells where the text needs it, money (Decimal) shown with two
    decimals and thousands separators, plain values elsewhere (fast path)."""
    row = []
    for value in values:
        if value is None:
            row.append("")
        elif _needs_text_guard(value):
            row.append(set_text_safe(WriteOnlyCell(sheet), value))
        elif isinstance(value, Decimal):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = EXCEL_MONEY_FORMAT
            row.append(cell)
        else:
            row.append(value)
    return row


def rows_to_xlsx(sheet_title: str, header, rows):
    """A one-sheet workbook (bold header, then `rows`) in openpyxl's streaming mode, as a rewound temporary file.

    Streaming keeps memory flat for large exports; money stays an exact Decimal in the cell.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(sheet_title)[:31])
    header_cells = []
    for title in header:
        cell = set_text_safe(WriteOnlyCell(sheet), str(title))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(safe_row(sheet, row))
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def rows_to_csv(header, rows) -> bytes:
    """CSV bytes in UTF-8 with a byte-order mark (so Excel shows the Chinese), every cell passed through csv_safe."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([csv_safe(str(title)) for title in header])
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_response(handle, filename: str) -> FileResponse:
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def csv_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def table_to_xlsx_response(table, basename: str) -> FileResponse:
    """Write the table's columns and every filtered row (not just one page) to an .xlsx download."""
    rows = table.as_values()
    handle = rows_to_xlsx(basename, next(rows), rows)
    filename = f"{basename}-{timezone.localtime().strftime('%Y%m%d-%H%M')}.xlsx"
    return xlsx_response(handle, filename)


def table_to_csv_response(table, basename: str) -> HttpResponse:
    """The same export as `table_to_xlsx_response`, as CSV (UTF-8 with a byte-order mark, formula-safe cells)."""
    rows = table.as_values()
    filename = f"{basename}-{timezone.localtime().strftime('%Y%m%d-%H%M')}.csv"
    return csv_response(rows_to_csv(next(rows), rows), filename)
