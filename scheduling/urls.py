"""Monthly scheduling pages."""

from django.urls import include, path, register_converter

from core.views.registration import get_model_urls

# reports declares its models' pages (register_model_view) on import; the routes below are derived from them.
from scheduling.views import excel, month, reports, warnings  # noqa: F401

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
    path("reports/", include(get_model_urls("scheduling", "monthlyreport"))),
    path("photos/", include(get_model_urls("scheduling", "reportphoto"))),
    path("holidays/", include(get_model_urls("scheduling", "holiday"))),
    # excel round trip (scheduling/views/excel.py)
    path("<str:code>/<month:period>/template.xlsx", excel.MonthTemplateView.as_view(), name="month_template"),
    path("<str:code>/<month:period>/upload/", excel.MonthUploadView.as_view(), name="month_upload"),
    # warnings (scheduling/views/warnings.py)
    path("warnings/", warnings.WarningsView.as_view(), name="warnings"),
    path("targets/", include(get_model_urls("scheduling", "growthtarget"))),
    path("profiles/", include(get_model_urls("scheduling", "seasonalprofile"))),
]
