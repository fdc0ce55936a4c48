"""Filters of the stewardship lists and API: the problem board, the service log, stewards, teams, notices."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.clock import today
from core.filtersets import BaseFilterSet
from core.models import Department, Region
from stewardship.choices import UNSOLVED, EscalationLevel, Light, ProblemStatus, ServiceKind, ServiceLevel
from stewardship.models import (
    Notification,
    OverdueRule,
    Problem,
    ProblemCategory,
    ServiceLog,
    ServiceTeam,
    Stewardship,
    SupervisionNotice,
)


class ProblemFilterSet(BaseFilterSet):
    """The board: status, light, overdue, level, category, department, district, steward, raised dates, text."""

    search_fields = ("title", "description", "project__name", "measures", "progress")

    status = django_filters.MultipleChoiceFilter(choices=ProblemStatus.choices, label=_("状态"))
    light = django_filters.ChoiceFilter(choices=Light.choices, label=_("超期预警"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("已超期未办结"))
    level = django_filters.ChoiceFilter(choices=EscalationLevel.choices, label=_("协调层级"))
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.ranked(), field_name="project__region", label=_("所属地区")
    )
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("责任部门"))
    category = django_filters.ModelChoiceFilter(queryset=ProblemCategory.objects.all(), label=_("问题类别"))
    raised_after = django_filters.DateFilter(field_name="raised_on", lookup_expr="gte", label=_("提出日期起"))
    raised_before = django_filters.DateFilter(field_name="raised_on", lookup_expr="lte", label=_("提出日期止"))

    class Meta(BaseFilterSet.Meta):
        model = Problem
        fields = ["project"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=UNSOLVED, deadline__lt=today())
        if value is None:
            return queryset
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ServiceLogFilterSet(BaseFilterSet):
    """The service log by kind, level, district, dates and text."""

    search_fields = ("project__name", "participants", "place", "notes")

    kind = django_filters.ChoiceFilter(choices=ServiceKind.choices, label=_("方式"))
    level = django_filters.ChoiceFilter(choices=ServiceLevel.choices, label=_("服务层级"))
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.ranked(), field_name="project__region", label=_("所属地区")
    )
    after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("日期起"))
    before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("日期止"))

    class Meta(BaseFilterSet.Meta):
        model = ServiceLog
        fields = ["project"]


class StewardshipFilterSet(BaseFilterSet):
    search_fields = ("project__name", "steward__last_name", "steward__first_name", "steward__username", "note")

    class Meta(BaseFilterSet.Meta):
        model = Stewardship
        fields = ["project", "steward"]


class ServiceTeamFilterSet(BaseFilterSet):
    search_fields = ("name", "project__name", "members__name")

    class Meta(BaseFilterSet.Meta):
        model = ServiceTeam
        fields = ["project", "level"]


class SupervisionNoticeFilterSet(BaseFilterSet):
    search_fields = ("number", "requirement", "problem__title", "problem__project__name")

    class Meta(BaseFilterSet.Meta):
        model = SupervisionNotice
        fields = ["problem"]


class ProblemCategoryFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta(BaseFilterSet.Meta):
        model = ProblemCategory
        fields = ["active"]


class OverdueRuleFilterSet(BaseFilterSet):
    class Meta(BaseFilterSet.Meta):
        model = OverdueRule
        fields = ["light", "active"]


class NotificationFilterSet(BaseFilterSet):
    search_fields = ("title", "body")
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("未读"))

    class Meta(BaseFilterSet.Meta):
        model = Notification
        fields = []
