"""Each model's pages are declared once, on the view class, and its URLs are derived from those declarations.

As in NetBox (`utilities.views.register_model_view`, `utilities.urls.get_model_urls`)::

    @register_model_view(Project, "list", detail=False)   # projects:project_list      → projects/
    @register_model_view(Project, "add", detail=False)    # projects:project_add       → projects/add/
    @register_model_view(Project)                         # projects:project           → projects/<pk>/
    @register_model_view(Project, "edit")                 # projects:project_edit      → projects/<pk>/edit/

and in the app's urls.py `path("", include(get_model_urls("projects", "project")))`. The route name is
`<model_name>_<name>` (the bare model name for the detail page) in the app's namespace; the path is `name` unless
given (`path=""` for the list). The same declarations tell the standard tests (core.testing) which pages a model
has, so a page added here is tested without a line more.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.urls import path as url_path

# Where a view's path is empty: the list (detail=False) or the object's own page (detail=True).
LIST_NAMES = {"list": ""}


@dataclass(frozen=True)
class ModelView:
    """One declared page of a model: its route name suffix, path, whether it is about one object, and the view."""

    name: str
    path: str
    detail: bool
    view: type
    kwargs: dict = field(default_factory=dict)

    @property
    def route_suffix(self) -> str:
        return f"_{self.name}" if self.name else ""


# app_label → model_name → [ModelView], in declaration order.
_VIEWS: dict[str, dict[str, list[ModelView]]] = {}


def register_model_view(model, name: str = "", detail: bool = True, path: str | None = None, kwargs=None):
    """Class decorator declaring `view` as the model's page `name`; `get_model_urls` turns it into a route."""

    def wrapper(view):
        label, model_name = model._meta.app_label, model._meta.model_name
        views = _VIEWS.setdefault(label, {}).setdefault(model_name, [])
        if any(existing.name == name and existing.detail == detail for existing in views):
            raise ValueError(f"{label}.{model_name} already has a view named {name!r}")
        route = path if path is not None else LIST_NAMES.get(name, name)
        views.append(ModelView(name=name, path=route, detail=detail, view=view, kwargs=kwargs or {}))
        return view

    return wrapper


def model_views(model) -> dict[str, ModelView]:
    """The model's declared pages by route suffix ("_list", "", "_edit" …), for the standard tests and templates."""
    views = _VIEWS.get(model._meta.app_label, {}).get(model._meta.model_name, [])
    return {view.route_suffix: view for view in views}


def registered_models() -> list[tuple[str, str]]:
    """(app_label, model_name) of every model with declared pages."""
    return [(label, name) for label, models in _VIEWS.items() for name in models]


def get_model_urls(app_label: str, model_name: str, detail: bool | None = None) -> list:
    """The URL patterns of a model's declared pages: list-level ones first, then those under `<int:pk>/`.

    `detail` limits them to one kind, as NetBox's does; by default both come, so one include serves the model.
    """
    views = _VIEWS.get(app_label, {}).get(model_name, [])
    if not views:
        # The module declaring them was not imported before the URLs were read: say so rather than drop the pages.
        raise ImproperlyConfigured(f"no views are registered for {app_label}.{model_name}; import its views module")
    patterns = []
    # List-level routes first: "add/" and "edit/" (bulk) must not be read as an object's pk, which they never are
    # (pk is an int), but keeping them first keeps the order people read.
    for config in sorted(views, key=lambda v: v.detail):
        if detail is not None and config.detail != detail:
            continue
        route = f"{config.path}/" if config.path else ""
        if config.detail:
            route = f"<int:pk>/{route}"
        name = f"{model_name}{config.route_suffix}"
        patterns.append(url_path(route, config.view.as_view(), config.kwargs, name=name))
    return patterns
