"""Template context for the base layout: the navigation (from core.registry) and the demo's fixed date."""

import functools


def once_per_request(processor):
    """A context processor's answer kept on the request for the same user object.

    A page renders several templates with the request (a list's table, a project's panels), and each ran every
    context processor again; what depends on the request's user is fixed for the request (a login or logout in
    the view replaces the user object, so it is computed afresh then)."""
    attribute = f"_gongjian_cp_{processor.__module__}.{processor.__qualname__}"

    @functools.wraps(processor)
    def wrapper(request):
        user = getattr(request, "user", None)
        kept = getattr(request, attribute, None)
        if kept is not None and kept[0] is user:
            return kept[1]
        found = processor(request)
        setattr(request, attribute, (user, found))
        return found

    return wrapper


def demo_today(request):
    """The fixed "today" of a demo (`GONGJIAN_TODAY`) for the header; nothing when the real date is used."""
    from core.clock import fixed_today

    return {"demo_today": fixed_today()}


@once_per_request
def navigation(request):
    """The menu as (label, url name) pairs: what apps registered (core.registry) that this user may open."""
    from core import registry

    items = registry.visible_menu(getattr(request, "user", None))
    return {
        "navigation": [(item.label, item.url_name) for item in items],
        "navigation_items": items,
        "menu": menu_entries(items),
    }


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
