"""Race API routes, under the namespace "race-api"."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from race.api import views

router = DefaultRouter()
router.register("schemes", views.RaceSchemeViewSet)
router.register("items", views.RaceItemViewSet)
router.register("publications", views.RacePublicationViewSet)

routes = [
    path("results/", views.ResultsView.as_view(), name="results"),
    path("publish/", views.PublishView.as_view(), name="publish"),
    *router.urls,
]

urlpatterns = [path("", include((routes, "race-api")))]
