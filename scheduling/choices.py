"""Choices for monthly scheduling: report status and the site's state of works."""

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
