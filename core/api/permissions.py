"""DRF permission class that asks core.permissions, so the API cannot disagree with the UI."""

from rest_framework.permissions import BasePermission

from core.permissions import ADD, CHANGE, DELETE, VIEW, role_allows, user_can

METHOD_ACTIONS = {
    "GET": VIEW,
    "HEAD": VIEW,
    "OPTIONS": VIEW,
    "POST": ADD,
    "PUT": CHANGE,
    "PATCH": CHANGE,
    "DELETE": DELETE,
}


def request_action(request, view=None) -> str:
    """The action a request asks for; a view may map a custom action (e.g. a POST that changes) itself."""
    custom = getattr(view, "permission_actions", {}).get(getattr(view, "action", None))
    return custom or METHOD_ACTIONS.get(request.method, CHANGE)


class RestrictedObjectPermissions(BasePermission):
    """Role decides whether the action is possible at all (403); scope decides on each object (404 or 403)."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return True
        if getattr(view, "lookup_url_kwarg", None) or view.lookup_field in getattr(view, "kwargs", {}):
            # One object: look it up first (404 when out of scope), then ask about that object (403).
            return True
        return role_allows(user, queryset.model, request_action(request, view))

    def has_object_permission(self, request, view, obj):
        return user_can(request.user, obj, request_action(request, view))
