"""The indicators' figures for a period: value, year-on-year growth, flags, status light and province rank.

One code path for the page, the API, the CLI, the mid-year report and the tests. Growth is computed from last
year's value of the same period when the system holds it (rounded half up to the indicator's published decimals,
core.money); otherwise the growth the department published is shown and marked as reported. A stored pair that
contradicts a published growth, or a growth beyond the indicator's plausible range, is flagged for the owner.
"""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q

from core.choices import RegionKind
from core.money import WAN_PER_YI, exact_pct, percent, round_to
from core.permissions import CITY, DEPARTMENT, REGION, VIEW, allowed_scope
from indicators.choices import Accumulation, Direction, Flag, Origin
from indicators.sources import compute
from scheduling.choices import Light
from scheduling.models.profiles import LINEAR

YELLOW_SHARE = Fraction(9, 10)  # below 序时 but within 90 % of it: yellow, as the monthly warnings judge plans


def yoy(current, previous, places: int) -> Decimal | None:
    """Growth of `current` on `previous` in percent, `places` decimals, half up; None without a base to compare."""
    if current is None or not previous:
        return None
    return percent(Decimal(current) - Decimal(previous), previous, places)


def last_year(period: dt.date) -> dt.date:
    return period.replace(year=period.year - 1)


def step(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def shown(indicator, value) -> Decimal | None:
    """The value in the unit it is published in (万元 → 亿元 where the unit says so), to its published decimals."""
    if value is None:
        return None
    if indicator.unit == "亿元":
        value = Decimal(value) / WAN_PER_YI
    return round_to(value, step(indicator.precision))


def city_region():
    """The city whose values are the city-wide ones (the first city-level region)."""
    from core.models import Region

    return Region.objects.filter(kind=RegionKind.CITY).order_by("sort_order", "code").first()


def expected_share(indicator, period: dt.date) -> Fraction:
    """序时 (%) of a cumulative indicator by `period`: its own seasonal profile, else linear time."""
    profile = indicator.seasonal_profile
    if profile is not None:
        return Fraction(profile.shares[period.month - 1])
    return LINEAR[period.month - 1]


def judge(indicator, value, period: dt.date) -> dict:
    """Status light against the annual target and 序时: completion and expected share (%), and the colour.

    Grey without a target or a value. Higher-is-better: green at or above 序时 (a point figure: at or above the
    target), yellow within 90 % of it, red below. Lower-is-better: green at or below the allowance, red above.
    """
    target = indicator.annual_target
    if target is None or value is None or not target:
        return {"light": Light.GREY, "completion_pct": None, "expected_pct": None}
    cumulative = indicator.accumulation == Accumulation.YTD
    expected = expected_share(indicator, period) if cumulative else Fraction(100)
    done = exact_pct(value, target)
    if indicator.direction == Direction.LOWER:
        light = Light.GREEN if done <= expected else Light.RED
    elif done >= expected:
        light = Light.GREEN
    elif done >= expected * YELLOW_SHARE:
        light = Light.YELLOW
    else:
        light = Light.RED
    return {
        "light": light,
        "completion_pct": percent(Decimal(value), target),
        "expected_pct": round_to(Decimal(expected.numerator) / Decimal(expected.denominator), step(1)),
    }


def growth_of(indicator, current, previous, reported) -> tuple[Decimal | None, str | None, list]:
    """(growth, its origin, flags): computed from the two values when both exist, else the published growth."""
    flags = []
    computed = yoy(current, previous, indicator.growth_precision)
    if computed is not None:
        growth, origin = computed, Origin.COMPUTED
        if reported is not None and round_to(reported, step(indicator.growth_precision)) != computed:
            flags.append(Flag.CONTRADICTS)
    elif reported is not None:
        growth, origin = round_to(reported, step(indicator.growth_precision)), Origin.REPORTED
    else:
        growth, origin = None, None
    if growth is not None and abs(growth) > indicator.jump_limit:
        flags.append(Flag.JUMP)
    return growth, origin, flags


def visible_indicators(user, queryset=None):
    """The indicators whose figures the user sees: every one for city-wide readers, a department its own, a
    district the ones published per district; None user means all (the CLI, the report)."""
    from indicators.choices import Level
    from indicators.models import Indicator, IndicatorValue

    indicators = (queryset if queryset is not None else Indicator.objects.all()).select_related(
        "category", "owner", "seasonal_profile"
    )
    if user is None:
        return indicators
    scope = allowed_scope(user, IndicatorValue, VIEW)
    if scope == CITY:
        return indicators
    if scope == DEPARTMENT and user.department_id:
        return indicators.filter(owner_id=user.department_id)
    if scope == REGION and user.region_id:
        return indicators.filter(level=Level.DISTRICT)
    return indicators.none()


class Cache:
    """Computed sources memoised by (source, period, regions), so a page asks scheduling once per month."""

    def __init__(self):
        self.values = {}

    def compute(self, indicator, period, region_ids):
        key = (indicator.computed_by, period, tuple(region_ids) if region_ids is not None else None)
        if key not in self.values:
            self.values[key] = compute(indicator, period, region_ids)
        return self.values[key]


def _region_ids(region, city) -> list | None:
    return None if region is None or region.pk == getattr(city, "pk", None) else region.subtree_ids()


def figures(period: dt.date, region=None, user=None, indicators=None, cache: Cache | None = None) -> list[dict]:
    """Every visible indicator's figure for `period` (a month's first day) in `region` (None: the city)."""
    from indicators.models import IndicatorValue, ProvinceRank

    period = period.replace(day=1)
    cache = cache or Cache()
    city = city_region()
    region = region or city
    indicators = list(visible_indicators(user, indicators))
    values = IndicatorValue.objects.filter(
        indicator__in=indicators, region=region, period__in=[period, last_year(period)]
    )
    if user is not None:
        values = values.restrict(user, VIEW)
    stored = {(row.indicator_id, row.period): row for row in values}
    ranks = {}
    if region == city:
        for rank in ProvinceRank.objects.filter(indicator__in=indicators, period=period).order_by("measure"):
            ranks.setdefault(rank.indicator_id, rank)
    region_ids = _region_ids(region, city)
    out = []
    for indicator in indicators:
        record, before = stored.get((indicator.pk, period)), stored.get((indicator.pk, last_year(period)))
        if indicator.is_computed:
            value = cache.compute(indicator, period, region_ids)
            previous = cache.compute(indicator, last_year(period), region_ids)
            origin, reported = Origin.COMPUTED, None
        else:
            value = record.value if record else None
            previous = before.value if before else None
            origin, reported = Origin.ENTERED, record.reported_growth if record else None
        growth, growth_origin, flags = growth_of(indicator, value, previous, reported)
        rank = ranks.get(indicator.pk)
        out.append(
            {
                "indicator": indicator,
                "record": record,
                "value": value,
                "shown": shown(indicator, value),
                "previous": previous,
                "origin": origin if value is not None else None,
                "growth": growth,
                "growth_origin": growth_origin,
                "flags": flags,
                "qualifier": record.qualifier if record else "",
                "status": record.status if record else None,
                "rank": rank,
                **judge(indicator, value, period),
            }
        )
    return out


def series(indicator_figures: list[dict], period: dt.date, region=None, cache: Cache | None = None) -> dict:
    """{indicator id: [value shown for each month January..period or None]}, for the sparklines: one query for
    the entered values, the computed ones through the same cache as the figures."""
    from indicators.models import IndicatorValue

    cache = cache or Cache()
    city = city_region()
    region = region or city
    months = [period.replace(month=month, day=1) for month in range(1, period.month + 1)]
    entered = [item["indicator"] for item in indicator_figures if not item["indicator"].is_computed]
    rows = IndicatorValue.objects.filter(
        Q(indicator__in=entered), region=region, period__gte=months[0], period__lte=months[-1]
    ).values_list("indicator_id", "period", "value")
    stored = {(indicator_id, when): value for indicator_id, when, value in rows}
    region_ids = _region_ids(region, city)
    out = {}
    for item in indicator_figures:
        indicator = item["indicator"]
        points = []
        for month in months:
            if indicator.is_computed:
                value = cache.compute(indicator, month, region_ids)
            else:
                value = stored.get((indicator.pk, month))
            points.append(shown(indicator, value))
        out[indicator.pk] = points
    return out
