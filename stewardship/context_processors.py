"""The bell in the header: the signed-in user's unread notifications, as a generic header item (base.html renders
`header_items` without knowing which app gave them)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def bell(request):
    """{"header_items": [the bell]} for a signed-in user; one COUNT query per page, kept on the request for the
    page's other templates rendered with it (a list's table, a project's panels) that ran it again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    kept = getattr(request, "_gongjian_bell", None)
    if kept is not None and kept[0] is user:
        return kept[1]
    from stewardship.models import Notification

    unread = Notification.objects.restrict(user).filter(read_at__isnull=True).count()
    item = {
        "url": reverse("stewardship:notifications") + "?unread=true",
        "icon": "bi-bell",
        "label": _("通知"),
        "count": unread,
        "testid": "bell-count",
    }
    found = {"header_items": [*getattr(request, "header_items", []), item]}
    request._gongjian_bell = (user, found)
    return found
