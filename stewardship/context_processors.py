"""The bell in the header: the signed-in user's unread notifications, as a generic header item (base.html renders
`header_items` without knowing which app gave them)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.cache import cached, request_version
from core.context_processors import once_per_request


@once_per_request
def bell(request):
    """{"header_items": [the bell]} for a signed-in user. The count is kept in the figures' cache under the request's
    data version (a notification made or read moves it), so a page whose view read the version asks no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from stewardship.models import Notification

    def count():
        return Notification.objects.restrict(user).filter(read_at__isnull=True).count()

    unread = cached("bell", (user.pk,), count, user=user, version=request_version(request))
    item = {
        "url": reverse("stewardship:notifications") + "?unread=true",
        "icon": "bi-bell",
        "label": _("通知"),
        "count": unread,
        "testid": "bell-count",
    }
    return {"header_items": [*getattr(request, "header_items", []), item]}
