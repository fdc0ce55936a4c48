"""Parsing one spreadsheet cell into a Python value, or a `CellError` whose reason a clerk can act on.

Cells arrive as calamine gives them (str, float, int, bool, date, datetime) or as CSV text. Chinese sheets use
full-width digits and punctuation, thousands separators, units written into the cell ("3.5亿元") and dates in
several spellings; all of that is accepted here so that importers only see clean values. Money comes back in
万元, the unit the system stores.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.money import MONEY_LIMIT, YUAN_PER_WAN, round_to

# A cell holding only a dash, slash or 无 means "nothing to report" in Chinese tables, not a value.
BLANK_MARKS = frozenset({"", "-", "—", "–", "－", "/", "／", "--", "——", "无", "…"})

# How many currency units one unit of the column is (元 = the currency's own unit: yuan, dollar …).
UNIT_FACTORS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "千": Decimal(1000),
    "万元": YUAN_PER_WAN,
    "万": YUAN_PER_WAN,
    "百万元": Decimal(1000000),
    "百万": Decimal(1000000),
    "千万元": Decimal(10000000),
    "千万": Decimal(10000000),
    "亿元": Decimal(100000000),
    "亿": Decimal(100000000),
    "unit": Decimal(1),
    "thousand": Decimal(1000),
    "million": Decimal(1000000),
    "billion": Decimal(1000000000),
}
NUMBER_RE = re.compile(
    r"^(?P<sign>[-+]?)[¥$€£]?(?P<number>\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exp>[-+]?\d+))?\s*"
    r"(?P<unit>亿元|万元|千万元|千元|百万元|元|亿|万)?$"
)

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers Excel shows for 1927–2173: anything else is more likely a stray number than a date.
SERIAL_RANGE = (10000, 100000)
ISO_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
CHINESE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?$")
MONTH_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


# What Excel, WPS and LibreOffice show in a cell whose formula failed; such a cell is an error, never a value.
EXCEL_ERROR_CODES = frozenset(
    {"#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)
# A unit named in a header or a note line: "（亿元）", "(单位：万元)", "单位:亿元", "金额单位：万元", a trailing "万元".
_UNIT_WORDS = "百万元|千万元|亿元|万元|千元|元"
# In brackets or after 单位： the 元 may be left out: "总投资（亿）", "单位：万".
_SHORT_UNIT_WORDS = _UNIT_WORDS + "|百万|千万|亿|万"
_BRACKETED_UNIT_RE = re.compile(
    rf"[（(\[【]\s*(?:(?:金额|计量|货币)?单位\s*[:：]?\s*)?(?P<unit>{_SHORT_UNIT_WORDS})\s*[）)\]】]"
)
_NOTED_UNIT_RE = re.compile(rf"(?:金额|计量|货币)?单位\s*[:：]\s*(?P<unit>{_UNIT_WORDS}|百万|千万|亿|万)(?![\w])")
_TRAILING_UNIT_RE = re.compile(r"(?P<unit>百万元|千万元|亿元|万元|千元)$")
# Bracketed words that try to name an amount's unit or currency: "（万美元）", "(USD)", "（千万）".
_BRACKETED_RE = re.compile(r"[（(\[【]\s*([^）)\]】]*?)\s*[）)\]】]")
_UNIT_LIKE_RE = re.compile(r"元|币|万|亿|千|美|欧|镑|USD|EUR|RMB|CNY|\$|¥|million|billion|thousand|^单位", re.I)
_UNIT_REMOVE_RE = re.compile(
    rf"\s*[（(\[【]\s*(?:(?:金额|计量|货币)?单位\s*[:：]?\s*)?(?:{_SHORT_UNIT_WORDS})\s*[）)\]】]\s*"
)


class FilledDown(str):
    """Text the reader copied from a cell merged down over several data rows (a 县区 cell over its projects).

    Text (a district, an owner) belongs to every row the merge covers; an amount does not, so money parsers refuse it.
    """

    __slots__ = ()


class ErrorCell:
    """A cell that looks blank or numeric to the reader but is an Excel error value or a formula never calculated.

    The reader puts it where calamine gave "" (or LibreOffice's 0) so that every parser rejects the cell by name.
    """

    __slots__ = ("code", "formula")

    def __init__(self, code: str, formula: str = ""):
        self.code = code  # "" for a formula saved without a calculated value
        self.formula = formula

    def __eq__(self, other):
        return isinstance(other, ErrorCell) and (self.code, self.formula) == (other.code, other.formula)

    def __hash__(self):
        return hash((self.code, self.formula))

    def __repr__(self):
        return f"ErrorCell({self.code!r}, {self.formula!r})"

    def __str__(self):
        return self.code or ("=" + self.formula if self.formula else "")

    @property
    def reason(self) -> str:
        if self.code:
            return _("单元格是 Excel 错误值 %(code)s，请改正公式或填写数值。") % {"code": self.code}
        return _(
            "单元格是公式（=%(formula)s），但文件中没有保存计算结果；请在 Excel 或 WPS 中打开、重新计算并保存后再导入。"
        ) % {"formula": _show(self.formula)}


def error_reason(value) -> str | None:
    """Why a cell is an error value (an ErrorCell, or text such as "#DIV/0!" from a CSV), else None."""
    if value.__class__ is ErrorCell:
        return value.reason
    if isinstance(value, str) and value[:1] == "#" and value.strip() in EXCEL_ERROR_CODES:
        return ErrorCell(value.strip()).reason
    return None


def units_in(text: str, *, trailing: bool = True) -> list[str]:
    """Every money unit a header or a note line names: "总投资（亿元）" → ["亿元"], "单位：万元" → ["万元"].

    Each level of a joined header ("总投资（亿元）/计划") is read on its own; a level may also end in a bare unit
    ("总投资万元") or be one ("亿元" under a merged "总投资"); `trailing=False` leaves those out, for titles such
    as "全市重大项目总投资1200亿元" where a closing unit is a figure's, not the table's.
    """
    found: list[str] = []
    for part in fold(str(text)).split("/"):
        units = [_full_unit(match["unit"]) for match in _BRACKETED_UNIT_RE.finditer(part)]
        units = units or [_full_unit(match["unit"]) for match in _NOTED_UNIT_RE.finditer(part)]
        if not units and trailing:
            match = _TRAILING_UNIT_RE.search(part.strip())
            units = [match["unit"]] if match else []
        found += units
    return found


_WHOLE_NOTE_RE = re.compile(
    rf"^[（(\[【]?\s*(?:金额|计量|货币)?单位\s*[:：]\s*(?P<unit>{_SHORT_UNIT_WORDS})\s*[）)\]】]?$"
)


def unit_note(text: str) -> str | None:
    """The unit when a whole cell is a unit note ("单位：万元", "（金额单位：亿元）"), else None."""
    match = _WHOLE_NOTE_RE.match(fold(str(text)))
    return _full_unit(match["unit"]) if match else None


def _full_unit(unit: str) -> str:
    """ "亿" → "亿元": the unit as the messages and UNIT_FACTORS name it."""
    return unit if unit.endswith("元") else unit + "元"


def unknown_units(text: str) -> list[str]:
    """Bracketed words in a header that look like a unit or currency but are none this system knows ("万美元")."""
    found = []
    for content in _BRACKETED_RE.findall(fold(str(text))):
        if _UNIT_LIKE_RE.search(content) and not units_in(f"（{content}）"):
            found.append(content)
    return found


def without_units(text: str) -> str:
    """A header with its bracketed units taken out: "总投资（亿元）/计划" → "总投资/计划"."""
    return _UNIT_REMOVE_RE.sub("", fold(str(text)))


class CellError(Exception):
    """A cell that cannot become a value; `reason` is a Chinese sentence saying what is wrong and what is expected."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = str(reason)


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (NFKC), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def normalise_key(text) -> str:
    """The form in which headers and choice values are compared: folded, without any spaces, case-insensitive."""
    return "".join(fold(str(text)).split()).casefold()


def is_blank(value) -> bool:
    """Whether a cell holds nothing (None, empty or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _show(value) -> str:
    """The cell as the clerk sees it, shortened for an error message."""
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "…"


def unit_factor(unit: str) -> Decimal:
    """The multiplier of a unit name (元, 万元, 亿元, 百万, million …); CellError for an unknown one."""
    factor = UNIT_FACTORS.get(fold(unit).casefold()) if unit else None
    if factor is None:
        raise CellError(_("未知的金额单位「%(unit)s」，可用：元、千元、万元、百万元、亿元。") % {"unit": unit})
    return factor


def parse_decimal(value, *, unit: str = "万元", rate: Decimal | None = None) -> Decimal | None:
    """A money cell → Decimal in 万元 (two decimals), or None when blank.

    `unit` is the column's unit; a unit written in the cell ("3.5亿元", "1,200万元", "500元") overrides it.
    `rate` converts a foreign currency declared by the mapping into yuan (1 unit = rate 元).
    """
    if value is None:
        return None
    reason = error_reason(value)
    if reason:
        raise CellError(reason)
    if isinstance(value, bool):
        raise CellError(_("「%(value)s」不是数字。") % {"value": value})
    if isinstance(value, FilledDown):
        raise CellError(
            _("金额「%(value)s」在跨多行的合并单元格里，无法判断属于哪一行；请取消合并，在每一行填写各自的金额。")
            % {"value": value}
        )
    scale = UNIT_FACTORS.get(unit)
    if scale is None:
        scale = unit_factor(unit)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(_("「%(value)s」不是有效数字。") % {"value": value})
        amount = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        amount = Decimal(value)
        if not amount.is_finite():
            raise CellError(_("「%(value)s」不是有效数字。") % {"value": value})
    elif isinstance(value, str):
        text = value.strip()
        if text in BLANK_MARKS:
            return None
        text = fold(text).replace(",", "").replace(" ", "")
        if text in BLANK_MARKS:
            return None
        match = NUMBER_RE.match(text)
        if not match:
            raise CellError(
                _("「%(value)s」不是数字；金额请填写数字，可带单位，如 1200、1,200万元、3.5亿元。")
                % {"value": _show(value)}
            )
        try:
            amount = Decimal(match["sign"] + match["number"] + (f"e{match['exp']}" if match["exp"] else ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
            raise CellError(_("「%(value)s」不是数字。") % {"value": _show(value)}) from None
        if match["unit"]:
            scale = UNIT_FACTORS[match["unit"]]
    else:
        raise CellError(_("「%(value)s」不是数字。") % {"value": _show(value)})
    # A written exponent (1e999999) would overflow the arithmetic below: anything this large is refused here.
    if amount and amount.adjusted() > MONEY_LIMIT.adjusted() + 12:
        raise CellError(_("金额「%(value)s」过大，超出系统可记录的范围。") % {"value": _show(value)})
    if scale != YUAN_PER_WAN:
        amount = amount * scale / YUAN_PER_WAN
    if rate is not None:
        amount *= rate
    if abs(amount) >= MONEY_LIMIT:
        raise CellError(_("金额「%(value)s」过大，超出系统可记录的范围。") % {"value": _show(value)})
    return round_to(amount)


def _make_date(value, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(_("日期「%(value)s」不存在。") % {"value": _show(value)}) from None


def _from_serial(value, number: float) -> dt.date:
    if not SERIAL_RANGE[0] <= number < SERIAL_RANGE[1]:
        raise CellError(
            _("「%(value)s」不是日期；请填写如 2024-03-05、2024/3/5、2024年3月5日 的日期。") % {"value": _show(value)}
        )
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def parse_date(value, *, date_format: str | tuple[str, ...] | None = None) -> dt.date | None:
    """A date cell → date, or None when blank.

    Accepts date/datetime objects, 2024-03-05, 2024/3/5, 2024.3.5, 20240305, 2024年3月5日, 2024年3月 and
    2024-03 (first of the month), Excel serial numbers, and the `date_format` (strptime, one or several) the
    mapping declares, such as the US "%m/%d/%Y %I:%M:%S %p".
    """
    if value is None:
        return None
    reason = error_reason(value)
    if reason:
        raise CellError(reason)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(_("「%(value)s」不是日期。") % {"value": value})
    if isinstance(value, int | float):
        if value != value:
            raise CellError(_("「%(value)s」不是日期。") % {"value": value})
        return _from_serial(value, value)
    if not isinstance(value, str):
        raise CellError(_("「%(value)s」不是日期。") % {"value": _show(value)})
    text = value.strip()
    if text in BLANK_MARKS:
        return None
    for declared in (date_format,) if isinstance(date_format, str) else date_format or ():
        try:
            return dt.datetime.strptime(text, declared).date()
        except ValueError:
            continue  # the next declared format, then the spellings every sheet may use
    text = fold(text)
    if text in BLANK_MARKS:
        return None
    match = ISO_RE.match(text) or CHINESE_RE.match(text) or COMPACT_RE.match(text)
    if match:
        return _make_date(value, int(match[1]), int(match[2]), int(match[3] or 1))
    match = MONTH_RE.match(text)
    if match:
        return _make_date(value, int(match[1]), int(match[2]), 1)
    if text.isdigit():
        return _from_serial(value, int(text))
    expected = _("请填写如 2024-03-05、2024/3/5、2024年3月5日 的日期")
    if date_format:
        declared = date_format if isinstance(date_format, str) else " / ".join(date_format)
        expected += _("，或按映射声明的格式 %(format)s") % {"format": declared}
    raise CellError(_("无法识别的日期「%(value)s」；%(expected)s。") % {"value": _show(value), "expected": expected})


def parse_text(value, *, max_length: int | None = None, reject_errors: bool = False) -> str:
    """A text cell → trimmed str ('' when blank); numbers lose a spurious '.0' that spreadsheets add to codes.

    With `reject_errors` (a field's value) an Excel error cell is a CellError; without it (headers, keys, examples)
    it reads as the code the clerk sees, such as "#REF!".
    """
    if value is None:
        return ""
    if reject_errors:
        reason = error_reason(value)
        if reason:
            raise CellError(reason)
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime | dt.date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    if max_length is not None and len(text) > max_length:
        raise CellError(
            _("内容过长（%(length)s 个字符），最多 %(max)s 个字符。") % {"length": len(text), "max": max_length}
        )
    return text


def choice_lookup(pairs) -> dict[str, str]:
    """{normalised synonym: value} from (value, [label, synonym, …]) pairs; the value itself is accepted too."""
    lookup: dict[str, str] = {}
    for value, names in pairs:
        for name in (value, *names):
            lookup.setdefault(normalise_key(name), value)
    # The names exactly as written too, so that most cells are found without normalising them first.
    for value, names in pairs:
        for name in (value, *names):
            lookup.setdefault(str(name), value)
    return lookup


def parse_choice(value, choices: dict[str, str], *, allowed_labels: str = "") -> str | None:
    """A choice cell → its stored value via `choices` (a `choice_lookup`), None when blank."""
    text = parse_text(value, reject_errors=True)
    if text in BLANK_MARKS:
        return None
    found = choices.get(text)
    if found is None:
        found = choices.get(normalise_key(text))
    if found is None:
        if "*" in choices:  # a mapping's catch-all for values it does not list
            return choices["*"]
        message = _("「%(value)s」不是可选的值。") % {"value": _show(text)}
        if allowed_labels:
            message += _("可选：%(labels)s。") % {"labels": allowed_labels}
        raise CellError(message)
    return found
