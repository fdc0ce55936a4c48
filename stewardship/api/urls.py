"""Stewardship API routes, under the namespace "stewardship-api"."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from stewardship.api import views

router = DefaultRouter()
router.register("stewardships", views.StewardshipViewSet)
router.register("teams", views.ServiceTeamViewSet)
router.register("log", views.ServiceLogViewSet)
router.register("categories", views.ProblemCategoryViewSet)
router.register("problems", views.ProblemViewSet)
router.register("notices", views.SupervisionNoticeViewSet)
router.register("notifications", views.NotificationViewSet)

routes = [
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    *router.urls,
]

urlpatterns = [path("", include((routes, "stewardship-api")))]
