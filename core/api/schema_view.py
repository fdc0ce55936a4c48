"""The schema's page, built once per process: apart from core.api.schema, which DRF's settings import while
drf-spectacular's views are still loading."""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class CachedSchemaView(SpectacularAPIView):
    """The schema is built from the code, so it is built once per process (per language and version): generating
    it took a third of a second on every request."""

    _cache: dict = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version)
        if key not in self._cache:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            self._cache[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=self._cache[key],
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
