"""Indicators API routes, under the namespace "indicators-api"."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from indicators.api import views

router = DefaultRouter()
router.register("categories", views.IndicatorCategoryViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("values", views.IndicatorValueViewSet)
router.register("ranks", views.ProvinceRankViewSet)

routes = [
    path("figures/", views.FiguresView.as_view(), name="figures"),
    *router.urls,
]

urlpatterns = [path("", include((routes, "indicators-api")))]
