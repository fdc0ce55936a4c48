"""The API's filter backend: its automatic filtersets (from `filterset_fields`) scope their choices by the policy."""

from django_filters import rest_framework as filters

from core.filtersets import PolicyScopedChoices


class ScopedFilterSet(PolicyScopedChoices, filters.FilterSet):
    """Base of the filtersets DRF builds from a viewset's `filterset_fields`."""


class ScopedFilterBackend(filters.DjangoFilterBackend):
    """DjangoFilterBackend whose automatic filtersets offer (and accept) only rows the user may see."""

    filterset_base = ScopedFilterSet
