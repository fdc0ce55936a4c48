"""What indicators add to the rest of the system, all through core.registry: pages, API, menu, demo step,
summary section, the Excel import kind and the monthly entry reminders."""

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from core import registry
    from core.tasks import MONTHLY
    from indicators.demo import load_indicators
    from indicators.reminders import DEFAULT_DEADLINE_DAY, scheduled_overdue, scheduled_reminder
    from indicators.summary import summary_section

    registry.register_urls("indicators", "indicators.urls")
    registry.register_api("indicators", "indicators.api.urls", "indicators-api")
    group = _("攻坚突破")
    registry.register_menu_item(_("发展指标"), "indicators:index", group=group, order=80, model="indicators.Indicator")
    registry.register_menu_item(
        _("指标填报"), "indicators:entry", group=group, order=81, model="indicators.IndicatorValue"
    )
    registry.register_menu_item(
        _("指标数值表"), "indicators:indicatorvalue_list", group=group, order=82, model="indicators.IndicatorValue"
    )
    registry.register_menu_item(
        _("指标目录"), "indicators:indicator_list", group=group, order=83, model="indicators.Indicator"
    )
    registry.register_menu_item(
        _("全省排名"), "indicators:provincerank_list", group=group, order=84, model="indicators.ProvinceRank"
    )
    registry.register_demo_step(60, "indicators", load_indicators)
    registry.register_summary_section("indicators", summary_section, order=400)
    registry.register_import_kind("indicators", "indicators.excel.import_indicators", _("发展指标填报表（系统模板）"))
    registry.register_scheduled("indicators.reminder", MONTHLY, scheduled_reminder, day=DEFAULT_DEADLINE_DAY - 3)
    registry.register_scheduled("indicators.overdue", MONTHLY, scheduled_overdue, day=DEFAULT_DEADLINE_DAY + 1)
