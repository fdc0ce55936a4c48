"""What stewardship adds to the rest of the system, all through core.registry: pages, API, menu, demo step,
summary section, the daily overdue job and the project-page panels."""

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from core import registry
    from core.tasks import DAILY
    from stewardship.statistics import summary_section

    # Panels, the demo loader and the job are imported when first used (registry.lazy): commands start without them.
    load_stewardship = registry.lazy("stewardship.demo.load_stewardship")
    scheduled_overdue_run = registry.lazy("stewardship.overdue.scheduled_overdue_run")
    problems_panel = registry.lazy("stewardship.panels.problems_panel")
    steward_panel = registry.lazy("stewardship.panels.steward_panel")

    registry.register_urls("stewardship", "stewardship.urls")
    registry.register_api("stewardship", "stewardship.api.urls", "stewardship-api")
    group = _("项目管家")
    registry.register_menu_item(
        _("我管家的项目"), "stewardship:my_projects", group=group, order=70, model="stewardship.Stewardship"
    )
    registry.register_menu_item(
        _("问题清单"), "stewardship:problem_list", group=group, order=71, model="stewardship.Problem"
    )
    registry.register_menu_item(
        _("本部门问题"), "stewardship:our_problems", group=group, order=72, model="stewardship.Problem"
    )
    registry.register_menu_item(
        _("管家统计"), "stewardship:statistics", group=group, order=74, model="stewardship.ServiceLog"
    )
    registry.register_demo_step(40, "stewardship", load_stewardship)
    registry.register_summary_section("stewardship", summary_section, order=300)
    registry.register_scheduled("stewardship.overdue", DAILY, scheduled_overdue_run)
    registry.register_project_panel(
        "steward", _("项目管家与帮办团队"), "stewardship/_steward_panel.html", context=steward_panel, order=40
    )
    registry.register_project_panel(
        "problems", _("服务记录与问题"), "stewardship/_problems_panel.html", context=problems_panel, order=41
    )
