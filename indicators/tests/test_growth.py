"""Year-on-year growth as statistics offices publish it: exact Decimal arithmetic, rounded half up to the
indicator's published decimals; the published growth is used only without a base, and checked against one."""

from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from indicators.choices import Flag, Origin
from indicators.figures import growth_of, yoy

amounts = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("99999999"), places=4)
places = st.integers(min_value=0, max_value=2)


def half_up(value: Fraction, decimals: int) -> Fraction:
    """Round a Fraction half up (away from zero on ties), the reference the Decimal code must match."""
    scale = 10**decimals
    scaled = abs(value) * scale
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, scale)


def indicator(growth_precision=2, jump_limit=Decimal("200")):
    return SimpleNamespace(growth_precision=growth_precision, jump_limit=jump_limit)


@given(current=amounts, previous=amounts, decimals=places)
def test_yoy_is_exact_growth_rounded_half_up(current, previous, decimals):
    exact = (Fraction(current) - Fraction(previous)) * 100 / Fraction(previous)
    got = yoy(current, previous, decimals)
    assert Fraction(got) == half_up(exact, decimals)
    assert got.as_tuple().exponent == -decimals


@given(previous=amounts, decimals=places)
def test_no_change_is_zero_growth(previous, decimals):
    assert yoy(previous, previous, decimals) == 0


@given(current=amounts, decimals=places)
def test_no_base_no_growth(current, decimals):
    assert yoy(current, None, decimals) is None and yoy(current, Decimal("0"), decimals) is None
    assert yoy(None, current, decimals) is None


def test_the_seeds_growths():
    assert yoy(Decimal("1.63"), Decimal("1.4139"), 2) == Decimal("15.28")
    assert yoy(Decimal("18.4"), Decimal("17.86"), 0) == Decimal("3")
    assert yoy(Decimal("334.37"), Decimal("147.6964"), 2) == Decimal("126.39")
    # Half up, not to even: 1.025 → 2.5 % at one decimal would be 2.4 % under banker's rounding of 2.45.
    assert yoy(Decimal("102.45"), Decimal("100"), 1) == Decimal("2.5")


def test_reported_growth_is_used_only_without_a_base():
    assert growth_of(indicator(0), Decimal("19"), None, Decimal("30")) == (Decimal("30"), Origin.REPORTED, [])
    assert growth_of(indicator(2), Decimal("1.63"), Decimal("1.4139"), None) == (Decimal("15.28"), Origin.COMPUTED, [])


def test_a_published_growth_that_contradicts_the_stored_pair_is_flagged():
    growth, origin, flags = growth_of(indicator(2), Decimal("1.63"), Decimal("1.4139"), Decimal("12.5"))
    assert (growth, origin, flags) == (Decimal("15.28"), Origin.COMPUTED, [Flag.CONTRADICTS])
    assert growth_of(indicator(2), Decimal("1.63"), Decimal("1.4139"), Decimal("15.28"))[2] == []


def test_an_implausible_jump_is_flagged():
    assert growth_of(indicator(1, Decimal("200")), Decimal("400"), Decimal("100"), None)[2] == [Flag.JUMP]
    assert growth_of(indicator(1, Decimal("200")), Decimal("300"), Decimal("100"), None)[2] == []
