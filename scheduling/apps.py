"""Monthly scheduling (月度调度): each construction project's monthly figures, their review, and warnings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("月度调度")

    def ready(self):
        from core.permissions import declare
        from scheduling.policy import POLICY

        declare(POLICY)
        from core.demo import register_step
        from core.importing.kinds import KINDS as IMPORT_KINDS
        from projects.services import register_summary_section
        from scheduling.demo import load_monthly_reports
        from scheduling.figures import summary_section
        from scheduling.filtersets import register_project_filter

        register_summary_section("investment", summary_section)
        IMPORT_KINDS["monthly"] = ("scheduling.imports.import_monthly", _("月度调度表（系统模板）"))
        register_step(30, "monthly reports", load_monthly_reports)
        register_project_filter()
