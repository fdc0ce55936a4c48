"""Error pages: the API answers in JSON (as its schema says) even for an address no route matches."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def page_not_found(request, exception):
    """404: `{"detail": …}` under /api/ (e.g. /api/projects/projects/1.5/), Django's page elsewhere."""
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": _("未找到。")}, status=404)
    return defaults.page_not_found(request, exception)
