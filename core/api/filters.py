"""The API's filter backend: the filtersets DRF builds from a viewset's `filterset_fields` behave as the declared
ones do: their choices are scoped by the policy and their values validated (see `core.filtersets`)."""

from django_filters import rest_framework as filters

from core.filtersets import PolicyScopedChoices, ValidatedFiltersMixin


class ScopedFilterSet(PolicyScopedChoices, ValidatedFiltersMixin, filters.FilterSet):
    """Base of the filtersets DRF builds from a viewset's `filterset_fields`."""


class ScopedFilterBackend(filters.DjangoFilterBackend):
    """DjangoFilterBackend whose automatic filtersets offer (and accept) only rows the user may see, and refuse
    values that are not of the filter's kind."""

    filterset_base = ScopedFilterSet
