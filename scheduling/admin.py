"""Admin site registrations for monthly scheduling: reading reports and their history; holidays kept here too.

Report figures are changed through the month pages (which apply the rules and optimistic locking), so the admin
shows reports read-only.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scheduling.models import DistrictReview, GrowthTarget, Holiday, MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    list_display = ["project", "period", "month_amount", "ytd_amount", "total_amount", "status", "is_late"]
    list_filter = ["status", "is_late", "period"]
    search_fields = ["project__name", "project__national_code"]
    readonly_fields = [field.name for field in MonthlyReport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]


@admin.register(DistrictReview)
class DistrictReviewAdmin(SimpleHistoryAdmin):
    list_display = ["region", "period", "decision", "reviewer", "report_count", "created"]
    list_filter = ["decision", "region"]


@admin.register(GrowthTarget)
class GrowthTargetAdmin(SimpleHistoryAdmin):
    list_display = ["region", "year", "target_pct"]
    list_filter = ["year"]
