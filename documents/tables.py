"""Tables of the document lists and their .xlsx exports."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable
from documents.models import Document, DocumentTemplate, IssuingBody, SentenceTemplate


class DocumentTable(BaseTable):
    title = tables.Column(linkify=True)

    show_from = {"period": "md", "issuing_body": "lg", "issued_at": "lg"}

    class Meta(BaseTable.Meta):
        model = Document
        fields = ("title", "number", "kind", "period", "status", "issuing_body", "issued_at")


class IssuingBodyTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = IssuingBody
        fields = ("name", "mark", "number_prefix", "signature", "is_default")


class DocumentTemplateTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = DocumentTemplate
        fields = ("name", "kind", "is_active", "created")


class SentenceTemplateTable(BaseTable):
    label = tables.Column(verbose_name=_("说明"), linkify=True, orderable=False)

    show_from = {"key": "md", "updated": "lg"}

    class Meta(BaseTable.Meta):
        model = SentenceTemplate
        fields = ("label", "kind", "key", "text", "updated")
