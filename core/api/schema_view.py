"""The schema's page, built and rendered once per process: apart from core.api.schema, which DRF's settings import
while drf-spectacular's views are still loading."""

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView


class CachedSchemaView(SpectacularAPIView):
    """The schema is built from the code, so it is generated and rendered (YAML or JSON) once per process, language,
    version and format: generating it took a third of a second on every request, rendering it as much again."""

    _cache: dict = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        media_type = request.accepted_media_type
        key = (translation.get_language(), version, media_type)
        if key not in self._cache:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            schema = generator.get_schema(request=request, public=self.serve_public)
            content = request.accepted_renderer.render(schema, media_type, self.get_renderer_context())
            self._cache[key] = content
        renderer = request.accepted_renderer
        charset = f"; charset={renderer.charset}" if renderer.charset else ""
        response = HttpResponse(self._cache[key], content_type=f"{media_type}{charset}")
        response["Content-Disposition"] = f'inline; filename="{self._get_filename(request, version)}"'
        return response
