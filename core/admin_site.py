"""The admin site, entered only by those the permission policy lets in (the city's administrators), not by any
account that happens to carry Django's staff flag."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class GongjianAdminSite(admin.AdminSite):
    """Django's admin site whose door asks the policy as well as the staff flag."""

    def has_permission(self, request):
        from core.permissions import ADMIN_SITE, VIEW, role_allows

        return super().has_permission(request) and role_allows(request.user, ADMIN_SITE, VIEW)


class GongjianAdminConfig(AdminConfig):
    """Django's admin app with the site above (named in INSTALLED_APPS instead of django.contrib.admin)."""

    default_site = "core.admin_site.GongjianAdminSite"
