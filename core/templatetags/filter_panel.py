"""Template filter for the folded filter panel: how many filters are set, shown on its button."""

from django import template

register = template.Library()


@register.filter
def active_count(form) -> int:
    """How many fields of a bound filter form have a value in the address (a folded panel would hide them)."""
    if form is None or not form.is_bound:
        return 0
    getlist = getattr(form.data, "getlist", lambda name: [form.data.get(name)])
    return sum(1 for name in form.fields if any(str(value).strip() for value in getlist(name) if value is not None))
