"""Dashboard pages: the city (/dashboard/), the wall screen (/dashboard/wall/), a district; and the city's
boundaries when they come from the npm package."""

from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("wall/", views.DashboardView.as_view(wall=True), name="wall"),
    path("district/<int:pk>/", views.DistrictDashboardView.as_view(), name="district"),
    path("geo/<str:code>.json", views.geo, name="geo"),
]
