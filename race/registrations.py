"""What race adds to the rest of the system, all through core.registry: pages, API, menu, demo step, summary."""

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from core import registry
    from race.demo import load_race
    from race.summary import summary_section

    registry.register_urls("race", "race.urls")
    registry.register_api("race", "race.api.urls", "race-api")
    group = _("赛马")
    registry.register_menu_item(_("赛马排名"), "race:index", group=group, order=80, model="race.RaceScheme")
    registry.register_menu_item(
        _("通报存档"), "race:racepublication_list", group=group, order=81, model="race.RacePublication"
    )
    registry.register_menu_item(_("赛马方案"), "race:racescheme_list", group=group, order=82, model="race.RaceScheme")
    registry.register_demo_step(50, "race", load_race)
    registry.register_summary_section("race", summary_section, order=400)
