"""Project library pages."""

from django.urls import include, path

from core.views.registration import get_model_urls
from projects import views, views_import

app_name = "projects"

urlpatterns = [
    path("overview/", views.LibraryOverviewView.as_view(), name="overview"),
    path("import/", views_import.UploadView.as_view(), name="import"),
    path("import/<str:job>/columns/", views_import.ColumnsView.as_view(), name="import_columns"),
    path("import/<str:job>/progress/", views_import.ProgressView.as_view(), name="import_progress"),
    path("import/<str:job>/status/", views_import.StatusView.as_view(), name="import_status"),
    path("import/<str:job>/preview/", views_import.PreviewView.as_view(), name="import_preview"),
    path("import/<str:job>/result/", views_import.ResultView.as_view(), name="import_result"),
    path(
        "import/<str:job>/<str:task>/errors.<str:suffix>",
        views_import.ErrorsDownloadView.as_view(),
        name="import_errors",
    ),
    path("import/<str:job>/mapping.toml", views_import.MappingDownloadView.as_view(), name="import_mapping"),
    path("lists/", include(get_model_urls("projects", "projectlist"))),
    path("", include(get_model_urls("projects", "project"))),
]
