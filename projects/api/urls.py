"""Project library API routes."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from projects.api import views

router = DefaultRouter()
router.register("projects", views.ProjectViewSet)
router.register("plans", views.InvestmentPlanViewSet)
router.register("list-kinds", views.ListKindViewSet)
router.register("lists", views.ProjectListViewSet)
router.register("memberships", views.ListMembershipViewSet)

urlpatterns = [
    path("summary/", views.summary, name="projects-summary"),
    path("", include((router.urls, "projects-api"))),
]
