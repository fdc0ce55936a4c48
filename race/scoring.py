"""Scoring methods: pure functions from raw values (Decimals) to points, one per method a scheme item may use.

Each returns a `Score` (points to the cent, and the reason in words) so that the page, the API, the CLI and the
documents explain every score the same way. Points by rank needs the whole group's values; the others score one
region at a time. `validate_params` checks an item's parameters with Chinese messages naming each field.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.money import CENT, round_to
from race.choices import Direction, Method, TieRule

ZERO = Decimal("0")


@dataclass(frozen=True)
class Score:
    """An item's points and the sentence that says how they were reached."""

    points: Decimal
    reason: str


def fmt(value) -> str:
    """A figure in an explanation: without trailing zeros beyond two decimals ("52.31", "40", "0.1")."""
    value = Decimal(value)
    text = f"{round_to(value, CENT):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def clamp(points: Decimal, low=None, high=None) -> Decimal:
    """Points held inside the item's caps (either may be absent)."""
    if low is not None and points < low:
        return Decimal(low)
    if high is not None and points > high:
        return Decimal(high)
    return points


def competition_ranks(values: dict, direction: str = Direction.HIGHER) -> dict:
    """{key: rank}, best first; equal values share the best place (1, 1, 3); None values come last, tied."""
    known = [v for v in values.values() if v is not None]
    ordered = sorted(known, reverse=direction == Direction.HIGHER)
    ranks = {}
    for key, value in values.items():
        ranks[key] = ordered.index(value) + 1 if value is not None else len(known) + 1
    return ranks


def rank_points(values: dict, weight, step, direction=Direction.HIGHER, tie_rule=TieRule.SHARED) -> dict:
    """Points by rank: first place gets `weight`, each place below `step` fewer (never below 0); ties share the
    best place's points, or the average of the places they fill; a region without a value gets 0."""
    weight, step = Decimal(weight), Decimal(step)
    ranks = competition_ranks(values, direction)
    place_points = {place: max(ZERO, weight - step * (place - 1)) for place in range(1, len(values) + 2)}
    found = {}
    for key, value in values.items():
        if value is None:
            found[key] = Score(ZERO, _("无数据，不参与排名，得0分"))
            continue
        rank = ranks[key]
        tied = sum(1 for other in values.values() if other == value)
        if tie_rule == TieRule.AVERAGE and tied > 1:
            points = sum(place_points[p] for p in range(rank, rank + tied)) / tied
        else:
            points = place_points[rank]
        points = round_to(points, CENT)
        tie_text = _("（%(n)s个并列）") % {"n": tied} if tied > 1 else ""
        found[key] = Score(
            points, _("排第%(rank)s名%(tie)s，得%(points)s分") % {"rank": rank, "tie": tie_text, "points": fmt(points)}
        )
    return found


def linear(value, weight, target, direction=Direction.HIGHER) -> Score:
    """Linear to target: `weight` at the target, in proportion below it (higher is better) or above it (lower)."""
    weight, target = Decimal(weight), Decimal(target)
    if direction == Direction.HIGHER:
        points = weight * Decimal(value) / target
    else:
        points = weight if Decimal(value) <= 0 else weight * target / Decimal(value)
    points = round_to(points, CENT)
    return Score(
        points,
        _("目标%(target)s，按%(weight)s分折算得%(points)s分")
        % {"target": fmt(target), "weight": fmt(weight), "points": fmt(points)},
    )


def bands(value, table, direction=Direction.HIGHER) -> Score:
    """Thresholds and bands: the points of the best band the value reaches (≥ threshold, or ≤ when lower is
    better); 0 when it reaches none."""
    value = Decimal(value)
    rows = sorted(((Decimal(t), Decimal(p)) for t, p in table), reverse=direction == Direction.HIGHER)
    for threshold, points in rows:
        if (value >= threshold) if direction == Direction.HIGHER else (value <= threshold):
            sign = "≥" if direction == Direction.HIGHER else "≤"
            return Score(
                points,
                _("达到%(sign)s%(threshold)s档，得%(points)s分")
                % {"sign": sign, "threshold": fmt(threshold), "points": fmt(points)},
            )
    return Score(ZERO, _("未达到任何一档，得0分"))


def per_project(counts, points, labels=()) -> Score:
    """Points per project: each band's count times its points, summed (延安: +5 per new start, size bands)."""
    counts = tuple(counts) if isinstance(counts, (tuple, list)) else (counts,)
    total = sum((Decimal(c) * Decimal(p) for c, p in zip(counts, points, strict=True)), ZERO)
    total = round_to(total, CENT)
    parts = []
    for index, (count, each) in enumerate(zip(counts, points, strict=True)):
        name = f"{labels[index]}" if index < len(labels) else ""
        parts.append(_("%(name)s%(count)s个×%(each)s分") % {"name": name, "count": fmt(count), "each": fmt(each)})
    return Score(total, _("%(parts)s，得%(points)s分") % {"parts": "＋".join(parts), "points": fmt(total)})


def base_adjust(value, weight, target, above=0, below=0, above_until=None, direction=Direction.HIGHER) -> Score:
    """A base with additions and deductions: `weight` at the target, `above` points per unit better than the
    target (counted up to `above_until`), `below` points off per unit worse (caps are the item's)."""
    value, weight, target = Decimal(value), Decimal(weight), Decimal(target)
    above, below = Decimal(above), Decimal(below)
    better = value - target if direction == Direction.HIGHER else target - value
    if better > 0:
        counted = better
        if above_until is not None:
            counted = min(better, abs(Decimal(above_until) - target))
        change = round_to(counted * above, CENT)
        text = _("优于目标%(target)s共%(diff)s，加%(change)s分") % {
            "target": fmt(target),
            "diff": fmt(better),
            "change": fmt(change),
        }
    elif better < 0:
        change = round_to(better * below, CENT)
        text = _("差于目标%(target)s共%(diff)s，减%(change)s分") % {
            "target": fmt(target),
            "diff": fmt(-better),
            "change": fmt(-change),
        }
    else:
        change = ZERO
        text = _("恰好达到目标%(target)s") % {"target": fmt(target)}
    points = round_to(weight + change, CENT)
    return Score(
        points,
        _("基础分%(weight)s，%(text)s，得%(points)s分") % {"weight": fmt(weight), "text": text, "points": fmt(points)},
    )


def _number(params: dict, key: str, errors: list, *, required=True, positive=False, minimum=None):
    if key not in params or params[key] in (None, ""):
        if required:
            errors.append(_("计分参数缺少“%(key)s”。") % {"key": key})
        return None
    try:
        value = Decimal(str(params[key]))
    except (InvalidOperation, ValueError):
        errors.append(_("计分参数“%(key)s”应为数字，现为“%(value)s”。") % {"key": key, "value": params[key]})
        return None
    if positive and value <= 0:
        errors.append(_("计分参数“%(key)s”必须大于0。") % {"key": key})
    if minimum is not None and value < minimum:
        errors.append(_("计分参数“%(key)s”不能小于%(min)s。") % {"key": key, "min": minimum})
    return value


def _pairs(params: dict, key: str, errors: list):
    table = params.get(key)
    if not isinstance(table, list) or not table:
        errors.append(_("计分参数“%(key)s”应为非空的[门槛, 分值]列表。") % {"key": key})
        return
    for index, row in enumerate(table, start=1):
        if not isinstance(row, list) or len(row) != 2:
            errors.append(_("计分参数“%(key)s”第%(n)s档应为[门槛, 分值]。") % {"key": key, "n": index})
            continue
        for cell in row:
            try:
                Decimal(str(cell))
            except (InvalidOperation, ValueError):
                errors.append(
                    _("计分参数“%(key)s”第%(n)s档含非数字“%(cell)s”。") % {"key": key, "n": index, "cell": cell}
                )


def validate_params(method: str, params, measure: str | None = None) -> list[str]:
    """The problems with an item's parameters for its method, each a Chinese sentence naming the field."""
    from race.measures import MEASURES

    if not isinstance(params, dict):
        return [_('计分参数应为 JSON 对象，如 {"target": 100}。')]
    errors: list[str] = []
    if method == Method.RANK_POINTS:
        _number(params, "step", errors, minimum=0)
    elif method == Method.LINEAR:
        _number(params, "target", errors, positive=True)
    elif method == Method.BANDS:
        _pairs(params, "bands", errors)
    elif method == Method.PER_PROJECT:
        points = params.get("points")
        bands_count = len(MEASURES[measure].bands) or 1 if measure in MEASURES else None
        if not isinstance(points, list) or not points:
            errors.append(_("计分参数缺少“points”（每档每个项目的分值列表）。"))
        elif bands_count is not None and len(points) != bands_count:
            errors.append(
                _("计分参数“points”应有%(n)s个分值（该口径分%(n)s档），现有%(m)s个。")
                % {"n": bands_count, "m": len(points)}
            )
        else:
            for index in range(len(points)):
                _number({"points": points[index]}, "points", errors)
    elif method == Method.BASE_ADJUST:
        target = _number(params, "target", errors)
        _number(params, "above", errors, required=False, minimum=0)
        _number(params, "below", errors, required=False, minimum=0)
        until = _number(params, "above_until", errors, required=False)
        if target is not None and until is not None and until < target:
            errors.append(
                _("计分参数“above_until”（%(until)s）不能低于目标“target”（%(target)s）。")
                % {"until": until, "target": target}
            )
    else:
        errors.append(_("未知的计分方法“%(method)s”。") % {"method": method})
    _number(params, "none_points", errors, required=False)
    if measure is not None and measure not in MEASURES:
        errors.append(_("未知的取数口径“%(measure)s”。") % {"measure": measure})
    return errors
