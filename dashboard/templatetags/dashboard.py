"""Template filters of the dashboard: its figures arrive as decimal strings (the JSON the API serves)."""

from decimal import Decimal, InvalidOperation

from django import template

from core.money import format_money

register = template.Library()


@register.filter
def amount(value):
    """A decimal string ("20310.50") with thousands separators and two decimals; "—" when there is none."""
    if value in (None, ""):
        return "—"
    try:
        return format_money(Decimal(value))
    except InvalidOperation:
        return value


@register.filter
def pct(value):
    """A percentage string with its sign kept; "—" when there is none."""
    return "—" if value in (None, "") else f"{value}%"


@register.filter
def get(mapping, key):
    """mapping[key] in a template (the counts per light)."""
    return mapping.get(key, "") if mapping else ""
