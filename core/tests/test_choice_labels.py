"""get_FOO_display() from the cached dictionary says what Django's own method says, for every field with choices."""

from django.apps import apps
from django.utils import translation

from core.choice_labels import _DJANGO_DISPLAY, get_field_display


def _fields_with_choices():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_generated_display_method_uses_the_cache():
    checked = 0
    for model, field in _fields_with_choices():
        method = vars(model).get(f"get_{field.name}_display")
        if method is not None and getattr(method, "func", None) in (_DJANGO_DISPLAY, get_field_display):
            assert method.func is get_field_display, f"{model.__name__}.{field.name}"
            checked += 1
    assert checked > 10


def test_labels_equal_djangos_in_both_languages():
    for model, field in _fields_with_choices():
        instance = model()
        for value in [key for key, _label in field.flatchoices] + ["not-a-choice", None]:
            setattr(instance, field.attname, value)
            for language in ("zh-hans", "en", "zh-hans"):  # the second time from the translated labels
                with translation.override(language):
                    assert get_field_display(instance, field) == _DJANGO_DISPLAY(instance, field), (
                        f"{model.__name__}.{field.name}={value!r} in {language}"
                    )
