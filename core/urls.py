"""Reference-data pages of the base layer: their routes come from the views' declarations (register_model_view)."""

from django.urls import include, path

from core.views import audit
from core.views.registration import get_model_urls

app_name = "core"

urlpatterns = [
    path("regions/", include(get_model_urls("core", "region"))),
    path("departments/", include(get_model_urls("core", "department"))),
    path("audit/", include(get_model_urls("core", "auditevent"))),
    path("audit/lockouts/", audit.LockoutView.as_view(), name="lockouts"),
]
