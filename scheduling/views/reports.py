"""One report's page (figures, photos, history, revision), the report list, and the holiday calendar pages."""

from decimal import Decimal
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core import files
from core.history import merged_history
from core.money import format_money
from core.permissions import VIEW, role_allows
from core.views.generic import (
    ObjectListView,
    ObjectView,
    field_values,
    register_standard_views,
)
from core.views.registration import register_model_view
from scheduling.choices import EDITABLE_STATUSES
from scheduling.filtersets import HolidayFilterSet, MonthlyReportFilterSet
from scheduling.forms import HolidayForm, PhotoForm, ReportFiguresForm, RevisionForm
from scheduling.forms.reports import MONEY_FIGURES
from scheduling.models import Holiday, MonthlyReport, ReportPhoto
from scheduling.policy import REVISE
from scheduling.services import NEVER_SAVED, ReportConflict, may_report, revise_report
from scheduling.tables import HolidayTable, MonthlyReportTable
from scheduling.views.month import attach_errors

REPORTS = MonthlyReport.objects.select_related("project__region", "submitted_by", "reviewed_by")


@register_model_view(MonthlyReport, "list", detail=False)
class MonthlyReportListView(ObjectListView):
    queryset = REPORTS
    filterset_class = MonthlyReportFilterSet
    table_class = MonthlyReportTable


@register_model_view(MonthlyReport)
class MonthlyReportView(ObjectView):
    """The report with its photos and every version; city admins revise locked reports here."""

    queryset = REPORTS
    template_name = "scheduling/monthlyreport_detail.html"
    related_history = [(ReportPhoto, "report")]
    revision_form = None  # a bound form with errors, when a revision was refused

    def get_extra_context(self, obj):
        user = self.request.user
        revision_form = None
        if obj.is_locked and role_allows(user, MonthlyReport, REVISE):
            revision_form = self.revision_form or _revision_form(obj)
        return {
            "fields": [
                (label, format_money(value) if isinstance(value, Decimal) else value)
                for label, value in field_values(obj)
            ],
            "history": _money_in_history(merged_history(obj, self.related_history, user)),
            "photos": obj.photos.all(),
            "photo_form": PhotoForm(user=user) if _may_add_photo(user, obj) else None,
            "revision_form": revision_form,
            "pending": obj.pending_recalculation() if obj.is_locked else None,
            "month_url": reverse("scheduling:month", args=[obj.project.region.code, obj.period_label]),
        }


MONEY_LABELS = {str(MonthlyReport._meta.get_field(name).verbose_name) for name in MONEY_FIGURES}


def _money_in_history(entries):
    """The history's before/after amounts written as money (39,830.48), as everywhere else on the page."""
    for entry in entries:
        entry.changes = [
            (label, *(format_money(value) if label in MONEY_LABELS and value else value for value in (old, new)))
            for label, old, new in entry.changes
        ]
    return entries


def _revision_form(report, data=None):
    """The revision form, showing the cumulative figures a pending recalculation calls for, if any."""
    pending = report.pending_recalculation()
    figures = {"ytd_amount": pending["ytd"], "total_amount": pending["total"]} if pending else None
    return RevisionForm(data, initial=ReportFiguresForm.initial_for(report, figures), auto_id="rev_%s")


def _may_add_photo(user, report) -> bool:
    """Photos go on reports the user may still report on, or, for those who may revise locked reports, on any."""
    if role_allows(user, MonthlyReport, REVISE):
        return True
    return report.status in EDITABLE_STATUSES and may_report(user, report.project)


@register_model_view(MonthlyReport, "revise")
class MonthlyReportRevisionView(LoginRequiredMixin, View):
    """Post a revision of a locked report (city admins, with a reason)."""

    def post(self, request, pk):
        report = get_object_or_404(REPORTS.restrict(request.user, VIEW), pk=pk)
        if not role_allows(request.user, MonthlyReport, REVISE):
            raise PermissionDenied(_("只有市发改委管理员可以修订已审核的调度表。"))
        form = _revision_form(report, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                revise_report(
                    request.user, report, data, data["revision_reason"], version=data.get("version") or NEVER_SAVED
                )
            except ReportConflict as conflict:
                messages.error(request, conflict.message)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("已修订「%(report)s」，原版本保留在变更记录中。") % {"report": report})
                return redirect(report.get_absolute_url())
        view = MonthlyReportView()
        view.setup(request, pk=pk)
        view.revision_form = form
        response = view.get(request, pk)
        response.status_code = 400
        return response


@register_model_view(MonthlyReport, "photo", path="photos")
class ReportPhotoUploadView(LoginRequiredMixin, View):
    """Attach a checked photo to a report."""

    def post(self, request, pk):
        report = get_object_or_404(REPORTS.restrict(request.user, VIEW), pk=pk)
        if not _may_add_photo(request.user, report):
            raise PermissionDenied(_("该调度表已报送或锁定，不能再上传照片。"))
        form = PhotoForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            photo = form.save(commit=False)
            photo.report, photo.size = report, form.cleaned_data["image"].size
            photo.save()
            messages.success(request, _("照片已上传。"))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(report.get_absolute_url())


@register_model_view(ReportPhoto, "file", path="image")
class ReportPhotoFileView(LoginRequiredMixin, View):
    """The image of a site photo, for those who may see its report; anyone else gets 404 (old names included)."""

    def get(self, request, pk):
        photo = get_object_or_404(ReportPhoto.objects.restrict(request.user, VIEW).select_related("report"), pk=pk)
        name = f"{photo.report}-{photo.pk}{Path(photo.image.name).suffix.lower()}"
        return files.serve(request, photo, photo.image, download_name=name)


register_standard_views(
    Holiday, queryset=Holiday.objects.all(), table=HolidayTable, filterset=HolidayFilterSet, form=HolidayForm
)
