"""A list on a phone keeps its key columns: `show_from` hides the others below a breakpoint in the page only (the
export keeps every column), `text_columns` may wrap, and the folded filter button counts the filters that are set."""

import re

import pytest
from django.http import QueryDict

from core.templatetags.filter_panel import active_count
from projects.filtersets import ProjectFilterSet
from projects.models import Project
from projects.tables import ProjectTable

pytestmark = pytest.mark.django_db


def cell_classes(html: str, tag: str) -> list[set[str]]:
    """The class sets of every `tag` cell in the rendered table, in order."""
    return [set(found.split()) for found in re.findall(rf'<{tag}\b[^>]*class="([^"]*)"', html)]


def test_columns_hide_below_their_breakpoint_in_header_and_cells(two_projects, rf):
    table = ProjectTable(Project.objects.order_by("pk"))
    html = table.as_html(rf.get("/projects/"))
    names = [column.name for column in table.columns]
    headers = cell_classes(html, "th")
    assert len(headers) == len(names)
    by_name = dict(zip(names, headers, strict=True))
    assert {"d-none", "d-xxl-table-cell"} <= by_name["owner"]
    assert {"d-none", "d-md-table-cell"} <= by_name["region"]
    # The key columns a phone keeps carry no hiding class; the name may wrap.
    for kept in ("name", "stage", "total_investment"):
        assert "d-none" not in by_name[kept], kept
    assert "cell-text" in by_name["name"]
    # Every data cell of a column has the same classes as its header (less the sorting ones).
    cells = re.findall(r"<td\b[^>]*>", html)
    assert len(cells) == 2 * len(names)
    for row in (cells[: len(names)], cells[len(names) :]):
        for name, cell in zip(names, row, strict=True):
            found = re.search(r'class="([^"]*)"', cell)
            classes = set(found.group(1).split()) if found else set()
            assert classes >= (by_name[name] - {"orderable", "asc", "desc"}), name
    assert 'class="table table-sm table-hover align-middle table-nowrap"' in html


def test_the_export_keeps_the_hidden_columns(two_projects):
    header, *rows = list(ProjectTable(Project.objects.order_by("pk")).as_values())
    assert "建设单位" in [str(title) for title in header]
    assert len(rows) == 2


def test_active_filter_count_counts_fields_with_a_value():
    query = QueryDict("q=%E7%A0%81%E5%A4%B4&region=1&region=2&stage=&page=3")
    assert active_count(ProjectFilterSet(query, queryset=Project.objects.none()).form) == 2
    assert active_count(ProjectFilterSet(QueryDict(""), queryset=Project.objects.none()).form) == 0
    assert active_count(None) == 0
