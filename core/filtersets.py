"""Base filterset: free-text search over declared fields, styled form; used by the UI and the API alike."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceField, ModelChoiceIteratorValue
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_filters.filters import QuerySetRequestMixin
from drf_spectacular.utils import extend_schema_field

from core import registry
from core.cache import cached
from core.forms import (
    MAX_YEAR,
    MIN_YEAR,
    AutocompleteSelect,
    BaseFilterForm,
    PythonRenderedSelect,
    StrictBooleanWidget,
    StrictNullBooleanField,
    YearField,
    check_ids_in_range,
)
from core.models import AuditEvent, Department, Region
from core.permissions import restrict_choices

MAX_SEARCH_LENGTH = 200


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


class BoundedModelMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """django-filter's multiple choice of rows, with ids checked against the database's integer range first."""

    def _check_values(self, value):
        check_ids_in_range(self, value)
        return super()._check_values(value)


@extend_schema_field({"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR})
class YearFilter(django_filters.NumberFilter):
    """A year (of a date field with `lookup_expr="year"`, or a year column); the schema gives its range."""

    field_class = YearField


class ValidatedFiltersMixin:
    """Every filter refuses values the database cannot take — ids beyond its integer range, impossible years — as
    a form error (a 400 in the API, a message above the list on the page) rather than a server error. Applied to
    each filter when the filterset is made, so filters declared later or generated from `Meta.fields` are covered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for model_filter in self.filters.values():
            field_class = None
            if isinstance(model_filter, django_filters.ModelMultipleChoiceFilter):
                field_class = BoundedModelMultipleChoiceField
            elif isinstance(model_filter, django_filters.NumberFilter) and (
                model_filter.lookup_expr.endswith("year") or model_filter.field_name == "year"
            ):
                field_class = YearField
            elif isinstance(model_filter, django_filters.BooleanFilter):
                field_class = StrictNullBooleanField
                model_filter.extra["widget"] = StrictBooleanWidget
            if field_class is not None and model_filter.field_class is not field_class:
                model_filter.field_class = field_class
                model_filter.__dict__.pop("_field", None)


class CachedOptions(BaseChoiceIterator):
    """A drop-down's options as its query gave them for the same user scope, language and data version.

    A list page's filter panel runs a query per drop-down (regions, departments, lists …) and builds a model
    instance per option on every request, though the options change only when data does. The panel's lists are
    kept as one value of `core.cache.cached` (never stale: the data version moves on every committed write) and
    read when the panel is drawn; the field's queryset still validates what is submitted.
    """

    def __init__(self, panel: "_PanelOptions", name: str):
        self.panel = panel
        self.name = name

    def __iter__(self):
        yield from self.panel.options()[self.name]


class _PanelOptions:
    """The options of every cached drop-down of one filter form, read from the cache at most once per request."""

    def __init__(self, filterset, fields: dict):
        self.filterset = filterset
        self.fields = fields
        self.value = None

    def _compute(self) -> dict:
        return {name: [_plain(choice) for choice in field.choices] for name, field in self.fields.items()}

    def options(self) -> dict:
        if self.value is None:
            cls = type(self.filterset)
            user = getattr(self.filterset.request, "user", None)
            parts = (f"{cls.__module__}.{cls.__qualname__}", tuple(self.fields))
            self.value = cached("filter-options", parts, self._compute, user=user)
        return self.value


def _plain(choice) -> tuple:
    """An option as plain data, drawn the same: the row's key for ModelChoiceIterator's value, the label as text."""
    value, label = choice
    if isinstance(value, ModelChoiceIteratorValue):
        value = value.value
    return value, str(label) if isinstance(label, Promise) else label


def _cache_options(filterset, form) -> None:
    """Serve the form's drop-downs of rows from the cache (not a search box, not a filter choosing per request)."""
    fields = {}
    for name, field in form.fields.items():
        model_filter = filterset.filters.get(name)
        if (
            isinstance(field, ModelChoiceField)
            and isinstance(field.widget, PythonRenderedSelect)
            and field.widget.template_name == forms.Select.template_name
            and type(field.widget).optgroups is forms.Select.optgroups  # not a widget choosing what it lists
            and model_filter is not None
            and not callable(getattr(model_filter, "queryset", None))
        ):
            fields[name] = field
    if fields:
        panel = _PanelOptions(filterset, fields)
        for name, field in fields.items():
            field.widget.choices = CachedOptions(panel, name)
    filterset._cached_option_fields = frozenset(fields)


def _shows_only_scoped_rows(filterset, name, field) -> bool:
    """Whether a field draws nothing but its address value and rows chosen by the user's scope and the data: a plain
    field, a drop-down served from the options' cache, or a search box showing its chosen row of a fixed queryset."""
    if not isinstance(field, ModelChoiceField):  # ModelMultipleChoiceField is one too
        return True
    if name in filterset._cached_option_fields:
        return True
    model_filter = filterset.filters.get(name)
    return (
        isinstance(field.widget, AutocompleteSelect)
        and model_filter is not None
        and not callable(getattr(model_filter, "queryset", None))
    )


class BaseFilterSet(PolicyScopedChoices, ValidatedFiltersMixin, django_filters.FilterSet):
    """Subclasses list `search_fields`; `q` matches any of them (case-insensitive substring)."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="search", label=_("关键词"), max_length=MAX_SEARCH_LENGTH)

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

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            if self.request is not None:
                _cache_options(self, form)
        return self._form

    def panel_cacheable(self) -> bool:
        """Whether `{% filter_panel %}` keeps the panel's HTML in core.cache: it has drop-downs of rows (what is worth
        keeping) and follows from the address, the user's scope, the language and the data version alone — every
        field's choices are fixed, cached per scope (CachedOptions) or a search box's chosen row; a filter whose
        queryset depends on the request is not."""
        form = self.form
        if self.request is None:
            return False
        # A panel without drop-downs of rows is cheaper to write than to look up (a scope key and a version query).
        has_rows = any(isinstance(field, ModelChoiceField) for field in form.fields.values())
        return has_rows and all(_shows_only_scoped_rows(self, name, field) for name, field in form.fields.items())

    @classmethod
    def get_filters(cls):
        """The declared filters plus those other apps registered for this model (core.registry)."""
        filters = super().get_filters()
        model = getattr(cls._meta, "model", None)
        if model is not None:
            for entry in registry.model_filters(model._meta.label):
                filters.setdefault(entry.name, entry.filter_factory())
        return filters


def apply_registered_filters(model_label: str) -> None:
    """Give filtersets of `model_label` made before a `register_model_filter` call the registered filters."""
    pending = [BaseFilterSet]
    while pending:
        filterset = pending.pop()
        pending.extend(filterset.__subclasses__())
        model = getattr(filterset._meta, "model", None)
        if model is not None and model._meta.label == model_label:
            for entry in registry.model_filters(model_label):
                filterset.base_filters[entry.name] = entry.filter_factory()


registry.on_model_filter(apply_registered_filters)


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


class IPAddressFilter(django_filters.CharFilter):
    """An exact address, checked as one (PostgreSQL's inet column fails on anything else)."""

    field_class = forms.GenericIPAddressField


class AuditEventFilterSet(BaseFilterSet):
    """The audit log filtered by event, user, address, object and time range."""

    search_fields = ("username", "object_repr", "object_type", "path")
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("起始日期"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("截止日期"))
    username = django_filters.CharFilter(lookup_expr="iexact", label=_("用户名"))
    ip_address = IPAddressFilter(label=_("地址"))

    class Meta(BaseFilterSet.Meta):
        model = AuditEvent
        fields = ["action"]
