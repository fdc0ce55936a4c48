"""Base filterset: free-text search over declared fields, styled form; used by the UI and the API alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import BaseFilterForm
from core.models import AuditEvent, Department, Region


class BaseFilterSet(django_filters.FilterSet):
    """Subclasses list `search_fields`; `q` matches any of them (case-insensitive substring)."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="search", label=_("关键词"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    class Meta:
        form = BaseFilterForm


class RegionFilterSet(BaseFilterSet):
    search_fields = ("name", "code")

    class Meta(BaseFilterSet.Meta):
        model = Region
        fields = ["kind", "parent"]


class DepartmentFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "short_name", "aliases")

    class Meta(BaseFilterSet.Meta):
        model = Department
        fields = []


class AuditEventFilterSet(BaseFilterSet):
    """The audit log filtered by event, user, address, object and time range."""

    search_fields = ("username", "object_repr", "object_type", "path")
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("起始日期"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("截止日期"))
    username = django_filters.CharFilter(lookup_expr="iexact", label=_("用户名"))
    ip_address = django_filters.CharFilter(label=_("地址"))

    class Meta(BaseFilterSet.Meta):
        model = AuditEvent
        fields = ["action"]
