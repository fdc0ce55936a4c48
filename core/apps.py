"""The base layer: organisations, users and roles, the restricted queryset and the generic views."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Registers object permissions for every model, the audit log's login receivers and the data version's watch on
    every database connection, once all apps are loaded."""

    name = "core"
    verbose_name = _("基础")

    def ready(self):
        from core.audit import connect_receivers
        from core.permissions import register_model_permissions

        register_model_permissions()
        connect_receivers()
        from core import cache

        cache.connect()  # every write moves the data version on, so no cached figure outlives its data
        from core.choice_labels import install as install_choice_labels

        install_choice_labels()
        from core import registry
        from core.demo import load_accounts, load_organisations

        # Core's own pages sit after the apps' in the menu; only the city administrators see the audit log.
        registry.register_menu_item(_("行政区域"), "core:region_list", group=_("基础数据"), order=900)
        registry.register_menu_item(_("责任部门"), "core:department_list", group=_("基础数据"), order=910)
        registry.register_menu_item(
            _("审计日志"), "core:auditevent_list", group=_("基础数据"), order=990, model="core.AuditEvent"
        )
        registry.register_demo_step(10, "organisations", load_organisations)
        registry.register_demo_step(11, "accounts", load_accounts)
