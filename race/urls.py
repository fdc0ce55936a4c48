"""Race pages: the ranking, its download and publishing; schemes and publications (register_model_view)."""

from django.urls import include, path

from core.views.registration import get_model_urls
from race.views import objects, ranking  # noqa: F401 — importing declares the models' pages

app_name = "race"

urlpatterns = [
    path("", ranking.RaceView.as_view(), name="index"),
    path("download/", ranking.DownloadView.as_view(), name="download"),
    path("publish/", ranking.PublishView.as_view(), name="publish"),
    path("schemes/", include(get_model_urls("race", "racescheme"))),
    path("publications/", include(get_model_urls("race", "racepublication"))),
]
