"""Each rule is stated once: money and percentage rounding pinned here, and scans that fail when a rule's literal
logic reappears outside the module that owns it (docs/development/rules.md lists the owners)."""

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from django.apps import apps
from hypothesis import given, settings
from hypothesis import strategies as st

from core.money import (
    CENT,
    PERCENT_STEP,
    WAN_PER_YI,
    YUAN_PER_WAN,
    ZERO,
    cents,
    format_money,
    growth_pct,
    percent,
    round_pct,
    round_to,
    to_yi,
)

ROOT = Path(__file__).resolve().parents[2]

amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False)
positive = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e12"), places=2, allow_nan=False)


def half_up(fraction: Fraction, step: Fraction) -> Fraction:
    """Exact half-up rounding on fractions, the reference the helpers are held to."""
    units = abs(fraction) / step
    whole = int(units)
    if units - whole >= Fraction(1, 2):
        whole += 1
    return (whole if fraction >= 0 else -whole) * step


@settings(max_examples=300, deadline=None)
@given(amounts)
def test_money_is_held_to_the_cent_half_up(value):
    rounded = round_to(value)
    assert rounded.as_tuple().exponent == -2
    assert Fraction(rounded) == half_up(Fraction(value), Fraction(1, 100))
    assert round_to(rounded) == rounded  # idempotent
    assert cents(value) == rounded


def test_money_rounding_edges():
    assert round_to(Decimal("0.125")) == Decimal("0.13")  # half up, not banker's rounding
    assert round_to(Decimal("-0.125")) == Decimal("-0.13")
    assert cents(None) == ZERO
    assert cents(1889302.0000000001) == Decimal("1889302.00")  # SQLite's float sums
    assert to_yi(Decimal("2031000")) == Decimal("203.10")
    assert format_money(Decimal("1234567.8")) == "1,234,567.80"
    assert format_money(None) == ""
    assert (YUAN_PER_WAN, WAN_PER_YI, CENT, PERCENT_STEP) == (10000, 10000, Decimal("0.01"), Decimal("0.1"))


@settings(max_examples=300, deadline=None)
@given(amounts, positive)
def test_percent_is_the_exact_ratio_rounded_half_up_to_one_decimal(numerator, denominator):
    result = percent(numerator, denominator)
    assert result.as_tuple().exponent == -1
    assert Fraction(result) == half_up(Fraction(numerator) * 100 / Fraction(denominator), Fraction(1, 10))


@settings(max_examples=200, deadline=None)
@given(amounts, positive)
def test_growth_is_the_percent_of_the_change(current, previous):
    assert growth_pct(current, previous) == percent(current - previous, previous)


def test_percent_edges():
    assert percent(1, 0) is None and percent(1, None) is None
    assert growth_pct(5, 0) is None
    assert percent(1, 3) == Decimal("33.3")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 half up
    assert percent(1, 16, places=0) == Decimal("6")
    assert percent(1, 2, places=0) == Decimal("50")
    assert round_pct(Decimal("41.65")) == Decimal("41.7")
    assert growth_pct(Decimal("2031000"), Decimal("1889302")) == Decimal("7.5")


# ---------------------------------------------------------------------------------------------------------------
# Scans: the literal logic of each rule may appear only in its owner.


def source_files():
    """(relative path, text) of every installed app's own non-test, non-migration module under the repository."""
    seen = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if ROOT not in path.parents or path.relative_to(ROOT).parts[0].startswith("."):
            continue  # third-party apps (site-packages, also when the virtualenv sits in the repository)
        for file in path.rglob("*.py"):
            relative = file.relative_to(ROOT).as_posix()
            if "/tests/" in relative or "/migrations/" in relative or relative in seen:
                continue
            seen.add(relative)
            yield relative, file.read_text(encoding="utf-8")


# The demo's generators round random draws (whole 万元 with the context's rounding) to reach the seed's totals
# exactly; they make data, they do not state a rule, and changing their rounding would move the seed.
DEMO = re.compile(r"(^|/)demo\.py$")

RULES = [
    # (what, pattern, the owner(s) where it may appear)
    ("rounding money or percentages", re.compile(r"\.quantize\(|ROUND_HALF_"), {"core/money.py"}),
    (
        "money and percentage constants",
        re.compile(r'Decimal\(\s*"?(10000|0\.01|0\.1)"?\s*\)|max_digits=18|"max_digits": 18|#,##0\.00|,\.2f\}'),
        {"core/money.py"},
    ),
    (
        "a percentage computed by hand",
        re.compile(r"\*\s*100\s*/|/\s*\w+\s*\*\s*100\b"),
        # profiles: exact Fraction shares of the seasonal curve, rescaled, never rounded or shown
        {"core/money.py", "scheduling/models/profiles.py"},
    ),
    (
        "the effective stage of a paused project",
        re.compile(r"stage_before_pause\s+if\s+[\w.]*stage\s*==|stage_before_pause__in|==\s*Stage\.SUSPENDED\s+else"),
        {"projects/libraries.py"},
    ),
    (
        "who owes a monthly report",
        re.compile(r"actual_finish__gte|actual_start__lte=month_end|actual_finish\s*>=\s*period"),
        {"scheduling/rules.py"},
    ),
    (
        "import modes",
        re.compile(r"""["']valid["']\s*(if|==|\))|==\s*["']all["']|"all",\s*gettext"""),
        {"core/importing/modes.py"},
    ),
]


@pytest.mark.parametrize("what,pattern,owners", RULES, ids=[rule[0] for rule in RULES])
def test_each_rule_has_one_owner(what, pattern, owners):
    offenders = []
    for relative, text in source_files():
        if relative in owners or DEMO.search(relative):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, f"{what} belongs in {', '.join(sorted(owners))}:\n" + "\n".join(offenders)


def test_the_reference_rounding_is_half_up():
    """The helper the property tests compare with agrees with Decimal's ROUND_HALF_UP on ties."""
    for text in ("0.125", "-0.125", "2.675", "0.005"):
        assert half_up(Fraction(text), Fraction(1, 100)) == Fraction(
            Decimal(text).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        )
