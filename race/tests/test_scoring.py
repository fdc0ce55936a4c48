"""Scoring methods and periods as properties (hypothesis): points by rank, linear, bands, per project, base with
additions and deductions and caps, ties, direction; and the Chinese refusals of bad parameters."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import round_to
from race.choices import Direction, Method, TieRule
from race.periods import Period
from race.scoring import (
    bands,
    base_adjust,
    clamp,
    competition_ranks,
    linear,
    per_project,
    rank_points,
    validate_params,
)

values = st.decimals(min_value=-200, max_value=500, places=2, allow_nan=False, allow_infinity=False)
groups = st.dictionaries(st.integers(1, 40), st.one_of(st.none(), values), min_size=1, max_size=12)


@given(groups, st.sampled_from(Direction.values))
def test_ranks_are_competition_ranks(group, direction):
    """Rank = 1 + how many known values are strictly better; ties share; unknown values come after all known."""
    ranks = competition_ranks(group, direction)
    known = [v for v in group.values() if v is not None]
    for key, value in group.items():
        if value is None:
            assert ranks[key] == len(known) + 1
        else:
            better = [v for v in known if (v > value if direction == Direction.HIGHER else v < value)]
            assert ranks[key] == len(better) + 1


@given(groups, st.decimals(0, 50, places=1), st.decimals(0, 10, places=1), st.sampled_from(TieRule.values))
def test_rank_points_never_reward_a_worse_value(group, weight, step, tie):
    scores = rank_points(group, weight, step, Direction.HIGHER, tie)
    for a, va in group.items():
        assert Decimal(0) <= scores[a].points <= weight
        for b, vb in group.items():
            if va is not None and vb is not None and va > vb:
                assert scores[a].points >= scores[b].points
            if va is not None and va == vb:
                assert scores[a].points == scores[b].points  # ties are treated alike
        if va is None:
            assert scores[a].points == 0


def test_rank_points_ties_shared_or_averaged():
    group = {1: Decimal("9"), 2: Decimal("9"), 3: Decimal("5")}
    shared = rank_points(group, 10, 2, tie_rule=TieRule.SHARED)
    assert [shared[k].points for k in (1, 2, 3)] == [Decimal("10.00"), Decimal("10.00"), Decimal("6.00")]
    average = rank_points(group, 10, 2, tie_rule=TieRule.AVERAGE)
    assert [average[k].points for k in (1, 2, 3)] == [Decimal("9.00"), Decimal("9.00"), Decimal("6.00")]
    assert "排第1名（2个并列）" in shared[1].reason


@given(st.decimals(0, 300, places=2), st.decimals(1, 100, places=1), st.decimals(1, 200, places=1))
def test_linear_is_weight_at_the_target_and_proportional(value, weight, target):
    score = linear(value, weight, target)
    assert abs(score.points - weight * value / target) <= Decimal("0.005")
    assert linear(target, weight, target).points == round_to(weight)  # exactly the weight at the target


def test_linear_lower_is_better():
    assert linear(Decimal("50"), 10, 100, Direction.LOWER).points == Decimal("20.00")
    assert linear(Decimal("0"), 10, 100, Direction.LOWER).points == Decimal("10")


@given(st.decimals(-50, 500, places=2))
def test_bands_give_the_best_band_reached(value):
    table = [[100, 10], [50, 6], [0, 3]]
    expected = 10 if value >= 100 else 6 if value >= 50 else 3 if value >= 0 else 0
    assert bands(value, table).points == expected


@given(st.lists(st.integers(0, 500), min_size=4, max_size=4), st.lists(st.integers(0, 30), min_size=4, max_size=4))
def test_per_project_is_the_sum_of_counts_times_points(counts, points):
    assert per_project(tuple(counts), points).points == sum(c * p for c, p in zip(counts, points, strict=True))


@given(st.decimals(0, 200, places=2))
def test_the_hundred_point_plan_item(value):
    """40 points; −0.1 a point short of 100; +0.2 a point between 100 and 130; held within ±10 by the caps."""
    score = clamp(
        base_adjust(value, 40, 100, above=Decimal("0.2"), below=Decimal("0.1"), above_until=130).points, 30, 50
    )
    if value < 100:
        expected = max(Decimal(30), 40 - (100 - value) * Decimal("0.1"))
    else:
        expected = 40 + (min(value, Decimal(130)) - 100) * Decimal("0.2")
    assert abs(score - expected) <= Decimal("0.005")
    assert Decimal(30) <= score <= Decimal(46)  # +0.2 × 30 points at most


def test_base_adjust_explains_itself():
    score = base_adjust(Decimal("105.2"), 40, 100, above=Decimal("0.2"), below=Decimal("0.1"), above_until=130)
    assert score.points == Decimal("41.04")
    assert score.reason == "基础分40，优于目标100共5.2，加1.04分，得41.04分"
    deduction = base_adjust(Decimal("2"), 0, 0, below=3, direction=Direction.LOWER)
    assert deduction.points == Decimal("-6.00") and "减6分" in deduction.reason


@pytest.mark.parametrize(
    "method,params,measure,message",
    [
        (Method.LINEAR, {}, "plan_completion", "计分参数缺少“target”。"),
        (Method.LINEAR, {"target": 0}, "plan_completion", "计分参数“target”必须大于0。"),
        (Method.LINEAR, {"target": "一百"}, "plan_completion", "计分参数“target”应为数字，现为“一百”。"),
        (Method.RANK_POINTS, {"step": -1}, "yoy_growth", "计分参数“step”不能小于0。"),
        (Method.BANDS, {"bands": [[100]]}, "yoy_growth", "计分参数“bands”第1档应为[门槛, 分值]。"),
        (Method.PER_PROJECT, {"points": [5]}, "plan_size", "计分参数“points”应有4个分值（该口径分4档），现有1个。"),
        (
            Method.BASE_ADJUST,
            {"target": 100, "above_until": 90},
            "schedule_ratio",
            "计分参数“above_until”（90）不能低于目标“target”（100）。",
        ),
        (Method.LINEAR, {"target": 100}, "no_such", "未知的取数口径“no_such”。"),
    ],
)
def test_bad_parameters_are_named_in_chinese(method, params, measure, message):
    assert message in validate_params(method, params, measure)


def test_good_parameters_pass():
    assert validate_params(Method.PER_PROJECT, {"points": [20, 10, 6, 3]}, "plan_size") == []
    assert validate_params(Method.BASE_ADJUST, {"target": 100, "above": 0.2, "below": 0.1}, "schedule_ratio") == []


@pytest.mark.parametrize(
    "text,label,cumulative,previous",
    [
        ("2024-05", "2024年5月", "1—5月", "2024-04"),
        ("2024-01", "2024年1月", "1月", "2023-12"),
        ("2024-Q2", "2024年第二季度", "1—6月", "2024-Q1"),
        ("2024-Q1", "2024年第一季度", "1—3月", "2023-Q4"),
        ("2024", "2024年", "1—12月", "2023"),
    ],
)
def test_periods(text, label, cumulative, previous):
    period = Period.parse(text)
    assert (str(period), period.label, period.cumulative_label, str(period.previous())) == (
        text,
        label,
        cumulative,
        previous,
    )


@pytest.mark.parametrize("text", ["2024-13", "24-05", "2024-Q5", "五月", ""])
def test_bad_periods_are_refused_in_chinese(text):
    with pytest.raises(ValueError, match="无法识别"):
        Period.parse(text)
