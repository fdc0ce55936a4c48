"""The bell in the header: the signed-in user's unread notifications, as a generic header item (base.html renders
`header_items` without knowing which app gave them)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.context_processors import once_per_request


@once_per_request
def bell(request):
    """{"header_items": [the bell]} for a signed-in user; one COUNT query per page (core's `once_per_request`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from stewardship.models import Notification

    unread = Notification.objects.restrict(user).filter(read_at__isnull=True).count()
    item = {
        "url": reverse("stewardship:notifications") + "?unread=true",
        "icon": "bi-bell",
        "label": _("通知"),
        "count": unread,
        "testid": "bell-count",
    }
    return {"header_items": [*getattr(request, "header_items", []), item]}
