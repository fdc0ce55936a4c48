"""Project library pages."""

from django.urls import path

from core.urls import object_urls
from projects import views

app_name = "projects"

urlpatterns = [
    path("overview/", views.LibraryOverviewView.as_view(), name="overview"),
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
