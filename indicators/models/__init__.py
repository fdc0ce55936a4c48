"""Development indicators (攻坚突破): the catalogue, values by period and region, province ranks."""

from indicators.models.catalogue import Indicator, IndicatorCategory
from indicators.models.values import IndicatorValue, ProvinceRank

__all__ = ["Indicator", "IndicatorCategory", "IndicatorValue", "ProvinceRank"]
