"""A table's header and pagination written in Python (`core/table.html`), the HTML of django-tables2's bootstrap5
template: its loops cost a template node per column and page link and a query-string rebuild per tag."""

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django_tables2.templatetags.django_tables2 import table_page_range

from core.table_rows import show_value

register = template.Library()


def _address(request):
    """A function of (key, value) giving `{% querystring_replace key=value %}`: the request's query with one
    parameter set, escaped."""
    if request is None:
        raise ImproperlyConfigured("the table's template needs the request in its context (querystring_replace)")
    base = dict(request.GET)  # each key's list of values, as querystring_replace starts from

    def address(key, value) -> str:
        params = dict(base)
        if key not in ("", None):
            params[key] = value
        return escape("?" + urlencode(params, doseq=True))

    return address


def _nested_attrs(attrs, name: str) -> str:
    """`{{ table.attrs.<name>.as_html }}`: the nested attributes' HTML, or nothing where the template prints nothing."""
    value = attrs.get(name) if hasattr(attrs, "get") else None
    return value.as_html() if hasattr(value, "as_html") else ""


@register.simple_tag(takes_context=True)
def table_head(context, table):
    """The `<thead>` of django-tables2's bootstrap5 template (block table.thead), when the table shows a header."""
    if not table.show_header:
        return ""
    address = _address(context.get("request"))
    order_field = table.prefixed_order_by_field
    cells = []
    for column in table.columns:
        header = show_value(column.header)
        if column.orderable:
            header = f'<a href="{address(order_field, column.order_by_alias.next)}">{header}</a>'
        cells.append(f'\n<th {column.attrs["th"].as_html()} scope="col">\n{header}\n</th>')
    return mark_safe(f"<thead {_nested_attrs(table.attrs, 'thead')}>\n<tr>{''.join(cells)}\n</tr>\n</thead>")


@register.simple_tag(takes_context=True)
def table_pagination(context, table):
    """The `<nav>` of page links of django-tables2's bootstrap5 template (block pagination), when there are pages."""
    page = getattr(table, "page", None)
    if not (page and table.paginator.num_pages > 1):
        return ""
    address = _address(context.get("request"))
    page_field = table.prefixed_page_field
    parts = ['<nav aria-label="Table navigation">\n<ul class="pagination justify-content-center">']
    if page.has_previous():
        parts.append(
            f'\n<li class="previous page-item">\n<a href="{address(page_field, page.previous_page_number())}" '
            f'class="page-link">\n<span aria-hidden="true">&laquo;</span>\n{show_value(gettext("previous"))}'
            "\n</a>\n</li>"
        )
    if page.has_previous() or page.has_next():
        for number in table_page_range(page, table.paginator):
            active = " active" if page.number == number else ""
            href = f' href="{address(page_field, number)}"' if number != "..." else " "
            parts.append(
                f'\n<li class="page-item{active}">\n<a class="page-link"{href}>\n{show_value(number)}\n</a>\n</li>'
            )
    if page.has_next():
        parts.append(
            f'\n<li class="next page-item">\n<a href="{address(page_field, page.next_page_number())}" '
            f'class="page-link">\n{show_value(gettext("next"))}\n<span aria-hidden="true">&raquo;</span>\n</a>\n</li>'
        )
    parts.append("\n</ul>\n</nav>")
    return mark_safe("".join(parts))
