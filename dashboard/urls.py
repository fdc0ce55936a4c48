"""Dashboard pages: the city (/dashboard/), the wall screen (/dashboard/wall/), a district."""

from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("wall/", views.DashboardView.as_view(wall=True), name="wall"),
    path("district/<int:pk>/", views.DistrictDashboardView.as_view(), name="district"),
]
