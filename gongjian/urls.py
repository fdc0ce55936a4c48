"""Top-level URL map: core's pages, then each app's UI and API includes as registered in core.registry."""

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from core import registry
from core.api.schema_view import CachedSchemaView
from core.views import HomeView

# Swagger UI's page (from drf-spectacular-sidecar) carries a small <style> element and draws icons from data: URLs;
# its script comes from a separate request (the "split" view), so scripts stay 'self' only here too.
SWAGGER_UI_CSP = {"style-src-elem": ["'unsafe-inline'"], "img-src": ["data:"]}

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    # Browsers ask for it on every page without a <link rel="icon"> (the admin's): no icon, and no 404 in the logs.
    path("favicon.ico", lambda request: HttpResponse(status=204)),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("core/", include("core.urls")),
    # Each app's pages and API, as the app registered them (core.registry.register_urls / register_api).
    *[path(f"{entry.prefix}/", include(entry.urlconf)) for entry in registry.urls()],
    path("admin/", admin.site.urls),
    path("api/", include("core.api.urls")),
    *[path(f"api/{entry.prefix}/", include(entry.urlconf)) for entry in registry.apis()],
    path("api/schema/", CachedSchemaView.as_view(), name="schema"),
    path(
        "api/docs/",
        csp_update(SWAGGER_UI_CSP)(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
]

handler404 = "core.views.errors.page_not_found"
