"""Reading a spreadsheet of any layout into header names and numbered rows.

Excel (.xlsx/.xlsm/.xlsb/.xls) and OpenDocument (.ods) files are read with python-calamine, CSV with the standard
library (UTF-8, else GB18030, the encoding Chinese Excel saves in). Title lines above the header, blank rows and
merged or multi-row headers are handled here, and every row keeps the number the clerk sees in the spreadsheet,
so error messages point at the right line.
"""

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from core.importing.cells import NUMBER_RE, fold, parse_text
from core.importing.results import ImportFailed

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
SUFFIXES = sorted(SPREADSHEET_SUFFIXES | CSV_SUFFIXES)
MAX_HEADER_ROWS = 5
_SPACES_RE = re.compile(r"\s+")
_SPACE_NEAR_CJK_RE = re.compile(r" ?([^\x00-\x7f]) ?")


class TableError(ImportFailed):
    """The file cannot be read as a table (wrong type, damaged, no such sheet, no header)."""


@dataclass
class Table:
    """A sheet's header names (one per column, levels joined by "/") and its data rows, read lazily."""

    headers: list[str]
    rows: Iterator[tuple[int, list]]
    sheet_name: str = ""
    header_row_numbers: list[int] = field(default_factory=list)
    estimated_rows: int = 0  # for progress bars: data lines left after the header, blank ones included


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


def _looks_like_value(cell) -> bool:
    """A cell that is data rather than a header word: a number or a date."""
    if cell is None or cell == "":
        return False
    if not isinstance(cell, str):
        return True
    return bool(NUMBER_RE.match(fold(cell).replace(",", "")))


def _suffix(source, filename: str | None) -> str:
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

    `skip_rows` lines at the top are ignored; after them, blank lines and title lines (a single filled cell)
    are skipped too. `header_rows` is the number of header lines; by default it is detected from merged cells
    (or, in CSV, from a second line of words under gaps in the first).
    """
    suffix = _suffix(source, filename)
    if suffix in CSV_SUFFIXES:
        raw_rows, estimated, merged, sheet_name = _csv_rows(source)
    elif suffix in SPREADSHEET_SUFFIXES:
        raw_rows, estimated, merged, sheet_name = _calamine_rows(source, sheet)
    else:
        raise TableError(
            _("不支持的文件类型「%(suffix)s」，请上传 %(allowed)s 文件。")
            % {"suffix": suffix or _("无扩展名"), "allowed": "、".join(SUFFIXES)}
        )
    return _locate_header(raw_rows, estimated, merged, sheet_name, header_rows, skip_rows)


def open_workbook(source) -> CalamineWorkbook:
    """Open a path or a binary file object with calamine (raises CalamineError, OSError or ValueError)."""
    if isinstance(source, str | Path):
        return CalamineWorkbook.from_path(str(source))
    source.seek(0)
    return CalamineWorkbook.from_filelike(source)


def _calamine_rows(source, sheet):
    try:
        workbook = open_workbook(source)
    except (CalamineError, OSError, ValueError) as error:
        raise TableError(_("无法读取该文件：%(error)s") % {"error": error}) from error
    try:
        if sheet is None or sheet == "":
            found = workbook.get_sheet_by_index(0)
        elif isinstance(sheet, int):
            found = workbook.get_sheet_by_index(sheet)
        else:
            found = workbook.get_sheet_by_name(str(sheet))
    except (CalamineError, IndexError, ValueError) as error:
        raise TableError(
            _("找不到工作表「%(sheet)s」；文件中的工作表：%(names)s。")
            % {"sheet": sheet, "names": "、".join(workbook.sheet_names)}
        ) from error
    # iter_rows starts at the sheet's first row but at its first used column: merged ranges are shifted to match.
    first_column = found.start[1] if found.start else 0
    merged = [
        ((top, left - first_column), (bottom, right - first_column))
        for (top, left), (bottom, right) in (found.merged_cell_ranges or [])
    ]
    return found.iter_rows(), (found.end[0] + 1 if found.end else 0), merged, found.name


def _csv_rows(source):
    if isinstance(source, str | Path):
        data = Path(source).read_bytes()
    else:
        source.seek(0)
        data = source.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly any byte string
        raise TableError(_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV。"))
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), text.count("\n") + 1, None, ""


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
    gaps = [i for i, cell in enumerate(first) if parse_text(cell) == ""]
    return 2 if any(i < len(following) and parse_text(following[i]) for i in gaps) else 1


def _locate_header(raw_rows, estimated, merged, sheet_name, header_rows, skip_rows) -> Table:
    rows = enumerate(raw_rows, start=1)
    pending: list[tuple[int, list]] = []

    def next_row():
        return pending.pop(0) if pending else next(rows, None)

    top = None
    while True:
        item = next_row()
        if item is None:
            raise TableError(_("文件中没有找到表头（至少两列有内容的一行）。"))
        number, cells = item
        if number <= skip_rows or _filled(cells) < 2:
            continue  # title lines such as "2024年营口市重大项目表" or "单位：万元"
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
    width = max((i + 1 for i, name in enumerate(headers) if name), default=0)
    headers = headers[:width]

    def data_rows():
        for number, cells in itertools.chain(pending, rows):
            if _is_blank_row(cells):
                continue
            cells = list(cells[:width])
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield number, cells

    return Table(
        headers=headers,
        rows=data_rows(),
        sheet_name=sheet_name,
        header_row_numbers=[number for number, _ in levels],
        estimated_rows=max(0, estimated - levels[-1][0]),
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
