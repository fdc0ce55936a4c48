"""The filter panel written in Python (`{% filter_panel %}`) is `core/_filter_panel.html`, character for character,
for every filterset, unbound and bound (with errors); kept in core.cache, it follows the address, scope and data."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from core.filtersets import AuditEventFilterSet
from core.testing import commit_data_version, user_for
from core.tests.test_python_select import _filtersets
from core.tests.test_table_rows import _load_tables
from projects.filtersets import ProjectFilterSet
from projects.models import Project
from scheduling.filtersets import MonthlyReportFilterSet

pytestmark = pytest.mark.django_db

PANEL = Template("{% load filter_panel %}{% filter_panel filterset %}")


def _filterset(filterset_class, role="admin", query=""):
    """The filterset as a list page makes it: bound to the address when it has one (django-filter's FilterView)."""
    request = RequestFactory().get("/?" + query)
    request.user = user_for(role)
    model = filterset_class._meta.model
    data = request.GET or None
    return filterset_class(data, queryset=model._default_manager.none(), request=request), request


def _queries(filterset_class) -> list[str]:
    """Addresses to draw the panel for: none, a first choice in every drop-down, and values each field refuses."""
    filterset, _request = _filterset(filterset_class)
    chosen, wrong = QueryDict(mutable=True), QueryDict(mutable=True)
    for name, field in filterset.form.fields.items():
        choices = [value for value, _label in getattr(field, "choices", []) if value not in ("", None)]
        if choices:
            chosen[name] = str(getattr(choices[0], "value", choices[0]))
        wrong[name] = "<x&\"y'>"
    chosen["page"] = "2"
    return ["", "q=%3Cb%3E%26", chosen.urlencode(), wrong.urlencode()]


def _both(filterset_class, role, query) -> tuple[str, str]:
    """(the template's panel, the tag's panel) for one filterset and address."""
    filterset, request = _filterset(filterset_class, role, query)
    template_html = render_to_string("core/_filter_panel.html", {"form": filterset.form})
    filterset, request = _filterset(filterset_class, role, query)
    return template_html, PANEL.render(Context({"filterset": filterset, "request": request}))


@pytest.mark.parametrize("role", ["admin", "byq"])
def test_python_panel_equals_the_template(demo_data, role):
    _load_tables()
    compared = 0
    for filterset_class in _filtersets():
        if filterset_class._meta.model is None:
            continue
        for query in _queries(filterset_class):
            for _ in range(2):  # drawn, then read from the cache
                template_html, tag_html = _both(filterset_class, role, query)
                assert tag_html == template_html, (filterset_class.__name__, query)
                compared += 1
    assert compared >= 40


def test_the_project_lists_panel_is_kept(demo_data):
    filterset, _request = _filterset(ProjectFilterSet)
    assert filterset.panel_cacheable()
    filterset, _request = _filterset(MonthlyReportFilterSet)  # its project is a search box of the chosen row
    assert filterset.panel_cacheable()
    filterset, _request = _filterset(AuditEventFilterSet)  # no drop-down of rows: written afresh, no lookup
    assert not filterset.panel_cacheable()


def test_a_chosen_project_shows_its_name_for_its_scope_only(demo_data):
    project = Project.objects.filter(region__code="210804").order_by("pk").first()
    other = Project.objects.exclude(region__code="210804").order_by("pk").first()
    for chosen, role, shown in [(project, "admin", True), (other, "byq", False), (project, "byq", True)]:
        template_html, tag_html = _both(MonthlyReportFilterSet, role, f"project={chosen.pk}")
        assert tag_html == template_html
        assert (f">{chosen.name}</option>" in tag_html) is shown, (role, chosen.name)


def test_a_new_row_shows_after_its_commit(demo_data):
    commit_data_version()
    _template_html, before = _both(ProjectFilterSet, "admin", "stage=planning")
    assert "新设测试局" not in before
    from core.models import Department

    Department.objects.create(code="zz-test", name="新设测试局", short_name="新设测试局", sort_order=999)
    commit_data_version()
    template_html, after = _both(ProjectFilterSet, "admin", "stage=planning")
    assert "新设测试局" in after and after == template_html
