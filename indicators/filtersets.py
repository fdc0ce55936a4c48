"""Filters of the indicator lists and API: the catalogue, the values (the table view) and the province ranks."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import BaseFilterSet
from core.models import Department
from indicators.choices import Source
from indicators.models import Indicator, IndicatorCategory, IndicatorValue, ProvinceRank
from scheduling.choices import ReportStatus


class IndicatorCategoryFilterSet(BaseFilterSet):
    search_fields = ("name", "lead")

    class Meta(BaseFilterSet.Meta):
        model = IndicatorCategory
        fields = []


class IndicatorFilterSet(BaseFilterSet):
    search_fields = ("name", "code")

    category = django_filters.ModelChoiceFilter(queryset=IndicatorCategory.objects.all(), label=_("类别"))
    owner = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("责任部门"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("来源"))

    class Meta(BaseFilterSet.Meta):
        model = Indicator
        fields = []


class IndicatorValueFilterSet(BaseFilterSet):
    search_fields = ("indicator__name", "note")

    period = django_filters.DateFilter(label=_("期间"))
    category = django_filters.ModelChoiceFilter(
        queryset=IndicatorCategory.objects.all(), field_name="indicator__category", label=_("类别")
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), field_name="indicator__owner", label=_("责任部门")
    )
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("状态"))

    class Meta(BaseFilterSet.Meta):
        model = IndicatorValue
        fields = ["indicator"]


class ProvinceRankFilterSet(BaseFilterSet):
    search_fields = ("indicator__name", "source")

    class Meta(BaseFilterSet.Meta):
        model = ProvinceRank
        fields = ["indicator"]
