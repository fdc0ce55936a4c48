"""Dashboard API routes, under the namespace "dashboard-api"."""

from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from dashboard.api import views


class DashboardApiRoot(APIView):
    """The dashboard's endpoints."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, format=None):
        return Response({"city": reverse("dashboard-api:city", request=request, format=format)})


routes = [
    path("", DashboardApiRoot.as_view(), name="api-root"),
    path("city/", views.CityDashboardView.as_view(), name="city"),
    path("districts/<int:pk>/", views.DistrictDashboardView.as_view(), name="district"),
]

urlpatterns = [path("", include((routes, "dashboard-api")))]
