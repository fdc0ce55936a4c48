"""Filters for the scheduling lists and the scheduling API: monthly reports, holidays, growth targets, and the
warning lights (the 预警 filter of the project list, the warnings page's form)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field

from core.clock import today
from core.filtersets import BaseFilterSet, YearFilter
from core.forms import AutocompleteSelect, BaseFilterForm, BoundedDateField
from core.models import Region
from core.permissions import VIEW
from projects.models import Project
from scheduling.calendar import parse_period
from scheduling.choices import PROJECT_REASON_KINDS, Light, ReportStatus, SiteStatus
from scheduling.light_sql import LightRows, has_kind, judged_rows, lights_subquery
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


def filter_by_light(queryset, name, value):
    """django-filter method: the projects of `queryset` whose light today is `value`."""
    if not value:
        return queryset
    return queryset.filter(pk__in=lights_subquery(queryset, today(), value))


def light_filter():
    """The 预警 filter the app registers for the project list, its export and the project API (core.registry)."""
    return django_filters.ChoiceFilter(choices=Light.choices, method=filter_by_light, label=_("预警"))


class WarningFilterForm(BaseFilterForm):
    """The day to judge, and which project lights to list; shared by the page and the API."""

    as_of = BoundedDateField(required=False, label=gettext_lazy("截至日期"), widget=forms.DateInput())
    region = forms.ModelChoiceField(queryset=Region.objects.ranked(), required=False, label=gettext_lazy("所属地区"))
    light = forms.ChoiceField(choices=[("", "---------"), *Light.choices], required=False, label=gettext_lazy("预警"))
    kind = forms.ChoiceField(
        choices=[("", "---------"), *[(kind.value, kind.label) for kind in PROJECT_REASON_KINDS]],
        required=False,
        label=gettext_lazy("原因"),
    )


def filtered_project_lights(user, filters: dict):
    """(lights of every project in the region filter, counted by colour; those also matching light and cause).

    Judged in the database (`scheduling.light_sql`): the counts and the filters need only each subject's light and
    causes; the rows come as `LightRows`, whose slices (the page shown) are judged again with their sentences."""
    as_of = filters.get("as_of") or today()
    projects = Project.objects.restrict(user, VIEW)
    if filters.get("region"):
        projects = projects.filter(region=filters["region"])
    rows = judged_rows(projects, as_of)
    counts = rows.light_counts()
    if filters.get("light"):
        rows = rows.where(lambda row: row.light == filters["light"])
    if filters.get("kind"):
        rows = rows.where(lambda row: has_kind(row, filters["kind"]))
    return counts, LightRows(rows, as_of)
