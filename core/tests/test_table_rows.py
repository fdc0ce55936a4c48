"""The rows core.table_rows renders in Python are the rows django-tables2's own template renders, for every table."""

import re

import django_tables2 as tables
import pytest
from django.test import RequestFactory
from django_tables2 import RequestConfig

from core.clock import today
from core.table_rows import ColumnPlan
from core.tables import BaseTable
from core.testing import user_for
from scheduling.filtersets import filtered_project_lights
from scheduling.lights import explain

pytestmark = pytest.mark.django_db

STOCK_TEMPLATE = "django_tables2/bootstrap5-responsive.html"


def _load_tables():
    """Every app's tables module and views (some tables are declared beside their view) imported."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    for app in apps.get_app_configs():
        if find_spec(f"{app.name}.tables") is not None:
            import_module(f"{app.name}.tables")


def _all_tables(cls=BaseTable):
    if cls is BaseTable:
        _load_tables()
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_tables(sub)


def _tbody(html: str) -> str:
    """The table body with the template's indentation between tags removed (the cells themselves untouched)."""
    body = re.search(r"<tbody[^>]*>(.*)</tbody>", html, re.S).group(1)
    return re.sub(r">\s+<", "><", body.strip())


def _data(table_class):
    model = getattr(table_class._meta, "model", None)
    if model is not None:
        return list(model._default_manager.order_by("pk")[:60])
    # The warnings table lists lights, not model rows: the city's, with the sentences of the rows shown.
    _counts, lights = filtered_project_lights(user_for("admin"), {"as_of": today()})
    explain(lights[:60], today())
    return lights[:60]


def _render(table_class, data, template_name, **kwargs) -> str:
    request = RequestFactory().get("/")
    request.user = user_for("admin")
    table = table_class(data, template_name=template_name, **kwargs)
    RequestConfig(request, paginate={"per_page": 60}).configure(table)
    return table.as_html(request)


def test_every_registered_table_is_covered():
    names = {cls.__name__ for cls in _all_tables()}
    assert {"ProjectTable", "MonthlyReportTable", "ProjectLightTable", "AuditEventTable"} <= names


@pytest.mark.parametrize("table_class", list(_all_tables()), ids=lambda cls: cls.__name__)
def test_fast_rows_equal_django_tables2_rows(demo_data, table_class):
    data = _data(table_class)
    stock = _tbody(_render(table_class, data, STOCK_TEMPLATE))
    fast = _tbody(_render(table_class, data, "core/table.html"))
    assert fast == stock
    assert stock.count("<tr") == len(data)


def test_fast_rows_with_the_bulk_checkbox_column(demo_data):
    """The list pages add a checkbox column (attributes nested under td__input) where a bulk action is offered."""
    from projects.models import Project
    from projects.tables import ProjectTable

    checkbox = tables.CheckBoxColumn(accessor="pk", attrs={"td__input": {"form": "bulk-form"}})
    kwargs = {"extra_columns": [("pk", checkbox)], "sequence": ("pk", "...")}
    data = list(Project.objects.order_by("pk")[:30])
    stock = _tbody(_render(ProjectTable, data, STOCK_TEMPLATE, **kwargs))
    fast = _tbody(_render(ProjectTable, data, "core/table.html", **kwargs))
    assert 'form="bulk-form"' in stock
    assert fast == stock
    table = ProjectTable(data, **kwargs)
    assert ColumnPlan(table, table.columns["pk"]).checkbox is not None  # the fast path was the one compared


def test_empty_table_says_so(demo_data):
    from projects.models import Project
    from projects.tables import ProjectTable

    stock = _tbody(_render(ProjectTable, Project.objects.none(), STOCK_TEMPLATE))
    fast = _tbody(_render(ProjectTable, Project.objects.none(), "core/table.html"))
    assert fast == stock
