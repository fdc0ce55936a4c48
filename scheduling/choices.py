"""Choices for monthly scheduling: report status, the site's state of works, warning lights and their causes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """Where a monthly report is in its review: drafts and returned reports are editable, the rest are not."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")
    REVISED = "revised", _("已修订")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
LOCKED_STATUSES = (ReportStatus.APPROVED, ReportStatus.REVISED)
# Figures that count in city totals: submitted to the city, or approved (and possibly revised) by it.
COUNTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.REVISED)


class SiteStatus(models.TextChoices):
    """The state of works on site this month; 开复工 counts the projects working or finished this year."""

    NOT_STARTED = "not_started", _("未开（复）工")
    WORKING = "working", _("在建")
    STOPPED = "stopped", _("停工")
    FINISHED = "finished", _("完工")


STARTED_SITE_STATUSES = (SiteStatus.WORKING, SiteStatus.FINISHED)


class ReviewDecision(models.TextChoices):
    """What the city decided on a district's month."""

    APPROVED = "approved", _("审核通过")
    RETURNED = "returned", _("退回修改")


class Light(models.TextChoices):
    """The colour of a warning; grey when the figures needed to judge are missing."""

    RED = "red", _("红灯")
    YELLOW = "yellow", _("黄灯")
    GREEN = "green", _("绿灯")
    GREY = "grey", _("无法判定")


# The worst reason decides a light; grey (cannot judge) gives way to any judgement.
SEVERITY = {Light.GREY: 0, Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}


class ReasonKind(models.TextChoices):
    """What a reason is about, so that warnings can be filtered by cause."""

    COMPLETION = "completion", _("投资完成进度")
    NO_PLAN = "no_plan", _("未录入年度计划")
    NOT_STARTED = "not_started", _("逾期未开工")
    REPORT_MISSING = "report_missing", _("月报未报送")
    GROWTH = "growth", _("投资增速")
    NO_BASE = "no_base", _("上年同期无数据")
    NO_TARGET = "no_target", _("未设增速目标")


PROJECT_REASON_KINDS = (ReasonKind.COMPLETION, ReasonKind.NO_PLAN, ReasonKind.NOT_STARTED, ReasonKind.REPORT_MISSING)
