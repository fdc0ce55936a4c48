"""The city administrator's security pages: the audit log (read, filter, export) and current login lockouts
(unlock); and the CSRF failure view, which names its reason for the audit log."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.csrf import csrf_failure as django_csrf_failure

from core.audit import record
from core.exports import table_to_csv_response
from core.filtersets import AuditEventFilterSet
from core.models import AuditAction, AuditEvent
from core.permissions import CHANGE, VIEW, role_allows
from core.tables import AuditEventTable
from core.views.generic import ObjectListView, query_with
from core.views.registration import register_model_view


class CityAdminRequiredMixin(LoginRequiredMixin):
    """Only those the policy lets read `policy_model` may enter (the city's administrators); anyone else signed in
    is refused (403, itself audited). A POST asks for the change action."""

    policy_model = AuditEvent

    def dispatch(self, request, *args, **kwargs):
        action = VIEW if request.method in {"GET", "HEAD", "OPTIONS"} else CHANGE
        if request.user.is_authenticated and not role_allows(request.user, self.policy_model, action):
            raise PermissionDenied(_("只有市发改委管理员可以查看审计日志和登录锁定。"))
        return super().dispatch(request, *args, **kwargs)


@register_model_view(AuditEvent, "list", detail=False)
class AuditEventListView(CityAdminRequiredMixin, ObjectListView):
    """The audit log: filter by event, user, address, object and dates; export as .xlsx or .csv."""

    queryset = AuditEvent.objects.all()
    filterset_class = AuditEventFilterSet
    table_class = AuditEventTable
    template_name = "core/audit/auditevent_list.html"
    exports = {**ObjectListView.exports, "csv": table_to_csv_response}

    def get_queryset(self):
        return self.queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(can_add=False, csv_query=query_with(self.request, export="csv"))
        return context


def current_lockouts():
    """The attempts that lock a user name or an address now (at or over the limit, within the cool-off)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since)


class LockoutView(CityAdminRequiredMixin, View):
    """Who is locked out after repeated failed logins, with a button to unlock a user name or an address."""

    policy_model = AccessAttempt

    def get(self, request):
        attempts = AccessAttempt.objects.order_by("-attempt_time")[:200]
        locked = set(current_lockouts().values_list("pk", flat=True))
        rows = [(attempt, attempt.pk in locked) for attempt in attempts]
        context = {
            "rows": rows,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        }
        return render(request, "core/audit/lockouts.html", context)

    def post(self, request):
        username = request.POST.get("username", "").strip()
        address = request.POST.get("ip_address", "").strip()
        if not username and not address:
            messages.error(request, _("请指定要解锁的用户名或地址。"))
            return redirect("core:lockouts")
        count = 0
        if username:
            count += axes_reset(username=username)
        if address:
            count += axes_reset(ip=address)
        record(request, AuditAction.UNLOCK, unlocked_username=username, unlocked_address=address, attempts=count)
        messages.success(
            request,
            _("已解除锁定（用户名：%(username)s，地址：%(address)s），清除 %(count)s 条失败记录。")
            % {"username": username or "-", "address": address or "-", "count": count},
        )
        return redirect("core:lockouts")


def csrf_failure(request, reason=""):
    """Django's CSRF refusal page, with the reason kept for the audit log's 拒绝访问 event."""
    request._audit_denial_reason = f"CSRF: {reason}"
    return django_csrf_failure(request, reason=reason)


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login sees (site and admin alike): a clear Chinese message, 429 Too Many Requests."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "core/lockout.html", context, status=429)
