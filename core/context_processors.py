"""Template context for the base layout: the navigation (from core.registry) and the demo's fixed date."""


def demo_today(request):
    """The fixed "today" of a demo (`GONGJIAN_TODAY`) for the header; nothing when the real date is used."""
    from core.clock import fixed_today

    return {"demo_today": fixed_today()}


def navigation(request):
    """The menu as (label, url name) pairs: what apps registered (core.registry) that this user may open.

    Kept on the request: a page renders several templates with the request (a list's table is one), and each ran
    the context processors again; the menu depends on the user's role only, fixed for the request."""
    from core import registry

    user = getattr(request, "user", None)
    kept = getattr(request, "_gongjian_navigation", None)
    if kept is not None and kept[0] is user:  # the same user object (a login or logout in the view replaces it)
        return kept[1]
    items = registry.visible_menu(user)
    found = {
        "navigation": [(item.label, item.url_name) for item in items],
        "navigation_items": items,
        "menu": menu_entries(items),
    }
    request._gongjian_navigation = (user, found)
    return found


def menu_entries(items) -> list[dict]:
    """The menu bar: a link per ungrouped item and one drop-down per group, where the group's first item stands.

    Grouping keeps the bar one row on a laptop however many apps register links.
    """
    entries, groups = [], {}
    for item in items:
        if item.group is None:
            # "items": None, or the template's `entry.items` would find the dict's own items() method.
            entries.append({"label": item.label, "url_name": item.url_name, "items": None})
        elif str(item.group) in groups:
            groups[str(item.group)]["items"].append(item)
        else:
            groups[str(item.group)] = {"label": item.group, "items": [item]}
            entries.append(groups[str(item.group)])
    return entries
