"""Template context for the base layout: the navigation (from core.registry) and the demo's fixed date."""


def demo_today(request):
    """The fixed "today" of a demo (`GONGJIAN_TODAY`) for the header; nothing when the real date is used."""
    from core.clock import fixed_today

    return {"demo_today": fixed_today()}


def navigation(request):
    """The menu as (label, url name) pairs: what apps registered (core.registry) that this user may open."""
    from core import registry

    items = registry.visible_menu(getattr(request, "user", None))
    return {"navigation": [(item.label, item.url_name) for item in items], "navigation_items": items}
