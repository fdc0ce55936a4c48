"""`get_FOO_display()` without re-hashing every choice of the field on each call.

Django's generated method builds `dict(make_hashable(field.flatchoices))` every time it is called; hashing a lazy
label translates it, so a page showing 100 reports' status and state of works translated ~1,400 labels (a third
of the month page's time). The dictionary maps stored values to the lazy labels, which do not depend on the
language, so it is built once per field; each label is translated once per language and then reused.
Fields whose choices are a callable keep Django's behaviour (their choices may change between calls).
"""

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_DJANGO_DISPLAY = Model._get_FIELD_display


def _labels(field) -> dict:
    labels = field.__dict__.get("_gongjian_choice_labels")
    if labels is None:
        labels = dict(make_hashable(field.flatchoices))
        if not isinstance(field.choices, CallableChoiceIterator):
            field.__dict__["_gongjian_choice_labels"] = labels
    return labels


def _shown(field) -> dict | None:
    """The field's labels as translated, per language (filled as they are shown), or None for callable choices."""
    if "_gongjian_choice_labels" not in field.__dict__:
        return None
    return field.__dict__.setdefault("_gongjian_shown_labels", {}).setdefault(get_language(), {})


def get_field_display(instance, field):
    """What Django's `_get_FIELD_display` returns, from the field's cached value → label dictionary; a label is
    translated once per language (a list showing 50 rows' stage translated it 50 times), since catalogs are fixed
    for the life of the process."""
    value = make_hashable(getattr(instance, field.attname))
    labels = _labels(field)
    shown = _shown(field)
    if shown is None or value not in labels:
        return force_str(labels.get(value, getattr(instance, field.attname)), strings_only=True)
    if value not in shown:
        shown[value] = force_str(labels[value], strings_only=True)
    return shown[value]


def install() -> None:
    """Every model's Django-generated `get_FOO_display` (not a model's own) uses the cached dictionary."""
    for model in apps.get_models(include_auto_created=True):
        for name, attr in list(vars(model).items()):
            if isinstance(attr, partialmethod) and attr.func is _DJANGO_DISPLAY:
                setattr(model, name, partialmethod(get_field_display, **attr.keywords))
