"""Reading a spreadsheet of any layout into header names and numbered rows.

Excel (.xlsx/.xlsm/.xlsb/.xls) and OpenDocument (.ods) files are read with python-calamine, CSV with the standard
library (UTF-8, else GB18030, the encoding Chinese Excel saves in). Title lines above the header, blank rows and
merged or multi-row headers are handled here, and every row keeps the number the clerk sees in the spreadsheet,
so error messages point at the right line. A unit noted above the table ("单位：万元") is kept for the columns.

No file may crash or exhaust the process: the file's size, a workbook's declared dimensions and its uncompressed
size are checked before anything parses it; calamine itself runs in a child process under a memory and CPU limit
(`sheet_worker.py`), so that even a crash in it becomes a message; rows are capped. Every failure is told in
Chinese, never as the library's English text.
"""

import csv
import io
import itertools
import logging
import pickle
import re
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from core.importing.cells import (
    NUMBER_RE,
    ErrorCell,
    FilledDown,
    fold,
    parse_text,
    unit_note,
    units_in,
    without_units,
)
from core.importing.results import ImportFailed

logger = logging.getLogger(__name__)
WORKER = Path(__file__).with_name("sheet_worker.py")
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".ods"}
# Limits, each overridable in settings (see gongjian/settings.py): GONGJIAN_IMPORT_<NAME>.
LIMITS = {
    "MAX_ROWS": 200_000,  # data rows of one sheet
    "MAX_COLUMNS": 1_000,
    "MAX_FILE_MB": 200,  # the file as stored (uploads have their own, smaller limit)
    "MAX_UNCOMPRESSED_MB": 1_024,  # all members of an .xlsx/.ods zip together, once unpacked
    "MAX_COMPRESSION_RATIO": 200,  # a member unpacking to over 200 times its size (and over 10 MB) is a zip bomb
    "READER_MEMORY_MB": 3_072,  # address space of the child that runs calamine
    "READER_CPU_SECONDS": 600,
}
BOMB_MIN_BYTES = 10 * 2**20
DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')
NOTE_LINE_RE = re.compile(r"^[^:：]{1,12}[:：]")


def limit(name: str) -> int:
    """An import limit: settings.GONGJIAN_IMPORT_<name> when the deployment sets it, else the default."""
    return int(getattr(settings, f"GONGJIAN_IMPORT_{name}", LIMITS[name]))


def limit_bytes(name: str) -> int:
    """A limit given in MB (fractions allowed, as tests use), in bytes."""
    return int(float(getattr(settings, f"GONGJIAN_IMPORT_{name}", LIMITS[name])) * 2**20)


SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
SUFFIXES = sorted(SPREADSHEET_SUFFIXES | CSV_SUFFIXES)
MAX_HEADER_ROWS = 5
_SPACES_RE = re.compile(r"\s+")
_SPACE_NEAR_CJK_RE = re.compile(r" ?([^\x00-\x7f]) ?")


class TableError(ImportFailed):
    """The file cannot be read as a table (wrong type, damaged, too large, no such sheet, no header)."""

    def __init__(self, message, sheet_names=()):
        super().__init__(message)
        self.sheet_names = list(sheet_names)


def _unreadable() -> str:
    return _("文件无法读取：不是有效的 Excel/CSV 文件，或文件已损坏。")


@dataclass(frozen=True)
class UnitNote:
    """A unit stated above the table ("单位：万元" in a title or note line): it applies to money columns."""

    row: int
    text: str
    unit: str


@dataclass
class Table:
    """A sheet's header names (one per column, levels joined by "/") and its data rows, read lazily."""

    headers: list[str]
    rows: Iterator[tuple[int, list]]
    sheet_name: str = ""
    header_row_numbers: list[int] = field(default_factory=list)
    estimated_rows: int = 0  # for progress bars: data lines left after the header, blank ones included
    unit_notes: list[UnitNote] = field(default_factory=list)


def clean_header(value) -> str:
    """A header as one line: line breaks and runs of spaces collapsed, no spaces around Chinese characters."""
    text = _SPACES_RE.sub(" ", parse_text(value))
    return _SPACE_NEAR_CJK_RE.sub(r"\1", text).strip()


def _is_blank_row(cells) -> bool:
    for cell in cells:
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return False
    return True


def _filled(cells) -> int:
    return sum(1 for cell in cells if cell is not None and (not isinstance(cell, str) or cell.strip()))


def _is_title_or_note_line(cells) -> bool:
    """A line above the table, not its header: at most one cell of text (the title) besides label-and-value notes.

    "2024年营口市重大项目表", "填报单位：鲅鱼圈区发改局 … 单位：万元", or a title with "单位：亿元" at its right end.
    """
    texts = [text for text in map(parse_text, cells) if text]
    return sum(1 for text in texts if not NOTE_LINE_RE.match(fold(text))) <= 1


def _looks_like_value(cell) -> bool:
    """A cell that is data rather than a header word: a number or a date."""
    if cell is None or cell == "":
        return False
    if not isinstance(cell, str):
        return True
    return bool(NUMBER_RE.match(fold(cell).replace(",", "")))


def file_suffix(source, filename: str | None) -> str:
    name = filename or (str(source) if isinstance(source, str | Path) else getattr(source, "name", "") or "")
    return Path(name).suffix.lower()


def read_table(
    source,
    *,
    sheet: str | int | None = None,
    header_rows: int | None = None,
    skip_rows: int = 0,
    filename: str | None = None,
) -> Table:
    """Open a file (path or binary file object) and locate its header; rows are read as the caller iterates.

    `skip_rows` lines at the top are ignored; after them, blank lines, title lines (a single filled cell) and note
    lines ("填报单位：…  单位：万元") are skipped too. `header_rows` is the number of header lines; by default it is
    detected from merged cells (or, in CSV, from a second line of words under gaps in the first).
    """
    suffix = file_suffix(source, filename)
    if suffix in CSV_SUFFIXES:
        raw_rows, estimated, merged, sheet_name = _csv_rows(source)
    elif suffix in SPREADSHEET_SUFFIXES:
        sheet_data = read_sheet(source, sheet=sheet, filename=filename)
        raw_rows, estimated, merged, sheet_name = sheet_data.rows, sheet_data.height, sheet_data.merged, sheet_data.name
    else:
        raise TableError(
            _("不支持的文件类型「%(suffix)s」，请上传 %(allowed)s 文件。")
            % {"suffix": suffix or _("无扩展名"), "allowed": "、".join(SUFFIXES)}
        )
    if estimated > limit("MAX_ROWS") + 100:
        _close(raw_rows)
        raise _too_many_rows()
    return _locate_header(_guarded(raw_rows), estimated, merged, sheet_name, header_rows, skip_rows)


def _too_many_rows() -> TableError:
    return TableError(
        _("文件超过 %(max)s 行数据，超出一次导入的上限；请分成几个文件导入。") % {"max": f"{limit('MAX_ROWS'):,}"}
    )


def _too_big(size: int) -> TableError:
    return TableError(
        _("文件有 %(size)s MB，超过导入上限 %(max)s MB。") % {"size": _mb(size), "max": _mb(limit_bytes("MAX_FILE_MB"))}
    )


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f}"


def _close(rows) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


def _guarded(raw_rows):
    """The raw rows, numbered as in the file, refusing rows too wide or too many and CSV lines too long."""
    max_rows, max_columns = limit("MAX_ROWS") + 100, limit("MAX_COLUMNS")
    number = 0
    try:
        for number, cells in enumerate(raw_rows, start=1):
            if number > max_rows:
                raise _too_many_rows()
            if len(cells) > max_columns and _filled(cells[max_columns:]):
                raise TableError(
                    _("第 %(row)s 行有 %(count)s 列，超过上限 %(max)s 列；请检查文件。")
                    % {"row": number, "count": len(cells), "max": max_columns}
                )
            yield number, cells
    except csv.Error as error:
        raise TableError(
            _("第 %(row)s 行无法读取：这一行过长或引号不成对，请检查文件。") % {"row": number + 1}
        ) from error
    finally:
        _close(raw_rows)


# --- Spreadsheets: checked, then read by calamine in a child process ---


@dataclass
class Sheet:
    """One worksheet as the child process read it: its name, the workbook's sheet names, and its rows (lazy)."""

    name: str
    names: list[str]
    rows: Iterator[list]
    height: int
    merged: list


def read_sheet(source, *, sheet: str | int | None = None, filename: str | None = None) -> Sheet:
    """Read one worksheet of an .xlsx/.xlsm/.xlsb/.xls/.ods file safely; TableError in Chinese for any failure.

    Excel error values and formulas saved without a result come back as `ErrorCell`s where calamine would give a
    blank (or LibreOffice's 0), so that no parser can take them for a value.
    """
    suffix = file_suffix(source, filename)
    path, temporary = _as_path(source, suffix)
    try:
        _check_file(path, suffix)
        if suffix in ZIP_SUFFIXES:
            _check_archive(path, suffix)
        return _run_worker(path, sheet, temporary)
    except BaseException:
        if temporary:
            Path(path).unlink(missing_ok=True)
        raise


def _as_path(source, suffix: str) -> tuple[str, bool]:
    """A path calamine can open: the source's own, or a temporary copy of a file object (True: delete it after)."""
    if isinstance(source, str | Path):
        return str(source), False
    source.seek(0)
    with tempfile.NamedTemporaryFile(suffix=suffix, prefix="gongjian-import-", delete=False) as copy:
        while chunk := source.read(2**20):
            copy.write(chunk)
    source.seek(0)
    return copy.name, True


def _check_file(path: str, suffix: str) -> None:
    """Refuse an empty or oversized file, and say what it really is when it is not a workbook at all."""
    try:
        size = Path(path).stat().st_size
        with open(path, "rb") as file:
            head = file.read(512)
    except OSError as error:
        raise TableError(_("文件无法打开：%(name)s。") % {"name": Path(path).name}) from error
    if size == 0:
        raise TableError(_("文件是空的，没有任何内容；请检查是否上传了正确的文件。"))
    if size > limit_bytes("MAX_FILE_MB"):
        raise _too_big(size)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"<meta", b"<head")):
        raise TableError(
            _(
                "文件实际上是网页（HTML/XML）格式，只是扩展名为「%(suffix)s」；"
                "请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入。"
            )
            % {"suffix": suffix}
        )
    is_zip, is_ole = head.startswith(b"PK"), head.startswith(b"\xd0\xcf\x11\xe0")
    if suffix in ZIP_SUFFIXES and is_ole:
        raise TableError(_("文件有密码保护，或是改了扩展名的旧版 .xls 文件；请去掉密码、另存为 .xlsx 后再导入。"))
    if suffix == ".xls" and is_zip:
        raise TableError(
            _("文件实际上是 .xlsx 或 .ods 格式，只是扩展名为 .xls；请改成正确的扩展名（或另存为 .xlsx）后再导入。")
        )
    if (suffix in ZIP_SUFFIXES and not is_zip) or (suffix == ".xls" and not is_ole):
        raise TableError(_unreadable())


def _check_archive(path: str, suffix: str) -> None:
    """Before calamine unpacks an .xlsx/.ods: no zip bomb, no absurd uncompressed size or declared dimension."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise TableError(_("文件不完整或已损坏（无法解压），请重新保存或重新下载后再导入。")) from error
    with archive:
        members = archive.infolist()
        total = sum(member.file_size for member in members)
        if total > limit_bytes("MAX_UNCOMPRESSED_MB"):
            raise TableError(
                _("文件解压后有 %(size)s MB，超过上限 %(max)s MB，不予读取。")
                % {"size": _mb(total), "max": _mb(limit_bytes("MAX_UNCOMPRESSED_MB"))}
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > BOMB_MIN_BYTES and ratio > limit("MAX_COMPRESSION_RATIO"):
                raise TableError(
                    _("文件的压缩比异常（解压后膨胀 %(ratio)d 倍），疑似压缩炸弹，不予读取。") % {"ratio": ratio}
                )
        if suffix in (".xlsx", ".xlsm"):
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    _check_dimension(archive, member)


def _check_dimension(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """A worksheet's declared range (<dimension ref="A1:XFD1048576"/>) must fit the row and column limits."""
    try:
        with archive.open(member) as part:
            head = part.read(4096)  # the dimension comes first; only this much is unpacked
    except RuntimeError as error:  # zipfile's "File is encrypted"
        raise TableError(_("文件有密码保护，请去掉密码后再导入。")) from error
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise TableError(_("文件不完整或已损坏（无法解压），请重新保存或重新下载后再导入。")) from error
    match = DIMENSION_RE.search(head)
    if match is None:
        return
    letters, digits = (match[3], match[4]) if match[3] else (match[1], match[2])
    rows = int(digits) if digits else 0
    columns = 0
    for letter in letters or b"":
        columns = columns * 26 + letter - 64
    if rows > limit("MAX_ROWS") + 100 or columns > limit("MAX_COLUMNS"):
        declared = match[0].split(b'ref="')[1].rstrip(b'"').decode("ascii", "replace")
        raise TableError(
            _(
                "工作表声明的范围 %(range)s 过大（%(rows)s 行 × %(columns)s 列），"
                "超过上限 %(max_rows)s 行、%(max_columns)s 列；请删除多余的行列后另存再导入。"
            )
            % {
                "range": declared,
                "rows": f"{rows:,}",
                "columns": f"{columns:,}",
                "max_rows": f"{limit('MAX_ROWS'):,}",
                "max_columns": f"{limit('MAX_COLUMNS'):,}",
            }
        )


def _run_worker(path: str, sheet, temporary: bool) -> Sheet:
    """Start the child reading `sheet` and return the sheet with its rows as a generator fed by the child."""
    if sheet is None or sheet == "":
        choice = "i0"
    elif isinstance(sheet, int):
        choice = f"i{sheet}"
    else:
        choice = f"n{sheet}"
    max_cells = (limit("MAX_ROWS") + 100) * limit("MAX_COLUMNS")
    command = [sys.executable, "-I", str(WORKER), path, choice, str(limit("READER_MEMORY_MB"))]
    command += [str(limit("READER_CPU_SECONDS")), str(max_cells)]
    # stderr goes to a file, not a pipe: a long crash report could otherwise fill the pipe and stall the child.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log)

    def finish() -> None:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()
        if temporary:
            Path(path).unlink(missing_ok=True)

    def receive():
        try:
            return pickle.load(process.stdout)
        except (EOFError, pickle.UnpicklingError, OSError, ValueError):
            finish()
            log.seek(0)
            # The first line says why ("memory allocation of … bytes failed"); a backtrace may follow.
            reason = log.read(300).decode("utf-8", "replace").split("\n")[0]
            logger.warning("sheet reader died (status %s) on %s: %s", process.returncode, path, reason)
            raise TableError(
                _(
                    "文件无法读取：读取程序在解析该文件时异常退出（文件可能已损坏或过于庞大）。"
                    "请在 Excel 或 WPS 中打开、另存为 .xlsx 后再导入。"
                )
            ) from None

    try:
        message = receive()
        if message[0] == "fail":
            raise _failure(message[1], message[2], sheet)
        info = message[1]
        errors = receive()[1]
    except BaseException:
        finish()
        log.close()
        raise
    first_row = 0
    first_column = info["start"][1] if info["start"] else 0
    # iter_rows starts at the sheet's first row but at its first used column: merged ranges are shifted to match.
    merged = [
        ((top, left - first_column), (bottom, right - first_column)) for (top, left), (bottom, right) in info["merged"]
    ]
    errors_by_row: dict[int, dict[int, ErrorCell]] = {}
    for (row, column), (code, formula) in errors.items():
        errors_by_row.setdefault(row - first_row, {})[column - first_column] = ErrorCell(code, formula)

    def rows():
        index = 0
        try:
            while True:
                message = receive()
                if message[0] == "end":
                    break
                for cells in message[1]:
                    marks = errors_by_row.get(index)
                    if marks:
                        cells = list(cells)
                        for column, mark in marks.items():
                            if 0 <= column < len(cells):
                                cells[column] = mark
                    index += 1
                    yield cells
        finally:
            finish()
            log.close()

    height = info["end"][0] + 1 if info["end"] else 0
    return Sheet(name=info["name"], names=info["names"], rows=rows(), height=height, merged=merged)


def _failure(kind: str, detail, sheet) -> TableError:
    """The child's refusal, in the clerk's words."""
    if kind == "password":
        return TableError(_("文件有密码保护，请去掉密码后再导入。"))
    if kind == "no_sheet" and not detail:
        return TableError(_unreadable())  # a workbook without any sheet is a damaged one
    if kind == "no_sheet":
        return TableError(
            _("找不到工作表「%(sheet)s」；文件中的工作表：%(names)s。") % {"sheet": sheet, "names": "、".join(detail)},
            sheet_names=detail,
        )
    if kind == "too_large":
        return TableError(
            _("工作表有 %(rows)s 行 × %(columns)s 列，超过一次导入的上限；请删除多余的行列或分成几个文件导入。")
            % {"rows": f"{detail[0]:,}", "columns": f"{detail[1]:,}"}
        )
    return TableError(_unreadable())


# --- CSV ---


def _csv_rows(source):
    if isinstance(source, str | Path):
        try:
            size = Path(source).stat().st_size
        except OSError as error:
            raise TableError(_("文件无法打开：%(name)s。") % {"name": Path(source).name}) from error
        if size > limit_bytes("MAX_FILE_MB"):
            raise _too_big(size)
        data = Path(source).read_bytes()
    else:
        source.seek(0)
        data = source.read(limit_bytes("MAX_FILE_MB") + 1)
        if len(data) > limit_bytes("MAX_FILE_MB"):
            raise _too_big(len(data))
    if not data.strip():
        raise TableError(_("文件是空的，没有任何内容；请检查是否上传了正确的文件。"))
    if b"\x00" in data[:8192] or data.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        raise TableError(
            _("文件不是 CSV 文本（像是 Excel 或其他二进制文件）；请按实际格式保存，或另存为 CSV 后再导入。")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as error:  # neither: name the line of the first byte GB18030 cannot read
            raise TableError(
                _("第 %(row)s 行含有无法识别的字符；请将文件另存为 UTF-8 或 GBK 编码的 CSV 后再导入。")
                % {"row": data.count(b"\n", 0, error.start) + 1}
            ) from error
    del data
    first_line = text[: min(text.find("\n") if "\n" in text else len(text), 100_000)]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), text.count("\n") + 1, None, ""


def _is_bare_unit(text: str) -> bool:
    """A cell that is nothing but a money unit: "（亿元）", "万元"."""
    return bool(units_in(text)) and not without_units(text).strip(" （）()")


def _header_depth(first: list, following: list | None, top: int, merged) -> int:
    """How many lines the header spans, from merged cells where the file has them, else from the words."""
    touching = [((r1, c1), (r2, c2)) for (r1, c1), (r2, c2) in merged or () if r1 == top]
    if touching:
        depth = 1
        for (r1, c1), (r2, c2) in touching:
            depth = max(depth, r2 - r1 + 1, 2 if c2 > c1 else 1)
        return min(depth, MAX_HEADER_ROWS)
    if not following or any(_looks_like_value(cell) for cell in following):
        return 1
    words = [parse_text(cell) for cell in following if not isinstance(cell, ErrorCell)]
    if any(words) and all(_is_bare_unit(word) for word in words if word):
        return 2  # "（亿元）" under 总投资: the unit line of the header (a CSV keeps no merges to say so)
    gaps = [i for i, cell in enumerate(first) if parse_text(cell) == ""]
    return 2 if any(i < len(following) and parse_text(following[i]) for i in gaps) else 1


def _locate_header(raw_rows, estimated, merged, sheet_name, header_rows, skip_rows) -> Table:
    """Skip title and note lines (keeping the units they state), find the header lines, and hand out data rows."""
    rows = iter(raw_rows)  # (number as in the file, cells)
    pending: list[tuple[int, list]] = []
    notes: list[UnitNote] = []

    def next_row():
        return pending.pop(0) if pending else next(rows, None)

    top = None
    while True:
        item = next_row()
        if item is None:
            raise TableError(_("文件中没有找到表头（至少两列有内容的一行）。"))
        number, cells = item
        if number <= skip_rows or _is_title_or_note_line(cells):
            # Title lines such as "2024年营口市重大项目表（单位：亿元）", note lines such as "填报单位：… 单位：万元".
            for cell in cells:
                text = parse_text(cell)
                for unit in units_in(text, trailing=False) if text else ():
                    notes.append(UnitNote(number, text, unit))
            continue
        top = item
        break
    if header_rows is None:
        following = next_row()
        if following is not None:
            pending.append(following)
        header_rows = _header_depth(top[1], following[1] if following else None, top[0] - 1, merged)
    levels = [top]
    while len(levels) < header_rows:
        item = next_row()
        if item is None:
            break
        levels.append(item)
    headers = _join_levels([list(cells) for _, cells in levels], levels[0][0] - 1, merged)
    for index, header in enumerate(headers):
        # "单位：万元" typed at the right end of the header line is a note about the table, not a column.
        unit = unit_note(header) if header else None
        if unit:
            notes.append(UnitNote(levels[0][0], header, unit))
            headers[index] = ""
    width = max((i + 1 for i, name in enumerate(headers) if name), default=0)
    headers = headers[:width]

    # Cells merged down over data rows (a 县区 cell over its district's projects): {first row: [(column, last row)]}.
    merged_down: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (r1, c1), (r2, _c2) in merged or ():
        if r1 >= levels[-1][0] and r2 > r1 and 0 <= c1 < width:
            merged_down[r1].append((c1, r2))

    def data_rows():
        carried: dict[int, tuple[int, FilledDown]] = {}  # column → (last row it covers, text)
        for number, cells in itertools.chain(pending, rows):
            index = number - 1
            for column, last in merged_down.pop(index, ()):
                top_cell = cells[column] if column < len(cells) else ""
                text = "" if isinstance(top_cell, ErrorCell) else parse_text(top_cell)
                if text:
                    carried[column] = (last, FilledDown(text))
            if _is_blank_row(cells):
                continue
            cells = list(cells[:width])
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            for column, (last, text) in list(carried.items()):
                if index > last:
                    del carried[column]
                elif not isinstance(cells[column], ErrorCell) and parse_text(cells[column]) == "":
                    cells[column] = text
            yield number, cells

    return Table(
        headers=headers,
        rows=data_rows(),
        sheet_name=sheet_name,
        header_row_numbers=[number for number, _ in levels],
        estimated_rows=max(0, estimated - levels[-1][0]),
        unit_notes=notes,
    )


def _join_levels(levels: list[list], top: int, merged) -> list[str]:
    """Fill merged header cells and join the levels: "本年计划" over "投资（万元）" → "本年计划/投资（万元）"."""
    width = max(len(level) for level in levels)
    grid = [[clean_header(cell) for cell in level] + [""] * (width - len(level)) for level in levels]
    merged = [((r1, c1), (r2, c2)) for (r1, c1), (r2, c2) in merged or () if top <= r1 < top + len(grid) and c1 >= 0]
    if merged:
        for (r1, c1), (r2, c2) in merged:
            value = grid[r1 - top][c1]
            for r in range(r1 - top, min(r2 - top + 1, len(grid))):
                for c in range(c1, min(c2 + 1, width)):
                    grid[r][c] = grid[r][c] or value
    elif len(grid) > 1:
        # Without merged cells (CSV, or a sheet typed that way), a gap in an upper level continues the group on
        # its left when there is something under it.
        for depth, level in enumerate(grid[:-1]):
            for c in range(1, width):
                if not level[c] and level[c - 1] and any(lower[c] for lower in grid[depth + 1 :]):
                    level[c] = level[c - 1]
    headers = []
    for c in range(width):
        parts: list[str] = []
        for level in grid:
            if level[c] and level[c] not in parts:
                parts.append(level[c])
        headers.append("/".join(parts))
    return headers
