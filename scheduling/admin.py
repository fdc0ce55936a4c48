"""Admin site registrations for monthly scheduling: reading reports and their history; holidays kept here too.

Report figures are changed through the month pages (which apply the rules and optimistic locking), so the admin
shows reports read-only: no add, change, delete or reverting to an old version from the history page.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin
from scheduling.models import (
    DistrictReview,
    GrowthTarget,
    Holiday,
    MonthlyReport,
    PendingRecalculation,
    SeasonalProfile,
)


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["project", "period", "month_amount", "ytd_amount", "total_amount", "status", "is_late"]
    list_filter = ["status", "is_late", "period"]
    search_fields = ["project__name", "project__national_code"]
    readonly_fields = [field.name for field in MonthlyReport._meta.fields]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves the old version on POST even without change permission (it only hides the button).
        if request.method == "POST":
            raise PermissionDenied(_("月度调度表不能在管理后台恢复旧版本；已审核的请由市发改委修订。"))
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(PendingRecalculation)
class PendingRecalculationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only: these are opened by changes to earlier months and closed by revising the locked month."""

    list_display = ["report", "ytd_delta", "total_delta", "reason", "raised_by", "created", "resolved_at"]
    list_filter = ["resolved_at"]
    readonly_fields = [field.name for field in PendingRecalculation._meta.fields]


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]


@admin.register(DistrictReview)
class DistrictReviewAdmin(SimpleHistoryAdmin):
    list_display = ["region", "period", "decision", "reviewer", "report_count", "created"]
    list_filter = ["decision", "region"]


@admin.register(SeasonalProfile)
class SeasonalProfileAdmin(SimpleHistoryAdmin):
    list_display = ["region", "name", "m03", "m06", "m09", "m12"]


@admin.register(GrowthTarget)
class GrowthTargetAdmin(SimpleHistoryAdmin):
    list_display = ["region", "year", "target_pct"]
    list_filter = ["year"]
