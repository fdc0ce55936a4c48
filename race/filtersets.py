"""Filters of the race lists and API: schemes by kind and status, publications by period and scheme."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import BaseFilterSet
from race.models import RacePublication, RaceScheme


class RaceSchemeFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "notes")

    class Meta(BaseFilterSet.Meta):
        model = RaceScheme
        fields = ["period_kind", "status"]


class RacePublicationFilterSet(BaseFilterSet):
    search_fields = ("period", "scheme__name", "note")
    scheme_code = django_filters.CharFilter(field_name="scheme__code", label=_("方案代码"))

    class Meta(BaseFilterSet.Meta):
        model = RacePublication
        fields = ["period", "scheme"]
