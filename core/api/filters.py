"""The API's filter backend: filters generated from a view's `filterset_fields` validate their values as the
declared filtersets do (see `core.filtersets.ValidatedFiltersMixin`)."""

from django_filters import rest_framework as filters

from core.filtersets import ValidatedFiltersMixin


class ValidatedFilterSet(ValidatedFiltersMixin, filters.FilterSet):
    """Base of the filtersets DRF generates from `filterset_fields`."""


class ValidatedFilterBackend(filters.DjangoFilterBackend):
    filterset_base = ValidatedFilterSet
