"""What the dashboard plugs into core (core.registry): its pages, its API, a menu item, leaders' home page."""

from django.utils.translation import gettext_lazy as _

from core import registry


def register_all() -> None:
    from dashboard.views import home, home_applies

    registry.register_urls("dashboard", "dashboard.urls")
    registry.register_api("dashboard", "dashboard.api.urls", "dashboard-api")
    # First in the menu: the one page for leaders; shown to whoever may see projects.
    registry.register_menu_item(_("一张图"), "dashboard:index", order=5, model="projects.Project")
    registry.register_home_page("dashboard", home, applies=home_applies)
