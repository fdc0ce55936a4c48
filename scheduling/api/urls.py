"""Scheduling API routes, under the namespace "scheduling-api"."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from scheduling.api import views

router = DefaultRouter()
router.register("reports", views.MonthlyReportViewSet)
router.register("targets", views.GrowthTargetViewSet)

routes = [
    path("warnings/projects/", views.ProjectWarningsView.as_view(), name="warnings-projects"),
    path("warnings/districts/", views.DistrictWarningsView.as_view(), name="warnings-districts"),
    *router.urls,
]

urlpatterns = [path("", include((routes, "scheduling-api")))]
