"""Money and percentages: the only place amounts are rounded, converted or formatted.

Money is kept in 万元 as exact Decimals, held to the cent and rounded half up; percentages are published to one
decimal, half up. Every module that rounds an amount or computes a percentage calls these helpers (a code-scan test
in core/tests/test_rules.py refuses `quantize(` and `ROUND_HALF_UP` elsewhere).
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

YUAN_PER_WAN = Decimal("10000")  # 1 万元 = 10 000 元: cells in 元 are divided by it
WAN_PER_YI = Decimal("10000")  # 1 亿元 = 10 000 万元: summaries shown in 亿元
ZERO = Decimal("0.00")
CENT = Decimal("0.01")  # money is stored to the cent of 万元
PERCENT_STEP = Decimal("0.1")  # percentages are published to one decimal
TENTH = Decimal("0.1")  # sentences of documents give 亿元 and percentages to one decimal
WHOLE = Decimal("1")
# Every money column (model, annotation, serializer): up to 10^16 万元, to the cent; MONEY_LIMIT is the first amount
# that does not fit, refused by the cell parser with a message rather than by the database.
MONEY_DIGITS = {"max_digits": 18, "decimal_places": 2}
MONEY_LIMIT = Decimal(10) ** (MONEY_DIGITS["max_digits"] - MONEY_DIGITS["decimal_places"])
PERCENT_DIGITS = {"max_digits": 7, "decimal_places": 1}  # a published percentage: one decimal
EXCEL_MONEY_FORMAT = "#,##0.00"  # amounts in exported and template workbooks: thousands separators, two decimals


def round_to(value, step: Decimal = CENT) -> Decimal:
    """`value` rounded half up to `step` (CENT for money, PERCENT_STEP for percentages, WHOLE for whole units)."""
    return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


def cents(value) -> Decimal:
    """An amount held to the cent, ZERO for None: SQLite returns Decimal sums through floating point."""
    return ZERO if value is None else round_to(value, CENT)


def to_yi(wan) -> Decimal:
    """万元 → 亿元, to two decimals as summaries report."""
    return round_to(Decimal(wan) / WAN_PER_YI, CENT)


def round_pct(value, places: int = 1) -> Decimal:
    """A percentage (already ×100) to `places` decimals, half up, as the city publishes them."""
    return round_to(value, Decimal(1).scaleb(-places))


def percent(numerator, denominator, places: int = 1) -> Decimal | None:
    """numerator / denominator as a percentage to `places` decimals (half up); None when the denominator is 0."""
    if not denominator:
        return None
    return round_pct(Decimal(numerator) * 100 / Decimal(denominator), places)


def growth_pct(current, previous) -> Decimal | None:
    """Growth of `current` on `previous` in percent to one decimal; None when there is nothing to compare with."""
    if not previous:
        return None
    return percent(Decimal(current) - Decimal(previous), previous)


def exact_pct(numerator, denominator) -> Fraction:
    """numerator / denominator × 100 exactly (a Fraction), for comparisons that must not round first."""
    return Fraction(Decimal(numerator)) * 100 / Fraction(Decimal(denominator))


def format_money(value) -> str:
    """Thousands separators and two decimals, for display only (exports keep the Decimal)."""
    return "" if value is None else f"{Decimal(value):,.2f}"
