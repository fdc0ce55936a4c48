"""Reference-data pages of the base layer, and the helper every app uses to declare a model's pages."""

from django.urls import path

from core import views
from core.views import audit

app_name = "core"


def object_urls(name: str, list_view, detail_view, edit_view, delete_view, prefix: str = "") -> list:
    """The five standard pages of a model: list, add, detail, edit, delete, named `<name>_list` etc."""
    return [
        path(f"{prefix}", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}add/", edit_view.as_view(), name=f"{name}_add"),
        path(f"{prefix}<int:pk>/", detail_view.as_view(), name=name),
        path(f"{prefix}<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        path(f"{prefix}<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"),
    ]


urlpatterns = [
    *object_urls(
        "region", views.RegionListView, views.RegionView, views.RegionEditView, views.RegionDeleteView, "regions/"
    ),
    *object_urls(
        "department",
        views.DepartmentListView,
        views.DepartmentView,
        views.DepartmentEditView,
        views.DepartmentDeleteView,
        "departments/",
    ),
    path("audit/", audit.AuditEventListView.as_view(), name="auditevent_list"),
    path("audit/lockouts/", audit.LockoutView.as_view(), name="lockouts"),
]
