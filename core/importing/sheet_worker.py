"""Reads one worksheet with python-calamine in a child process and streams it to the parent as pickled messages.

Why a child process: calamine is native code. A hostile or damaged workbook (a cell at XFD1048576, a zip bomb,
a broken file) can make it allocate hundreds of gigabytes and abort the whole process, which would kill the web
worker or the command line. Here it runs under a memory and CPU limit; if it dies, the parent reports the file as
unreadable instead of dying with it. This file is run as a script (`python -I sheet_worker.py …`): it imports
nothing from the project, so the child starts in a few milliseconds.

It also finds the cells that calamine reads as blanks but are not: Excel error values (#DIV/0!, #REF! …) and
formulas saved without a calculated value (as openpyxl writes them), in .xlsx and in .ods, so that the parent can
report them by cell instead of importing a blank or a 0.

Messages, each one pickle: ("sheet", info), ("errors", {(row, column): (code, formula)}), ("rows", [row, …])…,
("end",); or ("fail", kind, names) when the workbook or the sheet cannot be opened.
"""

import io
import os
import pickle
import re
import resource
import signal
import sys
import zipfile
from xml.etree import ElementTree

CHUNK = 2000
REPEAT_LIMIT = 200_100  # rows: the reader refuses longer sheets anyway
ERROR_CODES = ("#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!")
CELL_RE = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
REF_RE = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
TYPE_ERROR_RE = re.compile(rb'\bt="e"')
STRING_TYPE_RE = re.compile(rb'\bt="str"')
LETTERS_RE = re.compile(r"[A-Z]{1,3}(?=\d)")
VALUE_RE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
FORMULA_RE = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)")
ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
}


def send(message) -> None:
    pickle.dump(message, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


def column_number(letters: bytes) -> int:
    """'A' → 0, 'Z' → 25, 'AA' → 26."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


def _xlsx_sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding the worksheet called `sheet_name` (workbook.xml names it, its rels locate it)."""
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rid = None
    for element in workbook.iter():
        if element.tag.endswith("}sheet") and element.get("name") == sheet_name:
            rid = element.get(rel_ns)
    if rid is None:
        return None
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for element in rels.iter():
        if element.get("Id") == rid:
            target = element.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def xlsx_error_cells(path: str, sheet_name: str) -> dict:
    """{(row, column): (code, formula)} of error cells and of formulas without a cached value, 0-based."""
    found: dict = {}
    with zipfile.ZipFile(path) as archive:
        part = _xlsx_sheet_part(archive, sheet_name)
        if part is None or part not in archive.namelist():
            return found
        data = archive.read(part)
    if b"<f" not in data and b't="e"' not in data and b":f" not in data:
        return found  # no formula and no error anywhere: nothing to look for, cell by cell
    for match in CELL_RE.finditer(data):
        attributes, body = match[1], match[2] or b""
        is_error = TYPE_ERROR_RE.search(attributes) is not None
        formula = FORMULA_RE.search(body)
        value = VALUE_RE.search(body)
        if not is_error and (formula is None or (value is not None and value[1] != b"")):
            continue
        if not is_error and STRING_TYPE_RE.search(attributes) and value is not None:
            continue  # a formula whose result is the empty string (=IF(A2="","",…)): Excel writes t="str", <v></v>
        ref = REF_RE.search(attributes)
        if ref is None:  # cell references are optional in the format: place the cells by counting instead
            return _xlsx_error_cells_by_position(data)
        key = (int(ref[2]) - 1, column_number(ref[1]))
        text = formula[1].decode("utf-8", "replace") if formula is not None and formula[1] else ""
        if is_error:
            found[key] = ((value[1].decode("utf-8", "replace") if value is not None else "") or "#VALUE!", text)
        else:
            found[key] = ("", text)
    return found


def _xlsx_error_cells_by_position(data: bytes) -> dict:
    """The slow, exact way for sheets whose cells lack r="B7": each cell is placed by counting rows and cells."""
    found: dict = {}
    row, column = -1, -1
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        name = element.tag.rpartition("}")[2]
        if name == "row" and event == "start":
            number = element.get("r")
            row, column = (int(number) - 1 if number else row + 1), -1
        elif name == "c" and event == "end":
            match = LETTERS_RE.match(element.get("r") or "")
            column = column_number(match[0].encode()) if match else column + 1
            kind = element.get("t")
            formula = value = None
            for child in element:
                child_name = child.tag.rpartition("}")[2]
                if child_name == "f":
                    formula = child.text or ""
                elif child_name == "v":
                    value = child.text or ""
            if kind == "e":
                found[(row, column)] = (value or "#VALUE!", formula or "")
            elif formula is not None and not value and not (kind == "str" and value is not None):
                found[(row, column)] = ("", formula)
            element.clear()
    return found


def ods_error_cells(path: str, sheet_name: str, merges: list | None = None) -> dict:
    """The same for an OpenDocument sheet: cells LibreOffice marks as errors, formulas without a value type.

    calamine reports no merged cells for .ods, so the scan also collects them into `merges` (calamine's
    ((top, left), (bottom, right)) form) when a list is given: a three-line header is found by its merges.
    """
    found: dict = {}
    with zipfile.ZipFile(path) as archive:
        data = archive.read("content.xml")
    wanted = (b"table:formula", b'value-type="error"') + ((b"-spanned",) if merges is not None else ())
    if not any(word in data for word in wanted):
        return found
    t, office, calcext, text_ns = ("{" + ODS[name] + "}" for name in ("table", "office", "calcext", "text"))
    in_sheet, row, column, depth, in_row = False, -1, 0, 0, []
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        tag = element.tag
        if tag == t + "table":
            if event == "start":
                in_sheet = element.get(t + "name") == sheet_name
                row = -1
            continue
        if not in_sheet:
            if event == "end":
                element.clear()
            continue
        if tag == t + "table-row":
            if event == "start":
                row += 1
                column = 0
                depth = int(element.get(t + "number-rows-repeated", "1"))
                in_row = []
            else:
                # LibreOffice writes identical consecutive rows once, with a repeat count: so are their errors.
                for copy in range(1, min(depth, REPEAT_LIMIT)):
                    found.update({(row + copy, cell_column): mark for cell_column, mark in in_row})
                row += depth - 1
                element.clear()
        elif tag in (t + "table-cell", t + "covered-table-cell") and event == "end":
            repeat = int(element.get(t + "number-columns-repeated", "1"))
            rows_spanned = int(element.get(t + "number-rows-spanned", "1"))
            columns_spanned = int(element.get(t + "number-columns-spanned", "1"))
            if merges is not None and (rows_spanned > 1 or columns_spanned > 1):
                merges.append(((row, column), (row + rows_spanned - 1, column + columns_spanned - 1)))
            formula = element.get(t + "formula")
            kind = element.get(calcext + "value-type")
            if kind == "error" or (formula is not None and element.get(office + "value-type") is None):
                shown = "".join(p.text or "" for p in element.iter(text_ns + "p")).strip()
                code = (shown or "#VALUE!") if kind == "error" else ""
                for offset in range(min(repeat, 1024)):
                    found[(row, column + offset)] = (code, formula or "")
                    in_row.append((column + offset, (code, formula or "")))
            column += repeat
            element.clear()
    return found


def error_cells(path: str, sheet_name: str) -> tuple[dict, list]:
    """The error cells of the sheet, for the formats whose files say which cells they are, and (for .ods, where
    calamine has none) its merged ranges."""
    lower = path.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return xlsx_error_cells(path, sheet_name), []
    if lower.endswith(".ods"):
        merges: list = []
        return ods_error_cells(path, sheet_name, merges), merges
    if lower.endswith(".xls"):
        return xls_error_cells(path, sheet_name), []
    return {}, []  # .xlsb: calamine's own reading only (see docs/importing-projects.md)


def xls_error_cells(path: str, sheet_name: str) -> dict:
    """The same for an old binary .xls (as WPS still saves): calamine reads its error cells as blanks, xlrd knows
    them. An .xls always stores a formula's last result, so only error values are looked for."""
    import xlrd

    found: dict = {}
    with xlrd.open_workbook(path, on_demand=True) as book:
        if sheet_name not in book.sheet_names():
            return found
        sheet = book.sheet_by_name(sheet_name)
        for row in range(sheet.nrows):
            for column, kind in enumerate(sheet.row_types(row)):
                if kind == xlrd.XL_CELL_ERROR:
                    code = xlrd.error_text_from_code.get(sheet.cell_value(row, column), "#VALUE!")
                    found[(row, column)] = (code, "")
    return found


def start_scan(path: str, sheet_name: str):
    """Look for error cells in a forked process while calamine parses the sheet here; returns a result getter.

    The scan unpacks and searches the sheet's XML (about a second for 100,000 rows): on a second core it costs
    no waiting. The process is still single-threaded when it forks, so forking is safe.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            result = ("ok", *error_cells(path, sheet_name))
        except Exception:  # noqa: BLE001 - a sheet that cannot be scanned is not read at all (see main)
            result = ("fail",)
        with os.fdopen(write_end, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(0)
    os.close(write_end)

    def collect():
        with os.fdopen(read_end, "rb") as source:
            try:
                result = pickle.load(source)
            except (EOFError, pickle.UnpicklingError):
                result = ("fail",)
        os.waitpid(pid, 0)
        return result

    return collect


def main() -> None:
    path, sheet, memory_mb, cpu_seconds, max_cells = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    # A wall-clock limit too: a parent that stopped reading without closing the pipe must not leave this waiting.
    signal.alarm(cpu_seconds * 3)
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(path)
    except PasswordError:
        send(("fail", "password", []))
        return
    except Exception:  # noqa: BLE001 - any failure to open is the same answer: not a readable workbook
        send(("fail", "unreadable", []))
        return
    names = list(workbook.sheet_names)
    choice = sheet[1:]
    if sheet.startswith("i"):
        index = int(choice)
        target = names[index] if 0 <= index < len(names) else None
    else:
        target = choice if choice in names else None
    collect = start_scan(path, target) if target is not None else (lambda: ("ok", {}, []))
    try:
        if sheet.startswith("i"):
            found = workbook.get_sheet_by_index(int(choice))
        else:
            found = workbook.get_sheet_by_name(choice)
    except Exception as error:  # noqa: BLE001 - a missing sheet is told apart; anything else is a damaged file
        missing = type(error).__name__ in ("WorksheetNotFound", "IndexError")
        send(("fail", "no_sheet" if missing else "unreadable", names))
        return
    height = found.end[0] + 1 if found.end else 0
    width = (found.end[1] - found.start[1] + 1) if found.end and found.start else 0
    if height * max(width, 1) > max_cells:
        send(("fail", "too_large", [height, width]))
        return
    scanned = collect()
    if scanned[0] != "ok":
        # calamine read it but its XML cannot be searched for error cells: better no import than blanks.
        send(("fail", "unreadable", names))
        return
    info = {
        "name": found.name,
        "names": names,
        "start": found.start,
        "end": found.end,
        "merged": list(found.merged_cell_ranges or []) or scanned[2],
    }
    send(("sheet", info))
    send(("errors", scanned[1]))
    chunk = []
    for row in found.iter_rows():
        chunk.append(row)
        if len(chunk) == CHUNK:
            send(("rows", chunk))
            chunk = []
    if chunk:
        send(("rows", chunk))
    send(("end",))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
