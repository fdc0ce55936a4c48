"""Template filters for money: 万元 with separators, and 亿元 for summaries."""

from django import template

from core.money import format_money, to_yi

register = template.Library()


@register.filter
def wan(value):
    """Show an amount in 万元 with thousands separators and two decimals."""
    return format_money(value)


@register.filter
def yi(value):
    """Show an amount given in 万元 as 亿元 with two decimals."""
    return "" if value is None else format_money(to_yi(value))
