"""Request/response layers of our own: Chinese first (the interface language is the user's explicit choice, never
the browser's Accept-Language), the security headers Django has no setting for, and the audit log's central hook
for refusals and downloads."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but only the language switch (cookie) overrides zh-hans.

    A leader's tablet set to English should still open the Chinese interface the city works in; English is
    one click away in the header and then sticks.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateResponseMiddleware:
    """Security headers Django has no setting for: Permissions-Policy on every response, and
    `Cache-Control: no-store` on whatever a signed-in user is shown and on every download, so no browser or
    proxy cache keeps a copy of scoped data after logout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or is_attachment(response):
            response["Cache-Control"] = "no-store"
        return response


def is_attachment(response) -> bool:
    """Whether the response is a file the browser saves (an export or a download) rather than shows."""
    return response.get("Content-Disposition", "").lower().startswith("attachment")


class AuditMiddleware:
    """The central place where refusals and file downloads enter the audit log.

    Every 403 (a view's PermissionDenied, the API's refusals, a failed CSRF check) becomes a 拒绝访问 event with
    its reason; every successful attachment response becomes an 导出 (list exports, `?export=…`) or 下载 event,
    unless the view already recorded something more precise with `core.audit.record`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_audit_recorded", False):
            return response
        if response.status_code == 403:
            self._record_denial(request, response)
        elif response.status_code == 200 and is_attachment(response):
            self._record_file(request, response)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            request._audit_denial_reason = str(exception)

    def _record_denial(self, request, response):
        from core.audit import record
        from core.models import AuditAction

        reason = getattr(request, "_audit_denial_reason", "")
        data = getattr(response, "data", None)  # DRF's refusals carry their reason here
        if not reason and isinstance(data, dict) and "detail" in data:
            reason = str(data["detail"])
        record(request, AuditAction.PERMISSION_DENIED, status=403, reason=reason)

    def _record_file(self, request, response):
        from core.audit import record
        from core.models import AuditAction

        action = AuditAction.EXPORT if "export" in request.GET else AuditAction.DOWNLOAD
        query = {key: request.GET.getlist(key) for key in request.GET}
        record(request, action, file=response["Content-Disposition"][:300], query=query)
