"""Monthly reports (月度调度表) of construction projects, their photos, and the city's review of a district's month."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import random_name
from core.models import BaseModel
from core.money import MONEY_DIGITS, ZERO
from scheduling.choices import LOCKED_STATUSES, ReportStatus, ReviewDecision, SiteStatus

MONEY = MONEY_DIGITS


class MonthlyReport(BaseModel):
    """One project's figures for one month; every saved version is kept in its history.

    `version` grows with each write so that a form saved from a stale page is refused instead of silently
    overwriting a colleague's figures (optimistic locking, see `scheduling.services`).
    """

    # PROTECT: deleting a project must never take its reported figures with it (see core.deletion). No index of
    # its own: the unique (project, period) index and report_project_figures both lead with project, and each
    # index on a project-ordered key costs every report write a random B-tree insert.
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="monthly_reports",
        db_index=False,
    )
    period = models.DateField(_("月份"), db_index=True, help_text=_("所报月份的第一天"))
    month_amount = models.DecimalField(_("本月完成投资（万元）"), **MONEY)
    ytd_amount = models.DecimalField(_("本年累计完成投资（万元）"), **MONEY)
    total_amount = models.DecimalField(_("累计完成投资（万元）"), **MONEY)
    site_status = models.CharField(_("施工状态"), max_length=16, choices=SiteStatus.choices, default=SiteStatus.WORKING)
    progress = models.TextField(_("形象进度"), blank=True)
    overrun_explanation = models.TextField(
        _("超概算说明"), blank=True, help_text=_("累计完成投资超过项目总投资时必须说明原因")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_late = models.BooleanField(_("逾期报送"), default=False)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    revision_reason = models.TextField(_("修订原因"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    scope_region_field = "project__region"
    scope_department_field = "project__responsible_department"

    class Meta:
        verbose_name = _("月度调度表")
        verbose_name_plural = _("月度调度表")
        ordering = ["-period", "project"]
        # The reports list's default order (also filtered by status: the reports waiting for review), and a month's
        # reports by status (the month index, the warnings).
        indexes = [
            models.Index(fields=["-period", "project"], name="report_default_order"),
            models.Index(fields=["status", "-period", "project"], name="report_status_order"),
            # On PostgreSQL it also carries the figures (INCLUDE; SQLite has no such clause and builds the plain
            # (period, status) index): a year to date is an index-only range scan of its months, not a bitmap
            # scan visiting most of the table's pages.
            models.Index(
                fields=["period", "status"],
                include=["project", "site_status", "month_amount"],
                name="report_period_figures",
            ),
            # The race and the headline sum a year to date per region: each project's months read from this index
            # alone (no row of the table visited), about a quarter less time per ranking at province scale.
            models.Index(
                fields=["project", "period", "status", "site_status", "month_amount"], name="report_project_figures"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="one_report_per_project_month"),
            models.CheckConstraint(condition=models.Q(month_amount__gte=0), name="report_month_non_negative"),
        ]

    def __str__(self):
        return f"{self.project} {self.period:%Y-%m}"

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    # What a locked report guards: its figures, texts and status change only through a revision.
    GUARDED_FIELDS = (
        "month_amount",
        "ytd_amount",
        "total_amount",
        "site_status",
        "progress",
        "overrun_explanation",
        "status",
    )

    def save(self, *args, **kwargs):
        """Refuse any save that would change a locked report's figures unless it is a recorded revision.

        The services never do this; the guard catches every other route (admin, shell, a future code path).
        """
        if self.pk and not getattr(self, "_revision", False):
            stored = type(self).objects.filter(pk=self.pk).values(*self.GUARDED_FIELDS).first()
            if stored and stored["status"] in LOCKED_STATUSES:
                changed = [name for name, value in stored.items() if getattr(self, name) != value]
                if changed:
                    raise ValidationError(
                        _("「%(report)s」已审核锁定，只能由市发改委填写原因后修订。") % {"report": self}
                    )
        super().save(*args, **kwargs)

    def pending_recalculation(self, pending=None) -> dict | None:
        """What the open recalculations of this locked report add up to, or None when there are none (`pending`:
        those recalculations, already fetched for a whole month's table, oldest first)."""
        if pending is None:
            pending = list(self.pending_recalculations.filter(resolved_at__isnull=True).order_by("created"))
        if not pending:
            return None
        ytd_delta = sum((p.ytd_delta for p in pending), ZERO)
        total_delta = sum((p.total_delta for p in pending), ZERO)
        return {
            "items": pending,
            "ytd": self.ytd_amount + ytd_delta,
            "total": self.total_amount + total_delta,
            "ytd_delta": ytd_delta,
            "total_delta": total_delta,
        }

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"


def month_start(value: dt.date) -> dt.date:
    """The first day of the month a date falls in: how report periods are stored."""
    return value.replace(day=1)


def photo_path(photo, filename):
    """Where a new photo is stored: by month and project, under a random name (photos are served only by a view).

    The extension is that of the format Pillow found when the upload was checked, not the one the file was sent
    with, so the photo is served with its true type.
    """
    try:
        checked = getattr(photo.image.file, "image", None)  # set by forms.ImageField once Pillow has read the file
    except ValueError:  # no file object (a name assigned in code)
        checked = None
    if checked is not None and checked.format:
        filename = f"photo.{checked.format.lower()}"
    return f"reports/{photo.report.period:%Y-%m}/{photo.report.project_id}/{random_name(filename)}"


class ReportPhoto(BaseModel):
    """A photo of the site attached to a monthly report (checked for type and size on upload)."""

    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("月度调度表"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("照片"), upload_to=photo_path)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)

    scope_region_field = "report__project__region"
    scope_department_field = "report__project__responsible_department"

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.caption or self.image.name

    def get_file_url(self) -> str:
        """The only address of the image: a view that asks the permission policy (no MEDIA_URL serving)."""
        return reverse("scheduling:reportphoto_file", args=[self.pk])


class DistrictReview(BaseModel):
    """The city's decision on one district's month: approved (locking its reports) or returned with a comment."""

    region = models.ForeignKey("core.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("月份"))
    decision = models.CharField(_("审核结论"), max_length=16, choices=ReviewDecision.choices)
    comment = models.TextField(_("审核意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_count = models.PositiveIntegerField(_("涉及月报数"), default=0)

    scope_region_field = "region"

    class Meta:
        verbose_name = _("县区月度审核")
        verbose_name_plural = _("县区月度审核")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.region} {self.period:%Y-%m} {self.get_decision_display()}"


class PendingRecalculation(BaseModel):
    """A change to an earlier month that a locked later month did not follow (locked months never move).

    The city sees it on the month and report pages and applies it by revising that month, which closes it.
    """

    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("待重算的月报"), on_delete=models.CASCADE, related_name="pending_recalculations"
    )
    cause = models.ForeignKey(
        MonthlyReport, verbose_name=_("引起变化的月报"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ytd_delta = models.DecimalField(_("本年累计应变动（万元）"), **MONEY)
    total_delta = models.DecimalField(_("累计应变动（万元）"), **MONEY)
    reason = models.CharField(_("原因"), max_length=300)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("修订时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修订人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_region_field = "report__project__region"
    scope_department_field = "report__project__responsible_department"

    class Meta:
        verbose_name = _("待修订的重算")
        verbose_name_plural = _("待修订的重算")
        ordering = ["report", "created"]

    def __str__(self):
        return f"{self.report} {self.reason}"
