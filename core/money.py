"""Money is kept in 万元 as exact Decimals; these helpers are the only place it is converted or formatted."""

from decimal import Decimal

WAN_PER_YI = Decimal("10000")
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def cents(value) -> Decimal:
    """A sum held to the cent: SQLite returns Decimal sums through floating point (1889302.0000000001)."""
    return ZERO if value is None else Decimal(value).quantize(CENT)


def to_yi(wan) -> Decimal:
    """万元 → 亿元, to two decimals as summaries report."""
    return (Decimal(wan) / WAN_PER_YI).quantize(Decimal("0.01"))


def format_money(value) -> str:
    """Thousands separators and two decimals, for display only (exports keep the Decimal)."""
    return "" if value is None else f"{Decimal(value):,.2f}"
