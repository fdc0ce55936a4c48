"""Drop-downs written in Python (core.forms.PythonRenderedSelect) equal Django's templates, character for character."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from core.filtersets import BaseFilterSet
from core.forms import PythonRenderedSelect, StrictBooleanWidget, _python_rendered
from core.tests.test_table_rows import _load_tables

CHOICES = [("", "---"), (1, "一&二"), ("组", [(2, "b"), (3, mark_safe("<b>c</b>"))]), (2024, 2024), ('x"y', "引号")]


def _both(widget, name, value):
    """(Django's rendering, the Python rendering) of one widget."""
    fast = _python_rendered(type(widget)).__new__(_python_rendered(type(widget)))
    fast.__dict__.update(widget.__dict__)
    return widget.render(name, value), fast.render(name, value)


@pytest.mark.parametrize(
    "widget, value",
    [
        (forms.Select(attrs={"class": "form-select", "required": True, "disabled": False}, choices=CHOICES), 2),
        (forms.Select(choices=CHOICES), 'x"y'),
        (forms.Select(choices=CHOICES), None),
        (forms.SelectMultiple(choices=CHOICES), [1, 3]),
        (forms.NullBooleanSelect(), "true"),
        (StrictBooleanWidget(), "false"),
        (forms.Select(choices=[]), None),
    ],
)
def test_python_rendering_equals_djangos(widget, value):
    django_html, python_html = _both(widget, "n&m", value)
    assert python_html == django_html


def _filtersets(cls=BaseFilterSet):
    for sub in cls.__subclasses__():
        yield sub
        yield from _filtersets(sub)


@pytest.mark.django_db
def test_every_filter_panel_drop_down_equals_djangos():
    _load_tables()
    compared = 0
    for filterset_class in _filtersets():
        if filterset_class._meta.model is None:
            continue
        form = filterset_class({}, queryset=filterset_class._meta.model._default_manager.none()).form
        for bound_field in form:
            widget = bound_field.field.widget
            if not isinstance(widget, PythonRenderedSelect):
                continue
            python_html = str(bound_field)
            widget.__class__ = type(widget).__bases__[1]
            assert str(bound_field) == python_html, f"{filterset_class.__name__}.{bound_field.name}"
            compared += 1
    assert compared >= 10
