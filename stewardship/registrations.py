"""What stewardship adds to the rest of the system: demo step, summary section, scheduled job (and, once the core
registry exists, menu, API, URLs and project panels through it)."""

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from core.demo import register_step
    from core.tasks import DAILY, register_scheduled
    from projects.services import register_summary_section
    from stewardship.demo import load_stewardship
    from stewardship.overdue import scheduled_overdue_run
    from stewardship.statistics import summary_section

    register_step(40, "stewardship", load_stewardship)
    register_summary_section("stewardship", summary_section)
    register_scheduled("stewardship.overdue", DAILY, scheduled_overdue_run)
    try:
        from core import registry
    except ImportError:  # the registry is being built (helper `registry`): until then gongjian/urls.py includes us
        return
    registry.register_menu_item(
        _("问题清单"), "stewardship:problem_list", group=_("项目管家"), order=40, model="stewardship.Problem"
    )
