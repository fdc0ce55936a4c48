"""Document pages: the archive, drafting a document for a period, its preview (HTML), issuing it as a background
task with progress, downloads, issuing bodies and the cities' Word templates."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import ADD, VIEW, role_allows, user_can
from core.views.generic import ObjectListView, register_standard_views
from core.views.registration import register_model_view
from documents.choices import OutputFormat, TaskState
from documents.filtersets import (
    DocumentFilterSet,
    DocumentTemplateFilterSet,
    IssuingBodyFilterSet,
    SentenceTemplateFilterSet,
)
from documents.forms import DocumentTemplateForm, DraftForm, IssuingBodyForm, SentenceTemplateForm
from documents.models import Document, DocumentTemplate, IssuingBody, SentenceTemplate
from documents.policy import ISSUE
from documents.render import html_context
from documents.services import CONTENT_TYPES, content_of, draft, file_name
from documents.services import render as render_document
from documents.tables import DocumentTable, DocumentTemplateTable, IssuingBodyTable, SentenceTemplateTable

DOCUMENTS = Document.objects.select_related("issuing_body", "race_publication", "issued_by")


def _document(request, pk) -> Document:
    return get_object_or_404(DOCUMENTS.restrict(request.user, VIEW), pk=pk)


@register_model_view(Document, "list", detail=False)
class DocumentListView(ObjectListView):
    """The archive: every document the user may read (a district: the issued ones)."""

    queryset = DOCUMENTS
    filterset_class = DocumentFilterSet
    table_class = DocumentTable


@register_model_view(Document, "add", detail=False)
class DocumentDraftView(LoginRequiredMixin, View):
    """Draft a document for a period (kind + period); the draft's page previews it from live data."""

    def _check(self, request):
        if not role_allows(request.user, Document, ADD):
            raise PermissionDenied(_("您无权起草公文。"))

    def get(self, request):
        self._check(request)
        return render(request, "documents/draft.html", {"form": DraftForm(initial=request.GET or None)})

    def post(self, request):
        self._check(request)
        form = DraftForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = draft(data["kind"], data["period"], request.user, data.get("issuing_body"))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(document.get_absolute_url())
        return render(request, "documents/draft.html", {"form": form}, status=400)


@register_model_view(Document)
class DocumentView(LoginRequiredMixin, View):
    """The document as it reads: a draft recomputed now (with the notes to the editor), an issued one frozen."""

    def get(self, request, pk):
        document = _document(request, pk)
        content = content_of(document)
        context = {
            "object": document,
            "model_meta": Document._meta,
            "can_issue": not document.is_issued and user_can(request.user, document, ISSUE),
            "running": document.task_state in (TaskState.QUEUED, TaskState.RUNNING),
            **html_context(content),
        }
        return render(request, "documents/document_detail.html", context)


@register_model_view(Document, "progress")
class DocumentProgressView(LoginRequiredMixin, View):
    """The progress block of issuing, polled by the page (htmx) while the task runs."""

    def get(self, request, pk):
        document = _document(request, pk)
        running = document.task_state in (TaskState.QUEUED, TaskState.RUNNING)
        return render(request, "documents/_progress.html", {"object": document, "running": running, "polled": True})


@register_model_view(Document, "issue")
class DocumentIssueView(LoginRequiredMixin, View):
    """POST: issue the draft in the background (number, frozen content, files); the page shows the progress."""

    def post(self, request, pk):
        from documents.tasks import issue_document

        document = _document(request, pk)
        if not user_can(request.user, document, ISSUE):
            raise PermissionDenied(_("您无权印发公文。"))
        if document.is_issued or document.task_state in (TaskState.QUEUED, TaskState.RUNNING):
            messages.info(request, _("该公文已印发或正在生成。"))
            return redirect(document.get_absolute_url())
        Document.objects.filter(pk=document.pk).update(task_state=TaskState.QUEUED, progress=0, task_message="")
        issue_document.enqueue(document.pk, request.user.pk)
        document.refresh_from_db()
        if document.is_issued:
            messages.success(request, _("已印发：%(number)s。") % {"number": document.number})
        elif document.task_state == TaskState.FAILED:
            messages.error(request, document.task_message)
        return redirect(document.get_absolute_url())


class DocumentFileView(LoginRequiredMixin, View):
    """Download the document as .docx or PDF: an issued one's generated file (rendered again from its frozen
    content if the file is missing), a draft's rendered from live data now (city administrators only)."""

    fmt = OutputFormat.DOCX

    def get(self, request, pk):
        document = _document(request, pk)
        stored = getattr(document, self.fmt) if document.is_issued else None
        if stored:
            data = stored.open("rb").read()
        else:
            content = content_of(document)
            data = render_document(content, self.fmt, document.kind)
        response = HttpResponse(data, content_type=CONTENT_TYPES[self.fmt])
        name = file_name(content_of(document) if not document.is_issued else document, self.fmt)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response


@register_model_view(Document, "docx")
class DocumentDocxView(DocumentFileView):
    fmt = OutputFormat.DOCX


@register_model_view(Document, "pdf")
class DocumentPdfView(DocumentFileView):
    fmt = OutputFormat.PDF


register_standard_views(
    IssuingBody,
    queryset=IssuingBody.objects.all(),
    table=IssuingBodyTable,
    filterset=IssuingBodyFilterSet,
    form=IssuingBodyForm,
)
register_standard_views(
    DocumentTemplate,
    queryset=DocumentTemplate.objects.all(),
    table=DocumentTemplateTable,
    filterset=DocumentTemplateFilterSet,
    form=DocumentTemplateForm,
)
register_standard_views(
    SentenceTemplate,
    queryset=SentenceTemplate.objects.all(),
    table=SentenceTemplateTable,
    filterset=SentenceTemplateFilterSet,
    form=SentenceTemplateForm,
)
