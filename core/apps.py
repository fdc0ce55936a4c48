"""The base layer: organisations, users and roles, the restricted queryset and the generic views."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Registers object permissions for every model, and the audit log's login receivers, once all apps are loaded."""

    name = "core"
    verbose_name = _("基础")

    def ready(self):
        from core.audit import connect_receivers
        from core.permissions import register_model_permissions

        register_model_permissions()
        connect_receivers()
