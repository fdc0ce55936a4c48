"""The month's Excel round trip pages: download a district-month's template, upload it filled in, see the result.

Who may: users whose role may add monthly reports and whose scope includes the region (district operators their
own district, city administrators any). Other roles get 403; a region outside an operator's scope is 404, as if it
did not exist for them.
"""

import io

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.audit import import_outcome, record
from core.exports import XLSX_TYPE
from core.importing.modes import keeps_valid_rows
from core.importing.results import ImportFailed
from core.models import AuditAction
from core.permissions import ADD, covers_region, role_allows
from scheduling.excel.template import month_template_bytes, template_filename
from scheduling.excel.upload import Outcome, import_month_workbook
from scheduling.forms import MonthUploadForm
from scheduling.models import MonthlyReport
from scheduling.views.month import period_from, visible_region


class MonthExcelView(LoginRequiredMixin, View):
    """Resolves the district and the month from the URL and refuses users who may not report for them."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not role_allows(request.user, MonthlyReport, ADD):
            raise PermissionDenied(_("您无权填报月度调度表。"))
        self.region = visible_region(request.user, kwargs["code"])
        if not covers_region(request.user, MonthlyReport, ADD, self.region):
            raise Http404(_("没有该地区的调度表。"))
        self.period = period_from(kwargs["period"])
        return super().dispatch(request, *args, **kwargs)

    def page_context(self, **extra) -> dict:
        args = [self.region.code, f"{self.period:%Y-%m}"]
        return {
            "region": self.region,
            "period": self.period,
            "month_url": reverse("scheduling:month", args=args),
            "template_url": reverse("scheduling:month_template", args=args),
            "upload_url": reverse("scheduling:month_upload", args=args),
            **extra,
        }


class MonthTemplateView(MonthExcelView):
    """The district-month's .xlsx template, pre-filled with the figures already saved."""

    def get(self, request, code, period):
        content = month_template_bytes(request.user, self.region, self.period)
        return FileResponse(
            io.BytesIO(content),
            as_attachment=True,
            filename=template_filename(self.region, self.period),
            content_type=XLSX_TYPE,
        )


class MonthUploadView(MonthExcelView):
    """The upload form (file + mode) and, after posting, every row's fate with each rejected row's reasons."""

    form_template = "scheduling/excel_upload.html"
    result_template = "scheduling/excel_result.html"

    def get(self, request, code, period):
        return render(request, self.form_template, self.page_context(form=MonthUploadForm()))

    def post(self, request, code, period):
        form = MonthUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            mode = form.cleaned_data["mode"]
            audit_detail = {"kind": "month", "period": f"{self.period:%Y-%m}", "file": upload.name, "mode": mode}
            try:
                result = import_month_workbook(
                    request.user,
                    upload,
                    region=self.region,
                    period=self.period,
                    mode=form.cleaned_data["mode"],
                    filename=upload.name,
                )
            except ImportFailed as error:
                record(request, AuditAction.IMPORT, obj=self.region, **audit_detail, failure=error.message)
                form.add_error("file", error.message)
            else:
                record(request, AuditAction.IMPORT, obj=self.region, **audit_detail, **import_outcome(result))
                context = self.page_context(
                    result=result,
                    filename=upload.name,
                    all_or_nothing=not keeps_valid_rows(result.mode),
                    changed_rows=[row for row in result.rows if row.outcome != Outcome.SKIPPED],
                )
                return render(request, self.result_template, context)
        return render(request, self.form_template, self.page_context(form=form), status=400)
