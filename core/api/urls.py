"""API of the base layer: regions, departments, the current user."""

from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import DefaultRouter

from core import registry
from core.api import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("users", views.UserViewSet)


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def api_root(request, format=None):
    """Entry point listing each app's API (core's, then those registered with core.registry.register_api)."""
    roots = {"core": reverse("core-api:api-root", request=request, format=format)}
    for entry in registry.apis():
        roots[entry.prefix] = reverse(f"{entry.namespace}:api-root", request=request, format=format)
    return Response({**roots, "schema": reverse("schema", request=request, format=format)})


urlpatterns = [
    path("", api_root, name="api-root"),
    path("core/", include((router.urls, "core-api"))),
]
