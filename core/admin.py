"""Admin site registrations for regions, departments and users (role and scope are set here)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.models import AuditEvent, Department, Region, User
from core.permissions import VIEW, role_allows


class ReadOnlyAdminMixin:
    """For records that change only through their own flow (audit events, locked reports): never added,
    changed or deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class GongjianUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "display_name", "role", "region", "department", "is_active"]
    list_filter = ["role", "region", "department", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, (_("角色与范围"), {"fields": ["role", "region", "department", "phone"]})]


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


admin.site.register(Department, SimpleHistoryAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit log in the admin: readable by city administrators, never added to, changed or deleted here."""

    list_display = ["time", "action", "username", "ip_address", "object_type", "object_repr"]
    list_filter = ["action"]
    search_fields = ["username", "ip_address", "object_repr", "path"]
    date_hierarchy = "time"

    def has_view_permission(self, request, obj=None):
        return role_allows(request.user, AuditEvent, VIEW)

    def has_module_permission(self, request):
        return role_allows(request.user, AuditEvent, VIEW)
