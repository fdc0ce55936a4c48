"""Tables of the indicator lists and their .xlsx exports."""

import django_tables2 as tables

from core.tables import BaseTable
from indicators.models import Indicator, IndicatorCategory, IndicatorValue, ProvinceRank


class IndicatorCategoryTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = IndicatorCategory
        fields = ("name", "code", "lead", "sort_order")


class IndicatorTable(BaseTable):
    name = tables.Column(linkify=True)
    show_from = {"code": "xl", "frequency": "lg", "accumulation": "lg", "annual_target": "md", "source": "md"}
    text_columns = ("name",)

    class Meta(BaseTable.Meta):
        model = Indicator
        fields = ("name", "code", "category", "unit", "owner", "frequency", "accumulation", "annual_target", "source")


class IndicatorValueTable(BaseTable):
    indicator = tables.Column(linkify=lambda record: record.get_absolute_url())
    period = tables.DateColumn(format="Y-m")
    show_from = {"region": "lg", "qualifier": "xl", "reported_growth": "md", "entered_by": "xl", "updated": "xl"}
    text_columns = ("indicator",)

    class Meta(BaseTable.Meta):
        model = IndicatorValue
        fields = (
            "indicator",
            "period",
            "region",
            "value",
            "qualifier",
            "reported_growth",
            "status",
            "entered_by",
            "updated",
        )


class ProvinceRankTable(BaseTable):
    indicator = tables.Column(linkify=lambda record: record.get_absolute_url())
    period = tables.DateColumn(format="Y-m")
    show_from = {"of_total": "md", "source": "lg"}
    text_columns = ("source",)

    class Meta(BaseTable.Meta):
        model = ProvinceRank
        fields = ("indicator", "period", "measure", "rank", "of_total", "source")
