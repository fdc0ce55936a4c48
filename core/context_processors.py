"""Template context for the base layout: the navigation (from core.registry) and the demo's fixed date."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


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
        "menu_html": menu_html(items),
    }


def menu_html(items) -> str:
    """The menu bar's links as HTML. Its labels and addresses change only with the language and the URL map (and
    the registered items), so each set of visible items is written once per process: the template's loop reversed
    and translated some thirty times on every page."""
    key = (get_language() or "", get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, tuple(map(id, items)))
    found = _MENUS.get(key)
    if found is None:
        if len(_MENUS) >= 256:  # a bound on memory: roles × languages are a handful
            _MENUS.clear()
        # The items are kept with their HTML, so the ids in the key stay theirs while the entry lives.
        found = _MENUS[key] = (list(items), _write_menu(items))
    return found[1]


_MENUS: dict[tuple, tuple[list, str]] = {}


def _write_menu(items) -> str:
    """The links of `menu_html`, one per ungrouped item and a drop-down per group, then the API's."""
    parts = []
    for entry in menu_entries(items):
        if entry["items"]:
            links = format_html_join(
                "",
                '<li><a class="dropdown-item" href="{}">{}</a></li>',
                ((reverse(item.url_name), item.label) for item in entry["items"]),
            )
            parts.append(
                format_html(
                    '<li class="nav-item dropdown"><a class="nav-link dropdown-toggle" href="#" role="button" '
                    'data-bs-toggle="dropdown" aria-expanded="false">{}</a><ul class="dropdown-menu">{}</ul></li>',
                    entry["label"],
                    links,
                )
            )
        else:
            parts.append(
                format_html(
                    '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>',
                    reverse(entry["url_name"]),
                    entry["label"],
                )
            )
    parts.append(format_html('<li class="nav-item"><a class="nav-link" href="{}">API</a></li>', reverse("api-docs")))
    return mark_safe("".join(parts))  # each part escaped by format_html


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
