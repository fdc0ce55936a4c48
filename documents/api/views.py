"""Documents API: the archive (read), drafting (POST), issuing (an action), a document's content and downloads,
issuing bodies, templates and sentence wordings; every row restricted by the one policy."""

from urllib.parse import quote

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.views import RestrictedModelViewSet
from core.permissions import VIEW
from documents.api import serializers as s
from documents.choices import OutputFormat
from documents.filtersets import (
    DocumentFilterSet,
    DocumentTemplateFilterSet,
    IssuingBodyFilterSet,
    SentenceTemplateFilterSet,
)
from documents.models import Document, DocumentTemplate, IssuingBody, SentenceTemplate
from documents.policy import ISSUE
from documents.services import CONTENT_TYPES, content_of, draft, file_name, issue, render


def _as_drf(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


class DocumentViewSet(RestrictedModelViewSet):
    """Documents the caller may read; POST drafts one for a period; `issue` issues it (number, frozen content);
    `content` returns its structured text; `docx` / `pdf` download it."""

    queryset = Document.objects.select_related("issuing_body")
    serializer_class = s.DocumentSerializer
    filterset_class = DocumentFilterSet
    permission_actions = {"issue": ISSUE, "content": VIEW, "docx": VIEW, "pdf": VIEW}
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self):
        return s.DraftSerializer if self.action == "create" else s.DocumentSerializer

    @extend_schema(request=s.DraftSerializer, responses=s.DocumentSerializer)
    def create(self, request, *args, **kwargs):
        serializer = s.DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            document = draft(data["kind"], data["period"], request.user, data.get("issuing_body"))
        except DjangoValidationError as error:
            raise _as_drf(error) from error
        return Response(s.DocumentSerializer(document, context={"request": request}).data, status=201)

    @extend_schema(request=None, responses=s.DocumentSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None, format=None):
        document = self.get_object()
        try:
            document = issue(document, request.user)
        except DjangoValidationError as error:
            raise _as_drf(error) from error
        return Response(s.DocumentSerializer(document, context={"request": request}).data)

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def content(self, request, pk=None, format=None):
        return Response(content_of(self.get_object()).as_json())

    def _file(self, fmt):
        document = self.get_object()
        stored = getattr(document, fmt) if document.is_issued else None
        content = content_of(document)
        data = stored.open("rb").read() if stored else render(content, fmt, document.kind)
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name(content, fmt))}"
        return response

    @extend_schema(responses={(200, CONTENT_TYPES[OutputFormat.DOCX]): bytes})
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None, format=None):
        return self._file(OutputFormat.DOCX)

    @extend_schema(responses={(200, CONTENT_TYPES[OutputFormat.PDF]): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None, format=None):
        return self._file(OutputFormat.PDF)


class IssuingBodyViewSet(RestrictedModelViewSet):
    queryset = IssuingBody.objects.all()
    serializer_class = s.IssuingBodySerializer
    filterset_class = IssuingBodyFilterSet


class DocumentTemplateViewSet(RestrictedModelViewSet):
    """The uploaded templates (uploading is a page: the file is checked by rendering it)."""

    queryset = DocumentTemplate.objects.all()
    serializer_class = s.DocumentTemplateSerializer
    filterset_class = DocumentTemplateFilterSet
    http_method_names = ["get", "head", "options"]


class SentenceTemplateViewSet(RestrictedModelViewSet):
    """The city's sentence wordings (documents.phrasing): edited like the page, a wording it could not fill is a 400
    naming the placeholders; deleting one brings back the shipped wording."""

    queryset = SentenceTemplate.objects.all()
    serializer_class = s.SentenceTemplateSerializer
    filterset_class = SentenceTemplateFilterSet
