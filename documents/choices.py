"""Kinds and states of official documents, with their Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What a document is; each kind has its period kind and its builder in documents/kinds.py."""

    CIRCULAR = "circular", _("月通报")
    QUARTERLY = "quarterly", _("季总结")
    ANNUAL = "annual", _("年考核")
    WORK_REPORT = "work-report", _("工作报告")
    MIDYEAR = "midyear", _("年中答卷")


# The race period kind each document kind reports on.
PERIOD_KIND = {
    DocumentKind.CIRCULAR: "month",
    DocumentKind.QUARTERLY: "quarter",
    DocumentKind.ANNUAL: "year",
    DocumentKind.WORK_REPORT: "month",
    DocumentKind.MIDYEAR: "month",
}


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")


class OutputFormat(models.TextChoices):
    DOCX = "docx", _("Word")
    PDF = "pdf", _("PDF")
    HTML = "html", _("网页")


class TaskState(models.TextChoices):
    """Where the background generation of an issued document's files stands."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
