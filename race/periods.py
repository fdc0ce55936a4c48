"""Race periods: a month ("2024-05"), a quarter ("2024-Q2") or a year ("2024"); figures are the year's cumulative
to the period's last month, as the circulars publish them ("1—5月")."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from scheduling.calendar import add_months, month_end

MONTH, QUARTER, YEAR = "month", "quarter", "year"
KINDS = (MONTH, QUARTER, YEAR)
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})$"), MONTH),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})$"), YEAR),
)


@dataclass(frozen=True, order=True)
class Period:
    """One period of a race: its kind, year and number (month 1–12, quarter 1–4, 1 for a year)."""

    kind: str
    year: int
    number: int = 1

    @classmethod
    def parse(cls, text) -> "Period":
        """'2024-05', '2024-Q2' or '2024' → Period; a Period passes through; anything else is a ValueError in
        Chinese naming the text."""
        if isinstance(text, Period):
            return text
        value = str(text or "").strip()
        for pattern, kind in _PATTERNS:
            found = pattern.match(value)
            if found:
                year = int(found.group(1))
                number = int(found.group(2)) if kind != YEAR else 1
                if kind == MONTH and not 1 <= number <= 12:
                    break
                if 2000 <= year <= 2100:
                    return cls(kind, year, number)
        raise ValueError(
            _("期次“%(text)s”无法识别：月度写作 2024-05，季度写作 2024-Q2，年度写作 2024。") % {"text": value}
        )

    def __str__(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        return f"{self.year}"

    @property
    def last_month(self) -> int:
        """The number of the period's last month (the cumulative figures run from January to it)."""
        return {MONTH: self.number, QUARTER: self.number * 3, YEAR: 12}[self.kind]

    @property
    def through(self) -> dt.date:
        """The first day of the period's last month (how monthly reports are stored)."""
        return dt.date(self.year, self.last_month, 1)

    @property
    def start(self) -> dt.date:
        first = {MONTH: self.number, QUARTER: self.number * 3 - 2, YEAR: 1}[self.kind]
        return dt.date(self.year, first, 1)

    @property
    def end(self) -> dt.date:
        return month_end(self.through)

    @property
    def label(self) -> str:
        """'2024年5月', '2024年第二季度', '2024年'."""
        if self.kind == MONTH:
            return f"{self.year}年{self.number}月"
        if self.kind == QUARTER:
            return f"{self.year}年第{QUARTER_NAMES[self.number]}季度"
        return f"{self.year}年"

    @property
    def cumulative_label(self) -> str:
        """The span the figures cover: '1—5月' ('1月' for January)."""
        return "1月" if self.last_month == 1 else f"1—{self.last_month}月"

    def previous(self) -> "Period":
        """The period before, of the same kind (December of last year before January)."""
        if self.kind == MONTH:
            before = add_months(self.through, -1)
            return Period(MONTH, before.year, before.month)
        if self.kind == QUARTER:
            return (
                Period(QUARTER, self.year - 1, 4) if self.number == 1 else Period(QUARTER, self.year, self.number - 1)
            )
        return Period(YEAR, self.year - 1)


def current_period(kind: str, as_of: dt.date) -> Period:
    """The last period of `kind` ended by `as_of` (the race page opens on it)."""
    last = add_months(as_of.replace(day=1), -1) if month_end(as_of) != as_of else as_of.replace(day=1)
    if kind == MONTH:
        return Period(MONTH, last.year, last.month)
    if kind == QUARTER:
        quarter = last.month // 3
        return Period(QUARTER, last.year, quarter) if quarter else Period(QUARTER, last.year - 1, 4)
    return Period(YEAR, last.year if last.month == 12 else last.year - 1)
