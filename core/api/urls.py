"""API of the base layer: regions, departments, the current user."""

from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import DefaultRouter

from core.api import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("users", views.UserViewSet)


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def api_root(request, format=None):
    """Entry point listing each app's API."""
    return Response(
        {
            "core": reverse("core-api:api-root", request=request, format=format),
            "projects": reverse("projects-api:api-root", request=request, format=format),
            "scheduling": reverse("scheduling-api:api-root", request=request, format=format),
            "schema": reverse("schema", request=request, format=format),
        }
    )


urlpatterns = [
    path("", api_root, name="api-root"),
    path("core/", include((router.urls, "core-api"))),
]
