"""Cell parsing for imports: money with units and currencies, dates in every spelling, text and choices."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.importing.cells import CellError, choice_lookup, parse_choice, parse_date, parse_decimal, parse_text


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1200, "万元", "1200.00"),
        (1200.5, "万元", "1200.50"),
        (0.1 + 0.2, "万元", "0.30"),  # floats go through their shortest repr, then to cents
        ("1,200", "万元", "1200.00"),
        ("１２３，４５６．７８", "万元", "123456.78"),  # full-width digits and punctuation
        ("3.5亿元", "万元", "35000.00"),  # a unit in the cell overrides the column's
        ("3.5亿", "元", "35000.00"),
        ("1,200万元", "亿元", "1200.00"),
        ("500元", "万元", "0.05"),
        ("5000000", "元", "500.00"),
        ("2.5", "亿元", "25000.00"),
        ("2.5", "百万", "250.00"),
        (" 12.345 ", "万元", "12.35"),  # rounded half up to cents
        ("1.5E3", "万元", "1500.00"),
        ("-20", "万元", "-20.00"),
        ("￥1,000", "万元", "1000.00"),
        (Decimal("7.125"), "万元", "7.13"),
    ],
)
def test_parse_decimal_units(value, unit, expected):
    assert parse_decimal(value, unit=unit) == Decimal(expected)


def test_parse_decimal_foreign_currency_rate():
    # 1.8205 million US dollars at 6.2 yuan per dollar = 11,287,100 元 = 1128.71 万元.
    assert parse_decimal(1.8205, unit="百万", rate=Decimal("6.2")) == Decimal("1128.71")
    assert parse_decimal("182980960", unit="元", rate=Decimal("6.9")) == Decimal("126256.86")


@pytest.mark.parametrize("value", [None, "", "   ", "-", "—", "/", "　"])
def test_parse_decimal_blank(value):
    assert parse_decimal(value) is None


@pytest.mark.parametrize("value", ["abc", "12元5", "1.2.3", True, float("nan"), "1e40", object()])
def test_parse_decimal_errors_say_why(value):
    with pytest.raises(CellError) as caught:
        parse_decimal(value)
    assert caught.value.reason and ("数字" in caught.value.reason or "金额" in caught.value.reason)


def test_unknown_unit_is_an_error():
    with pytest.raises(CellError, match="未知的金额单位"):
        parse_decimal("5", unit="斤")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024/3/5", dt.date(2024, 3, 5)),
        ("2024.3.5", dt.date(2024, 3, 5)),
        ("20240305", dt.date(2024, 3, 5)),
        ("2024年3月5日", dt.date(2024, 3, 5)),
        ("2024年3月5号", dt.date(2024, 3, 5)),
        ("２０２４年３月", dt.date(2024, 3, 1)),  # full-width, month only → first of month
        ("2024-03", dt.date(2024, 3, 1)),
        ("2024-03-05 00:00:00", dt.date(2024, 3, 5)),
        (dt.datetime(2024, 3, 5, 10, 30), dt.date(2024, 3, 5)),
        (dt.date(2024, 3, 5), dt.date(2024, 3, 5)),
        (45356, dt.date(2024, 3, 5)),  # Excel serial number
        (45356.0, dt.date(2024, 3, 5)),
        ("45356", dt.date(2024, 3, 5)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_parse_date_with_declared_us_format():
    fmt = "%m/%d/%Y %I:%M:%S %p"
    assert parse_date("05/01/2014 12:00:00 AM", date_format=fmt) == dt.date(2014, 5, 1)
    # ISO dates still read when a format is declared; US dates without it are refused, not guessed.
    assert parse_date("2014-05-01", date_format=fmt) == dt.date(2014, 5, 1)
    with pytest.raises(CellError, match="无法识别的日期"):
        parse_date("05/01/2014")


@pytest.mark.parametrize("value", ["2024-02-30", "2024年13月", "明年", "12", True, 3.5])
def test_parse_date_errors(value):
    with pytest.raises(CellError) as caught:
        parse_date(value)
    assert "日期" in caught.value.reason


def test_parse_text():
    assert parse_text("  营口港  ") == "营口港"
    assert parse_text(210804.0) == "210804"  # spreadsheets store codes as floats
    assert parse_text(None) == ""
    with pytest.raises(CellError, match="最多 3 个字符"):
        parse_text("四个字符", max_length=3)


def test_parse_choice_with_synonyms():
    lookup = choice_lookup([("continuing", ["续建", "在建"]), ("planning", ["谋划储备", "储备"])])
    assert parse_choice("在建", lookup) == "continuing"
    assert parse_choice(" 储 备 ", lookup) == "planning"
    assert parse_choice("CONTINUING", lookup) == "continuing"
    assert parse_choice("", lookup) is None
    with pytest.raises(CellError, match="可选：续建、储备"):
        parse_choice("竣工", lookup, allowed_labels="续建、储备")
    assert parse_choice("竣工", {**lookup, "*": "planning"}) == "planning"


ANY_CELL = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.text(alphabet="０１２３４５６７８９，．亿万元年月日-/. 0123456789", max_size=14),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@settings(max_examples=300, deadline=None)
@given(value=ANY_CELL, unit=st.sampled_from(["元", "万元", "亿元", "百万"]))
def test_any_cell_parses_or_says_why(value, unit):
    """Whatever a spreadsheet holds, the parsers return a value of the right type or a CellError with a reason."""
    lookup = choice_lookup([("continuing", ["续建"])])
    for parse, kind in (
        (lambda v: parse_decimal(v, unit=unit, rate=Decimal("6.9")), Decimal),
        (parse_date, dt.date),
        (parse_text, str),
        (lambda v: parse_choice(v, lookup), str),
    ):
        try:
            result = parse(value)
        except CellError as error:
            assert error.reason.strip()
        else:
            assert result is None or isinstance(result, kind)


@pytest.mark.parametrize("value", ["1e999999", "1e999999亿元", "-1e999998", Decimal("1E+999999"), 10**400])
def test_written_exponents_too_large_are_refused_not_overflowed(value):
    # Found by hypothesis: "1e999999" overflowed Decimal's context (a 500) instead of saying the amount is too large.
    with pytest.raises(CellError, match="过大"):
        parse_decimal(value)


def test_tiny_written_exponent_rounds_to_zero():
    assert parse_decimal("1e-999999") == Decimal("0.00")
