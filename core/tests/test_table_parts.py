"""The header and page links written in Python (core/templatetags/table_parts.py) are django-tables2's bootstrap5
template's, for every registered table, with a query to keep, a sort, the first, a middle and the last page."""

import re

import django_tables2 as tables
import pytest
from django.test import RequestFactory
from django_tables2 import RequestConfig

from core.testing import user_for
from core.tests.test_table_rows import STOCK_TEMPLATE, _all_tables, _data

pytestmark = pytest.mark.django_db

QUERIES = ["", "q=%3Cb%3E%26&x=1&x=2&page=1", "page=10&sort=-pk", "page=20&q=%E9%A1%B9%E7%9B%AE"]


def _normalised(html: str, part: str) -> str:
    """The `<thead>` or the `<nav>` of a rendered table, with the templates' indentation folded to single spaces
    and dropped between tags (where it shows nothing)."""
    found = re.search(rf"<{part}\b.*</{part}>", html, re.S)
    text = re.sub(r"\s+", " ", found.group(0)) if found else ""
    return re.sub(r">\s+<", "><", text).replace("> ", ">").replace(" <", "<")


def _render(table_class, data, template_name, query, **kwargs) -> str:
    request = RequestFactory().get("/?" + query)
    request.user = user_for("admin")
    table = table_class(data, template_name=template_name, **kwargs)
    RequestConfig(request, paginate={"per_page": 3}).configure(table)
    return table.as_html(request)


def _compare(table_class, data, **kwargs) -> int:
    compared = 0
    for query in QUERIES:
        stock = _render(table_class, data, STOCK_TEMPLATE, query, **kwargs)
        fast = _render(table_class, data, "core/table.html", query, **kwargs)
        for part in ("thead", "nav"):
            assert _normalised(fast, part) == _normalised(stock, part), (table_class.__name__, query, part)
            compared += bool(_normalised(stock, part))
    return compared


def test_header_and_pages_equal_django_tables2s(demo_data):
    compared = 0
    for table_class in _all_tables():
        compared += _compare(table_class, _data(table_class))
    assert compared >= 20


def test_with_the_bulk_checkbox_column_and_one_page(demo_data):
    from projects.models import Project
    from projects.tables import ProjectTable

    checkbox = tables.CheckBoxColumn(accessor="pk", attrs={"th__input": {"data-select-all": "bulk-form"}})
    kwargs = {"extra_columns": [("pk", checkbox)], "sequence": ("pk", "...")}
    assert _compare(ProjectTable, list(Project.objects.order_by("pk")[:30]), **kwargs) >= 8
    assert _compare(ProjectTable, list(Project.objects.order_by("pk")[:2])) >= 4  # one page: a header, no links
