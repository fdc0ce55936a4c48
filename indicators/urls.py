"""Indicators' pages: the 攻坚突破 page, entry, review, the Excel template, and each model's generic pages."""

from django.urls import include, path

from core.views.registration import get_model_urls

# objects declares the models' pages (register_model_view) on import; the routes below derive from them.
from indicators.views import excel, objects, pages  # noqa: F401

app_name = "indicators"

urlpatterns = [
    path("", pages.IndicatorsView.as_view(), name="index"),
    path("entry/", pages.EntryView.as_view(), name="entry"),
    path("review/", pages.ReviewView.as_view(), name="review"),
    path("entry/template/", excel.TemplateView.as_view(), name="template"),
    path("entry/upload/", excel.UploadView.as_view(), name="upload"),
    path("values/", include(get_model_urls("indicators", "indicatorvalue"))),
    path("catalogue/", include(get_model_urls("indicators", "indicator"))),
    path("categories/", include(get_model_urls("indicators", "indicatorcategory"))),
    path("ranks/", include(get_model_urls("indicators", "provincerank"))),
]
