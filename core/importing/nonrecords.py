"""Rows of a sheet that are not records: totals and subtotals, section headings, notes and signatures.

Chinese lists interleave their records with 合计 / 鲅鱼圈区小计 / 其中：… lines, section headings
(一、续建项目, （一）新开工项目, 1.工业项目) and, below the table, notes and signature lines (注：…, 填报单位：…,
填报人：…). They can sit in any column (the 序号 column as often as the name column), so a row is judged by its
first filled cell; cells holding only a filler ("/", "—", "-", "无") count as blank. Every importer asks
`non_record_reason` before reading a row as a record and skips such rows with the reason it returns.
"""

import re

from django.utils.translation import gettext as _

from core.importing.cells import BLANK_MARKS, fold

# 合计, 总计, 小计, 鲅鱼圈区小计, 合计（35个）, Total, Subtotal …
TOTAL_RE = re.compile(r"^.{0,16}?(合计|小计|总计|共计|subtotal|grandtotal|total)(\(.{0,20}\))?[:：]?$", re.IGNORECASE)
# 其中：新开工项目 / 其中:省重点
PART_RE = re.compile(r"^其中\s*[:：]?")
# 一、续建项目 / （一）新开工项目 / 第一部分 … : headings whatever follows in the row, unless it names an owner.
NUMERAL = "[一二三四五六七八九十百]+"
CHINESE_HEADING_RE = re.compile(rf"^({NUMERAL}\s*[、.．]|[(（]\s*{NUMERAL}\s*[)）]|第{NUMERAL}[部类批])")
# 1.工业项目 / 1、工业项目 / (1)工业项目: headings only when nothing else is in the row (a 序号 "1." is no heading).
NUMBER_HEADING_RE = re.compile(r"^([0-9]+\s*[、.．]|[(（]\s*[0-9]+\s*[)）])\s*\D")
# Notes and signature lines below the table.
NOTE_RE = re.compile(
    r"^(注|备注|说明|附注|填报说明|填报单位|填报人|填表人|制表人|制表单位|制表|联系人|联系电话|电话|审核人|审核|"
    r"负责人|单位负责人|主要负责人|分管领导|统计人|日期|填报日期|填表日期|报送日期|报送单位)\s*\d*\s*[:：]"
)
DATE_ONLY_RE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$")
# What any of the patterns above needs to find in a cell: most project names and codes have none of it, and one
# search on the raw text spares them the folding and the other patterns (a 100,000-row list is checked row by row).
TRIGGER_RE = re.compile(
    r"计|total|^\s*(其中|第|[一二三四五六七八九十百(（]|[0-9０-９]+\s*[、.．年]|注|备注|说明|附注|填|制|联|电话|审|负责|分管|统计|日期|报送)",
    re.IGNORECASE,
)
FILLER_MAX = max(len(mark) for mark in BLANK_MARKS) + 2  # room for spaces around a filler


def is_filler(cell) -> bool:
    """Whether a cell holds nothing worth reading: None, spaces, or a filler such as "/", "—", "无"."""
    if cell is None:
        return True
    if cell.__class__ is str:
        if len(cell) > FILLER_MAX:
            return False
        text = cell.strip()
        return text in BLANK_MARKS or fold(text) in BLANK_MARKS
    return False


def non_record_reason(cells: list, name=None, *, owner_blank: bool = False) -> str | None:
    """Why this row is not a record (a sentence for the result), or None when it should be read as one.

    `name` is the row's value in the name column, when the importer has one: a subtotal may follow a 序号.
    `owner_blank` says the row names no owner: then a 一、/（一） heading is one even with text beside it
    (（一） | 工业项目), while a row that names an owner is always read as a record, never dropped.
    """
    first_index = None
    for index, cell in enumerate(cells):
        if not is_filler(cell):
            first_index = index
            break
    if first_index is None:
        return _("空行（只有占位符）")
    candidates = [cells[first_index]]
    if name.__class__ is str and name is not cells[first_index]:
        candidates.append(name)
    for position, cell in enumerate(candidates):
        if cell.__class__ is not str or not TRIGGER_RE.search(cell):
            continue
        text = "".join(fold(cell).split())  # compared folded and without spaces, shown as written
        shown = {"text": _short(" ".join(cell.split()))}
        if len(text) <= 40 and TOTAL_RE.match(text):
            return _("合计或小计行「%(text)s」") % shown
        if PART_RE.match(text):
            return _("「其中」分项行「%(text)s」") % shown
        if position == 0 and NOTE_RE.match(text):
            return _("表下的说明或签署行「%(text)s」") % shown
        rest_blank = position == 0 and all(is_filler(other) for other in cells[first_index + 1 :])
        if (
            position == 0
            and CHINESE_HEADING_RE.match(text)
            and (rest_blank or owner_blank or _only_numbers(cells[first_index + 1 :]))
        ):
            return _("分组标题行「%(text)s」") % shown
        if rest_blank and (NUMBER_HEADING_RE.match(text) or DATE_ONLY_RE.match(text)):
            return _("分组标题或说明行「%(text)s」") % shown
    return None


def _only_numbers(cells) -> bool:
    """Whether the rest of a heading row holds only figures (a section's own sums), no text such as an owner."""
    for cell in cells:
        if is_filler(cell):
            continue
        if cell.__class__ is str:
            try:
                float(fold(cell).replace(",", ""))
            except ValueError:
                return False
        elif not isinstance(cell, int | float):
            return False
    return True


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:19] + "…"
