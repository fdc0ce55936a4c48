"""Filters for the scheduling lists and the scheduling API: monthly reports, holidays, growth targets."""

import django_filters
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field

from core.filtersets import BaseFilterSet, YearFilter
from core.forms import AutocompleteSelect
from core.models import Region
from projects.models import Project
from scheduling.calendar import parse_period
from scheduling.choices import ReportStatus, SiteStatus
from scheduling.models import GrowthTarget, Holiday, MonthlyReport, SeasonalProfile


def validate_period(value):
    """A month filter must read as YYYY-MM; refused as a form error (400 in the API) rather than ignored."""
    try:
        parse_period(value)
    except ValueError as error:
        raise ValidationError(_("月份「%(value)s」无法识别，请按 YYYY-MM 填写。") % {"value": value}) from error


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2024-05"})
class PeriodFilter(django_filters.CharFilter):
    """A month written YYYY-MM; the schema says so."""


class MonthlyReportFilterSet(BaseFilterSet):
    """Month (YYYY-MM), year, region (the project's), status, state of works, lateness, and free text."""

    search_fields = ("project__name", "project__national_code", "progress")

    period = PeriodFilter(method="filter_period", validators=[validate_period], label=gettext_lazy("月份（YYYY-MM）"))
    year = YearFilter(field_name="period", lookup_expr="year", label=gettext_lazy("年度"))
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.ranked(), field_name="project__region", label=gettext_lazy("所属地区")
    )
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices, label=gettext_lazy("状态"))
    site_status = django_filters.ChoiceFilter(choices=SiteStatus.choices, label=gettext_lazy("施工状态"))
    is_late = django_filters.BooleanFilter(label=gettext_lazy("逾期报送"))
    # A city has thousands of projects: the drop-down holds the chosen one and searches the API for others.
    project = django_filters.ModelChoiceFilter(
        queryset=Project.objects.all(),
        label=gettext_lazy("项目"),
        widget=AutocompleteSelect(
            reverse_lazy("projects-api:project-list"), attrs={"data-autocomplete-placeholder": gettext_lazy("搜索项目")}
        ),
    )

    class Meta(BaseFilterSet.Meta):
        model = MonthlyReport
        fields = ["project"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period=parse_period(value))


class HolidayFilterSet(BaseFilterSet):
    """The holiday calendar by year, by kind (holiday or weekend day worked) and by name."""

    search_fields = ("name",)

    year = YearFilter(field_name="date", lookup_expr="year", label=gettext_lazy("年度"))

    class Meta(BaseFilterSet.Meta):
        model = Holiday
        fields = ["is_workday"]


class SeasonalProfileFilterSet(BaseFilterSet):
    """Seasonal profiles by region and name."""

    search_fields = ("region__name", "name", "note")

    class Meta(BaseFilterSet.Meta):
        model = SeasonalProfile
        fields = ["region"]


class GrowthTargetFilterSet(BaseFilterSet):
    """Growth targets by year and district."""

    search_fields = ("region__name", "note")

    region = django_filters.ModelChoiceFilter(queryset=Region.objects.ranked(), label=gettext_lazy("地区"))

    class Meta(BaseFilterSet.Meta):
        model = GrowthTarget
        fields = ["year"]
