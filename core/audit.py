"""Recording audit events: the one function every app calls (`record`), the client address, and the receivers
that turn logins, failed logins and lockouts into events.

    from core.audit import record
    from core.models import AuditAction
    record(request, AuditAction.DOWNLOAD, obj=photo, file=photo.image.name)

`record` takes the request when there is one (user, address, method and path come from it) or else a user (or
None) for the command line; `obj` is the model instance acted on; keyword arguments go into `detail` as JSON.
"""

import getpass
import ipaddress
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest

from core.models import AuditAction, AuditEvent

__all__ = ["AuditAction", "client_ip", "import_outcome", "record"]


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front the address the outermost
    of them saw (counted from the right of X-Forwarded-For, the part a client cannot forge). Also axes' source."""
    if request is None:
        return None
    meta = getattr(request, "META", {})
    address = meta.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            address = forwarded[-count]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def _is_request(value) -> bool:
    # DRF's Request wraps an HttpRequest and forwards META, user and path to it.
    return isinstance(value, HttpRequest) or hasattr(value, "_request")


def record(request_or_user, action: str, obj=None, *, user=None, username: str | None = None, **detail) -> AuditEvent:
    """Add one event to the audit log and return it.

    `user` overrides the request's user (a login, before the request knows it); `username` names the account when
    there is no user object (a failed login with an unknown name, a command run at the shell).
    """
    request = request_or_user if _is_request(request_or_user) else None
    if request is None and user is None:
        user = request_or_user
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if username is None:
        username = user.get_username() if user is not None else ""
        if request is None and user is None:
            username = f"cli:{_shell_user()}"
    event = AuditEvent(
        action=action,
        user=user,
        username=username[:150],
        detail=json.loads(json.dumps(detail, cls=DjangoJSONEncoder, ensure_ascii=False, default=str)),
    )
    if request is not None:
        event.ip_address = client_ip(request)
        event.method = (getattr(request, "method", "") or "")[:8]
        event.path = request.get_full_path()[:500] if hasattr(request, "get_full_path") else ""
        request._audit_recorded = True
    else:
        event.detail.setdefault("via", "cli")
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk or "")
        event.object_repr = str(obj)[:300]
    event.save()
    return event


def import_outcome(result) -> dict:
    """What the audit log keeps of an import's result (core.importing.results.ImportResult): its counts, not rows."""
    return {
        "total_rows": result.total_rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "dry_run": result.dry_run,
        "written": result.written,
        "summary": result.summary(),
    }


def _shell_user() -> str:
    """Who ran a command at the shell (the operating-system account), for events without a web user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def on_logged_in(sender, request, user, **kwargs):
    record(request, AuditAction.LOGIN, user=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(request, AuditAction.LOGOUT, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    locked_out = bool(getattr(request, "axes_locked_out", False))
    record(request, AuditAction.LOGIN_FAILED, username=username, locked_out=locked_out)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    record(request, AuditAction.LOCKOUT, username=username or "", locked_address=ip_address)


def connect_receivers() -> None:
    """Called from CoreConfig.ready: logins, logouts, failed logins and axes' lockouts become audit events."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_logged_in, dispatch_uid="core.audit.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="core.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="core.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="core.audit.locked_out")
