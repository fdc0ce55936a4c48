"""Base filterset: free-text search over declared fields, styled form; used by the UI and the API alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.filters import QuerySetRequestMixin

from core.forms import BaseFilterForm
from core.models import AuditEvent, Department, Region
from core.permissions import restrict_choices


class PolicyScopedChoices:
    """Filter drop-downs offer only rows the requesting user may see (a district never sees another's projects).

    Mixed into every filterset of the UI and the API (the API's automatic ones included, core.api.filters); a
    filterset built without a request (internal use) keeps its choices.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is None:
            return
        user = getattr(self.request, "user", None)
        for model_filter in self.filters.values():
            if isinstance(model_filter, QuerySetRequestMixin) and model_filter.queryset is not None:
                model_filter.queryset = _scoped(model_filter.queryset, user)


def _scoped(queryset, user):
    if callable(queryset):
        return lambda request: restrict_choices(queryset(request), user)
    return restrict_choices(queryset, user)


class BaseFilterSet(PolicyScopedChoices, django_filters.FilterSet):
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
