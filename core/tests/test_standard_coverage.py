"""Every model with pages has a standard page test class, and every model behind an API viewset an API one.

The classes are found by importing each installed project app's test modules; the models come from the view
declarations (core.views.registration) and from the API routes in the URL resolver, so a new app's model with
pages or an endpoint fails here until its data-only test class exists.
"""

import importlib
import pkgutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from core.testcases import ModelTestData, StandardAPITests, StandardViewTests
from core.views.registration import registered_models


def _project_apps():
    """The project's own apps: under the repository, not installed packages (the virtualenv lives there too)."""
    root = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if root in Path(config.path).resolve().parents and "site-packages" not in Path(config.path).parts
    ]


def _declared_test_classes() -> list[type]:
    for config in _project_apps():
        tests = Path(config.path) / "tests"
        if not (tests / "__init__.py").exists():
            continue
        for module in pkgutil.iter_modules([str(tests)]):
            if module.name.startswith("test_"):
                importlib.import_module(f"{config.name}.tests.{module.name}")
    found, pending = [], list(ModelTestData.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.model is not None and cls.__name__.startswith("Test"):
            found.append(cls)
    return found


def _api_models(patterns=None) -> set[str]:
    models = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            models |= _api_models(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            viewset = getattr(pattern.callback, "cls", None)
            queryset = getattr(viewset, "queryset", None)
            if getattr(pattern.callback, "actions", None) and queryset is not None:
                models.add(queryset.model._meta.label)
    return models


def test_every_model_with_pages_or_api_has_its_standard_tests():
    classes = _declared_test_classes()
    with_views = {cls.model._meta.label for cls in classes if issubclass(cls, StandardViewTests)}
    with_api = {cls.model._meta.label for cls in classes if issubclass(cls, StandardAPITests)}
    pages = {apps.get_model(label, name)._meta.label for label, name in registered_models()}
    assert pages, "no model declares pages"
    assert not pages - with_views, f"models with pages but no StandardViewTests class: {sorted(pages - with_views)}"
    api = _api_models()
    assert api, "no API viewset found"
    assert not api - with_api, f"models with an API but no StandardAPITests class: {sorted(api - with_api)}"
