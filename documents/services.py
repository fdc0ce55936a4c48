"""Documents' operations: draft a document for a period, issue it (number, frozen content, generated files),
render it in any format, and check a city's uploaded template. The pages, the API, the CLI and the tasks call these.
"""

import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today
from documents.choices import DocumentStatus, OutputFormat, TaskState
from documents.content import Content, Heading, Paragraph, Table, chinese_date
from documents.kinds import build, parse_period
from documents.models import Document, DocumentTemplate, IssuingBody, NumberSequence
from documents.render import render_docx, render_html, render_pdf

CONTENT_TYPES = {
    OutputFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    OutputFormat.PDF: "application/pdf",
    OutputFormat.HTML: "text/html; charset=utf-8",
}


def default_issuing_body() -> IssuingBody:
    """The issuing body documents come from unless told otherwise; a city without one is told to add it."""
    body = IssuingBody.objects.order_by("-is_default", "name").first()
    if body is None:
        raise ValidationError(_("尚未设置发文机关：请先在“公文”中添加发文机关（名称、发文机关标志、发文字号代字）。"))
    return body


def active_template(kind: str):
    """The city's uploaded template for the kind (the latest active one), else None (the shipped template)."""
    found = DocumentTemplate.objects.filter(kind=kind, is_active=True).order_by("-created").first()
    return found.file.path if found else None


def content_of(document: Document) -> Content:
    """An issued document's frozen content; a draft's rebuilt from live data now."""
    if document.is_issued:
        return Content.from_json(document.content)
    content, _result = build(document.kind, document.period, document.issuing_body)
    return content


def render(content: Content, fmt: str, kind: str | None = None) -> bytes:
    """The content as bytes of `fmt` (docx with the city's template for the kind when one is uploaded)."""
    if fmt == OutputFormat.DOCX:
        return render_docx(content, active_template(kind or content.kind))
    if fmt == OutputFormat.PDF:
        return render_pdf(content)
    if fmt == OutputFormat.HTML:
        return render_html(content).encode()
    raise ValueError(_("未知的输出格式“%(fmt)s”：可选 docx、pdf、html。") % {"fmt": fmt})


def file_name(document_or_content, fmt: str) -> str:
    content = document_or_content
    title = content.title
    number = content.number
    return f"{number + '-' if number else ''}{title}.{fmt}"


@transaction.atomic
def draft(kind: str, period, user=None, issuing_body=None) -> Document:
    """The draft of `kind` for `period` (one per kind, period and issuing body), its title refreshed from the data."""
    body = issuing_body or default_issuing_body()
    try:
        period = parse_period(kind, period)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from error
    content, _result = build(kind, period, body, charts=False)
    document, _created = Document.objects.update_or_create(
        kind=kind,
        period=str(period),
        issuing_body=body,
        status=DocumentStatus.DRAFT,
        defaults={"year": period.year, "title": content.title},
    )
    return document


def _cited_publication(result: dict | None, user):
    """The race publication a document cites: the period's latest one, published now when the ranking is a draft
    (issuing the circular is publishing its ranking)."""
    from race.models import RacePublication, RaceScheme
    from race.services import publish

    if result is None:
        return None
    if result.get("publication_id"):
        return RacePublication.objects.get(pk=result["publication_id"])
    scheme = RaceScheme.objects.get(pk=result["scheme_id"])
    return publish(scheme, result["period"], user)


def record_progress(document: Document, percent: int, state: str = TaskState.RUNNING, message: str = "") -> None:
    """Record how far issuing got, visible to the polling page at once (outside any transaction)."""
    Document.objects.filter(pk=document.pk).update(task_state=state, progress=percent, task_message=message)


def issue(document: Document, user=None, on: dt.date | None = None, files: bool = True) -> Document:
    """Issue a draft: allocate its 发文字号, freeze its content (with the race publication it cites), then generate
    its .docx and PDF. An issued document is never rebuilt from data again; a failure in the files leaves it issued
    (its downloads render from the frozen content) with the failure shown. `files=False` (the demo) stores no
    files: the downloads render them from the frozen content when asked."""
    if document.is_issued:
        raise ValidationError(_("%(number)s已印发，不能再次印发。") % {"number": document.number})
    on = on or today()
    record_progress(document, 5, message=_("正在汇总数据"))
    try:
        with transaction.atomic():
            locked = Document.objects.select_for_update().get(pk=document.pk)
            if locked.is_issued:
                raise ValidationError(_("%(number)s已印发，不能再次印发。") % {"number": locked.number})
            content, result = build(locked.kind, locked.period, locked.issuing_body, on=on)
            publication = _cited_publication(result, user)
            if publication is not None and not (result or {}).get("publication_id"):
                # Rebuilt on the frozen ranking, so the document says exactly what was published.
                content, result = build(locked.kind, locked.period, locked.issuing_body, on=on)
            serial = NumberSequence.allocate(locked.issuing_body, on.year)
            content.number = locked.issuing_body.number(on.year, serial)
            content.notes = []
            locked.serial, locked.number, locked.title = serial, content.number, content.title
            # The number's year, which the (issuing body, year, serial) uniqueness is about: a circular of
            # last year's December issued in January is numbered, and unique, in the new year.
            locked.year = on.year
            locked.content = content.as_json()
            locked.race_publication = publication
            locked.status = DocumentStatus.ISSUED
            locked.issued_at = timezone.now()
            locked.issued_by = user if getattr(user, "is_authenticated", False) else None
            locked.save()
    except ValidationError as error:  # refused (e.g. the race scheme is no longer in use): nothing issued
        record_progress(document, 0, TaskState.FAILED, "；".join(error.messages)[:300])
        raise
    if not files:
        record_progress(locked, 100, TaskState.DONE)
        locked.refresh_from_db()
        return locked
    try:
        record_progress(locked, 40, message=_("正在生成 Word 文件"))
        locked.docx.save(file_name(content, "docx"), ContentFile(render(content, OutputFormat.DOCX)), save=False)
        record_progress(locked, 70, message=_("正在生成 PDF 文件"))
        locked.pdf.save(file_name(content, "pdf"), ContentFile(render_pdf(content)), save=False)
        locked.task_state, locked.progress, locked.task_message = TaskState.DONE, 100, ""
        locked.save(update_fields=["docx", "pdf", "task_state", "progress", "task_message", "updated"])
    except Exception as error:
        record_progress(
            locked, locked.progress, TaskState.FAILED, (_("文件生成失败：%(error)s") % {"error": error})[:300]
        )
        raise
    return locked


def sample_content(kind: str) -> Content:
    """Content with every kind of block and awkward text (& < > "), to check a template before it is used."""
    return Content(
        kind=kind,
        mark="营口市发展和改革委员会文件",
        number="营发改发〔2024〕1号",
        title="关于模板检查的通报 & <测试>",
        addressee="各县（市）区人民政府：",
        blocks=[
            Heading(1, "总体情况", "一、"),
            Heading(2, "分项", "（一）"),
            Paragraph('正文段落 A&B <c> "d"。'),
            Table("检查表", ["地区", "数值"], [["甲 & 乙", "1.00"], ["<丙>", ""]], [False, True]),
        ],
        signature="营口市发展和改革委员会",
        date=chinese_date(dt.date(2024, 6, 5)),
        copies_to="市政府办公室",
        printer="营口市发展和改革委员会办公室",
        print_date=chinese_date(dt.date(2024, 6, 5)),
    )


def check_template(upload) -> None:
    """Render the sample with an uploaded template; any failure is a ValidationError saying what is wrong."""
    from docx import Document as Docx

    data = upload.read()
    upload.seek(0)
    try:
        rendered = render_docx(sample_content("circular"), io.BytesIO(data))
        Docx(io.BytesIO(rendered))
    except KeyError as error:
        raise ValidationError(
            _("模板缺少所需样式：%(error)s。请以系统提供的模板为底稿修改，保留“公文正文”等样式。") % {"error": error}
        ) from error
    except ValueError as error:
        raise ValidationError(_("模板无法使用：%(error)s") % {"error": error}) from error
    except Exception as error:  # a broken .docx or bad Jinja: anything that stops it rendering
        raise ValidationError(
            _("模板无法生成公文（%(kind)s：%(error)s）。请检查占位符 {{ … }} 是否完整。")
            % {"kind": type(error).__name__, "error": error}
        ) from error
