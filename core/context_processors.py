"""Navigation for the base layout, shown according to the user's role."""

from django.utils.translation import gettext_lazy as _

NAVIGATION = [
    (_("项目库总览"), "projects:overview"),
    (_("项目"), "projects:project_list"),
    (_("项目清单"), "projects:projectlist_list"),
    (_("项目导入"), "projects:import"),
    (_("月度调度"), "scheduling:index"),
    (_("预警"), "scheduling:warnings"),
    (_("行政区域"), "core:region_list"),
    (_("责任部门"), "core:department_list"),
]


# Only the city administrators see (and may open) the security pages.
ADMIN_NAVIGATION = [
    (_("审计日志"), "core:auditevent_list"),
]


def demo_today(request):
    """The fixed "today" of a demo (`GONGJIAN_TODAY`) for the header; nothing when the real date is used."""
    from core.clock import fixed_today

    return {"demo_today": fixed_today()}


def navigation(request):
    from core.models import AuditEvent
    from core.permissions import VIEW, role_allows

    if role_allows(getattr(request, "user", None), AuditEvent, VIEW):
        return {"navigation": [*NAVIGATION, *ADMIN_NAVIGATION]}
    return {"navigation": NAVIGATION}
