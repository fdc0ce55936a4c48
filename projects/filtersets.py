"""Project filters, shared by the list page, the export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import BaseFilterSet
from core.models import Department, Region
from projects.choices import INVESTMENT_BAND_BOUNDS, Industry, InvestmentBand, Library, Stage
from projects.libraries import library_q
from projects.models import ListKind, Project, ProjectList


class ProjectFilterSet(BaseFilterSet):
    """Region, library, stage, list, cluster, industry, investment band and free text."""

    search_fields = ("name", "national_code", "owner", "address", "construction_content")

    region = django_filters.ModelMultipleChoiceFilter(
        queryset=Region.objects.ranked(), label=_("所属地区"), field_name="region"
    )
    library = django_filters.ChoiceFilter(choices=Library.choices, method="filter_library", label=_("项目库"))
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("项目阶段"))
    project_list = django_filters.ModelChoiceFilter(
        queryset=ProjectList.objects.select_related("kind"), field_name="lists", label=_("所属清单")
    )
    list_kind = django_filters.ModelChoiceFilter(
        queryset=ListKind.objects.all(), field_name="lists__kind", label=_("清单类别"), distinct=True
    )
    cluster = django_filters.ModelChoiceFilter(
        queryset=ProjectList.objects.filter(kind__is_cluster=True), field_name="lists", label=_("产业集群")
    )
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label=_("所属行业"))
    investment_band = django_filters.ChoiceFilter(
        choices=InvestmentBand.choices, method="filter_band", label=_("投资规模")
    )
    investment_min = django_filters.NumberFilter(
        field_name="total_investment", lookup_expr="gte", label=_("总投资不低于（万元）")
    )
    investment_max = django_filters.NumberFilter(
        field_name="total_investment", lookup_expr="lte", label=_("总投资不高于（万元）")
    )
    responsible_department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("责任部门"))
    has_code = django_filters.BooleanFilter(
        field_name="national_code", lookup_expr="isnull", exclude=True, label=_("已赋项目代码")
    )

    class Meta(BaseFilterSet.Meta):
        model = Project
        fields = []

    def filter_library(self, queryset, name, value):
        return queryset.filter(library_q(value)) if value else queryset

    def filter_band(self, queryset, name, value):
        if not value:
            return queryset
        low, high = INVESTMENT_BAND_BOUNDS[InvestmentBand(value)]
        condition = Q()
        if low is not None:
            condition &= Q(total_investment__gte=low)
        if high is not None:
            condition &= Q(total_investment__lt=high)
        return queryset.filter(condition)


class ProjectListFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta(BaseFilterSet.Meta):
        model = ProjectList
        fields = ["kind", "in_key_library", "year"]
