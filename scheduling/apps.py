"""Monthly scheduling (月度调度): each construction project's monthly figures, their review, and warnings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("月度调度")

    def ready(self):
        from core import registry
        from core.permissions import declare
        from scheduling.figures import plan_section, summary_section
        from scheduling.policy import POLICY

        # Views, filters and the demo loader are imported when first used (registry.lazy): commands start without.
        load_monthly_reports = registry.lazy("scheduling.demo.load_monthly_reports")
        light_filter = registry.lazy("scheduling.filtersets.light_filter")
        headline_widget = registry.lazy("scheduling.views.widgets.headline_widget")
        project_panel = registry.lazy("scheduling.views.widgets.project_panel")

        declare(POLICY)
        registry.register_urls("scheduling", "scheduling.urls")
        registry.register_api("scheduling", "scheduling.api.urls", "scheduling-api")
        registry.register_menu_item(_("月度调度"), "scheduling:index", group=_("调度预警"), order=50)
        registry.register_menu_item(_("预警"), "scheduling:warnings", group=_("调度预警"), order=60)
        registry.register_summary_section("investment", summary_section)
        registry.register_summary_section("plan", plan_section)
        registry.register_import_kind("monthly", "scheduling.imports.import_monthly", _("月度调度表（系统模板）"))
        registry.register_demo_step(30, "monthly reports", load_monthly_reports)
        registry.register_model_filter("projects.Project", "light", light_filter)
        registry.register_home_widget("headline", "scheduling/_headline.html", context=headline_widget, order=10)
        registry.register_project_panel(
            "monthly", _("月度调度"), "scheduling/_project_panel.html", context=project_panel, order=10
        )
