"""Monthly scheduling pages."""

from django.urls import path  # noqa: F401

app_name = "scheduling"

urlpatterns = [
    # month pages (scheduling/views/month.py)
    # excel round trip (scheduling/views/excel.py)
    # warnings (scheduling/views/warnings.py)
]
