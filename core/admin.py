"""Admin site registrations for regions, departments and users (role and scope are set here)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.models import Department, Region, User


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
