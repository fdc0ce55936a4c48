"""The document model and the sentences written from figures: numbering, dates, empty cells, a JSON round trip,
and figures the data lacks left out with a note, never invented."""

import datetime as dt
from decimal import Decimal

import pytest

from documents import sentences as say
from documents.content import Content, Outline, Table, chinese_date, chinese_number
from documents.kinds import parse_period, rank_change
from documents.tests.helpers import race_result, sample_content


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (21, "二十一")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_headings_are_numbered_per_level_and_restart_below_a_new_parent():
    outline = Outline()
    numbers = [
        outline.heading(1, "甲").number,
        outline.heading(2, "乙").number,
        outline.heading(2, "丙").number,
        outline.heading(3, "丁").number,
        outline.heading(4, "戊").number,
        outline.heading(1, "己").number,
        outline.heading(2, "庚").number,
    ]
    assert numbers == ["一、", "（一）", "（二）", "1.", "（1）", "二、", "（一）"]


def test_dates_are_written_without_zero_padding():
    assert chinese_date(dt.date(2024, 6, 5)) == "2024年6月5日"


def test_a_table_has_no_empty_cells():
    table = Table("表", ["甲", "乙"], [["1", ""], [None, "2"]])
    assert table.rows == [["1", "—"], ["—", "2"]]


def test_content_survives_its_json_snapshot():
    content = sample_content(charts=True)
    again = Content.from_json(content.as_json())
    assert again == content
    assert again.charts()[0].spec == content.charts()[0].spec


def test_the_headline_sentence_from_the_figures():
    notes = []
    city = {"started_count": 591, "ytd": Decimal("2031000.00"), "yoy_pct": Decimal("7.5")}
    assert (
        say.headline_sentence("1—5月", city, notes) == "1—5月，全市开复工项目591个，完成投资203.1亿元，同比增长7.5%。"
    )
    assert notes == []


def test_a_missing_growth_is_left_out_with_a_note_not_invented():
    notes = []
    city = {"started_count": 12, "ytd": Decimal("10000"), "yoy_pct": None}
    text = say.headline_sentence("1月", city, notes)
    assert "同比" not in text
    assert len(notes) == 1 and "同比增速未写入" in notes[0]


def test_a_fall_is_written_as_such():
    assert say.growth_text(Decimal("-2.0")) == "同比下降2.0%"
    assert say.growth_text(Decimal("0")) == "与上年同期持平"


def test_plan_sentence_compares_with_the_seasonal_schedule():
    notes = []
    city = {"plan": Decimal("4120000"), "completion_pct": Decimal("49.3"), "expected_pct": Decimal("45.0")}
    assert (
        say.plan_sentence(city, notes) == "全市年度计划投资412.0亿元，已完成49.3%，序时进度45.0%，快于序时4.3个百分点。"
    )
    assert say.plan_sentence({"plan": Decimal("0")}, notes) == ""
    assert "计划完成率未写入" in notes[-1]


def test_race_sentences_and_lists_come_from_the_result():
    result = race_result()
    notes = []
    first, second = say.race_sentence(result, notes)
    assert first.startswith("县（市）区组中，排名前3位的是鲅鱼圈区、站前区、A&B<区>；排名末位的是盖州市（62.10分）")
    assert second == "功能区组中，排名前2位的是营口经济技术开发区、营口高新区。"
    texts = say.list_sentences(result)
    assert texts["red"] == "列入红榜的地区：鲅鱼圈区。"
    assert texts["black"] == "列入黑榜的地区：盖州市。"
    assert texts["summons"] == "按照赛马规则，对盖州市主要负责同志进行约谈。"
    assert notes == []


def test_rank_changes_are_words():
    assert [rank_change(v) for v in (2, -1, 0, None)] == ["上升2位", "下降1位", "持平", ""]


def test_a_period_of_the_wrong_length_is_refused_naming_both():
    with pytest.raises(ValueError, match="月通报.*2024-Q2"):
        parse_period("circular", "2024-Q2")
    assert str(parse_period("quarterly", "2024-q2")) == "2024-Q2"


def test_sums_are_rounded_once_from_the_exact_amount():
    # 2.045亿 to one decimal is 2.0 (half up from the exact amount), not 2.1 via 2.05 (rounded to the cent first).
    assert say.yi_text(Decimal("20450")) == "2.0亿元"
    assert say.yi_text(Decimal("2031000.00")) == "203.1亿元"
    assert say.yi_text(Decimal("12345678")) == "1,234.6亿元"
