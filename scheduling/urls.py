"""Monthly scheduling pages."""

from django.urls import path, register_converter

from core.urls import object_urls
from scheduling.views import excel, month, reports, warnings

app_name = "scheduling"


class MonthConverter:
    """A month in URLs is written YYYY-MM, so it never collides with words like 'warnings'."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(MonthConverter, "month")

urlpatterns = [
    # month pages (scheduling/views/month.py)
    path("", month.MonthIndexView.as_view(), name="index"),
    path("<str:code>/<month:period>/", month.DistrictMonthView.as_view(), name="month"),
    path("<str:code>/<month:period>/row/<int:project_id>/", month.ReportRowView.as_view(), name="month_row"),
    path(
        "<str:code>/<month:period>/row/<int:project_id>/review/",
        month.ReportReviewView.as_view(),
        name="month_row_review",
    ),
    path("<str:code>/<month:period>/submit/", month.SubmitMonthView.as_view(), name="month_submit"),
    path("<str:code>/<month:period>/review/", month.ReviewMonthView.as_view(), name="month_review"),
    path("reports/", reports.MonthlyReportListView.as_view(), name="monthlyreport_list"),
    path("reports/<int:pk>/", reports.MonthlyReportView.as_view(), name="monthlyreport"),
    path("reports/<int:pk>/revise/", reports.MonthlyReportRevisionView.as_view(), name="monthlyreport_revise"),
    path("reports/<int:pk>/photos/", reports.ReportPhotoUploadView.as_view(), name="monthlyreport_photo"),
    path("photos/<int:pk>/image/", reports.ReportPhotoFileView.as_view(), name="reportphoto_file"),
    *object_urls(
        "holiday",
        reports.HolidayListView,
        reports.HolidayView,
        reports.HolidayEditView,
        reports.HolidayDeleteView,
        "holidays/",
    ),
    # excel round trip (scheduling/views/excel.py)
    path("<str:code>/<month:period>/template.xlsx", excel.MonthTemplateView.as_view(), name="month_template"),
    path("<str:code>/<month:period>/upload/", excel.MonthUploadView.as_view(), name="month_upload"),
    # warnings (scheduling/views/warnings.py)
    path("warnings/", warnings.WarningsView.as_view(), name="warnings"),
    *object_urls(
        "growthtarget",
        warnings.GrowthTargetListView,
        warnings.GrowthTargetView,
        warnings.GrowthTargetEditView,
        warnings.GrowthTargetDeleteView,
        "targets/",
    ),
    *object_urls(
        "seasonalprofile",
        warnings.SeasonalProfileListView,
        warnings.SeasonalProfileView,
        warnings.SeasonalProfileEditView,
        warnings.SeasonalProfileDeleteView,
        "profiles/",
    ),
]
