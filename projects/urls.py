"""Project library pages."""

from django.urls import path

from core.urls import object_urls
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
    *object_urls(
        "projectlist",
        views.ProjectListsView,
        views.ProjectListDetailView,
        views.ProjectListEditView,
        views.ProjectListDeleteView,
        "lists/",
    ),
    *object_urls("project", views.ProjectListView, views.ProjectView, views.ProjectEditView, views.ProjectDeleteView),
]
