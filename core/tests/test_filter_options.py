"""Filter panels' drop-downs served from core.cache (core.filtersets.CachedOptions) draw exactly what the field's
query draws, per user scope, and show a new row on the next request after its commit."""

import pytest
from django.test import RequestFactory

from core.filtersets import CachedOptions
from core.models import Department
from core.testing import commit_data_version, user_for
from core.tests.test_python_select import _filtersets
from core.tests.test_table_rows import _load_tables
from projects.filtersets import ProjectFilterSet

pytestmark = pytest.mark.django_db


def _form(filterset_class, role: str, data=None):
    request = RequestFactory().get("/")
    request.user = user_for(role)
    model = filterset_class._meta.model
    return filterset_class(data or {}, queryset=model._default_manager.none(), request=request).form


def _html(form) -> dict[str, str]:
    return {bound.name: str(bound) for bound in form}


def _uncached(form) -> dict[str, str]:
    """The form drawn from each field's own query, as without the cache."""
    for field in form.fields.values():
        if isinstance(getattr(field.widget, "choices", None), CachedOptions):
            field.widget.choices = field.choices
    return _html(form)


@pytest.mark.parametrize("role", ["admin", "byq", "zrzy"])
def test_cached_options_draw_what_the_query_draws(demo_data, role):
    _load_tables()
    cached_fields = 0
    for filterset_class in _filtersets():
        if filterset_class._meta.model is None:
            continue
        for _ in range(2):  # computed, then read from the cache
            form = _form(filterset_class, role)
            cached_fields += sum(
                isinstance(getattr(f.widget, "choices", None), CachedOptions) for f in form.fields.values()
            )
            assert _html(form) == _uncached(_form(filterset_class, role)), filterset_class.__name__
    assert cached_fields >= 10


def test_a_chosen_option_stays_selected(demo_data):
    department = Department.objects.order_by("pk").first()
    html = _html(_form(ProjectFilterSet, "admin", {"responsible_department": str(department.pk)}))
    assert f'<option value="{department.pk}" selected>' in html["responsible_department"]


def test_a_new_row_shows_on_the_next_request(demo_data):
    commit_data_version()
    before = _html(_form(ProjectFilterSet, "admin"))["responsible_department"]
    assert "新设测试局" not in before
    Department.objects.create(code="zz-test", name="新设测试局", short_name="新设测试局", sort_order=999)
    commit_data_version()
    assert "新设测试局" in _html(_form(ProjectFilterSet, "admin"))["responsible_department"]
