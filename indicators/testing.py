"""Test rows of indicators: a category, indicators owned by a department, values for the city."""

import datetime as dt
from decimal import Decimal

from core.models import Department
from indicators.figures import city_region
from indicators.models import Indicator, IndicatorCategory, IndicatorValue, ProvinceRank

PERIOD = dt.date(2024, 5, 1)


def make_category(code="agri", name="农业") -> IndicatorCategory:
    return IndicatorCategory.objects.get_or_create(code=code, defaults={"name": name, "lead": "农业生产稳中有升"})[0]


def make_indicator(code="pork", owner="gxj", **kwargs) -> Indicator:
    """An entered monthly cumulative indicator owned by `owner` (a department code)."""
    fields = {
        "name": "猪肉产量",
        "category": make_category(),
        "unit": "万吨",
        "owner": Department.objects.get(code=owner),
        "precision": 2,
        "growth_precision": 2,
        **kwargs,
    }
    return Indicator.objects.create(code=code, **fields)


def make_value(indicator=None, period=PERIOD, value="1.63", **kwargs) -> IndicatorValue:
    return IndicatorValue.objects.create(
        indicator=indicator or make_indicator(),
        period=period,
        region=city_region(),
        value=None if value is None else Decimal(value),
        **kwargs,
    )


def make_rank(indicator=None, **kwargs) -> ProvinceRank:
    fields = {"period": PERIOD, "measure": "增速", "rank": 5, "of_total": 14, "source": "省统计局", **kwargs}
    return ProvinceRank.objects.create(indicator=indicator or make_indicator(), **fields)
