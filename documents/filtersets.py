"""Filters of the document lists and API: kind, status, year, issuing body, text."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import BaseFilterSet
from documents.choices import DocumentKind, DocumentStatus
from documents.models import Document, DocumentTemplate, IssuingBody, SentenceTemplate


class DocumentFilterSet(BaseFilterSet):
    """The archive: kind, status, year, issuing body and title / number text."""

    search_fields = ("title", "number", "period")

    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("公文类别"))
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices, label=_("状态"))

    class Meta(BaseFilterSet.Meta):
        model = Document
        fields = ["year", "issuing_body"]


class IssuingBodyFilterSet(BaseFilterSet):
    search_fields = ("name", "mark", "number_prefix")

    class Meta(BaseFilterSet.Meta):
        model = IssuingBody
        fields = ["is_default"]


class DocumentTemplateFilterSet(BaseFilterSet):
    search_fields = ("name",)

    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("公文类别"))

    class Meta(BaseFilterSet.Meta):
        model = DocumentTemplate
        fields = ["is_active"]


class SentenceTemplateFilterSet(BaseFilterSet):
    search_fields = ("key", "text")

    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("公文类别"))

    class Meta(BaseFilterSet.Meta):
        model = SentenceTemplate
        fields = []
