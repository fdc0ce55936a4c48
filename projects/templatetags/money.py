"""Template filters for money: 万元 with separators, and 亿元 for summaries."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def wan(value):
    """Show an amount in 万元 with thousands separators and two decimals."""
    return "" if value is None else f"{Decimal(value):,.2f}"


@register.filter
def yi(value):
    """Show an amount given in 万元 as 亿元 with two decimals."""
    return "" if value is None else f"{Decimal(value) / 10000:,.2f}"
