"""Tables of the race lists (schemes, the publication archive) and their .xlsx exports."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable
from race.models import RacePublication, RaceScheme


class RaceSchemeTable(BaseTable):
    name = tables.Column(linkify=True)

    show_from = {"code": "md", "period_kind": "md", "is_default": "lg", "updated": "lg"}

    class Meta(BaseTable.Meta):
        model = RaceScheme
        fields = ("name", "version", "code", "period_kind", "status", "is_default", "updated")


class RacePublicationTable(BaseTable):
    item = tables.Column(accessor="pk", verbose_name=_("通报"), linkify=lambda record: record.get_absolute_url())
    scheme = tables.Column(verbose_name=_("方案版本"))

    show_from = {"scheme": "md", "published_by": "lg", "corrects": "lg"}

    class Meta(BaseTable.Meta):
        model = RacePublication
        fields = ("item", "period", "number", "scheme", "published_at", "published_by", "corrects")

    def render_item(self, record):
        return str(record)

    def value_item(self, record):
        return str(record)
