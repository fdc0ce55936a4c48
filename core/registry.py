"""The plug-in points of the platform (as NetBox's registry): apps register here, core reads, and names no app.

Each app calls these functions from its `AppConfig.ready()`; core's navigation, URL map, API root, home page,
import command, demo loader, summary command, project page and filtersets read the registry. So a new app is a
model, a policy line and a few registrations, and core (and projects) never import the apps above them. See
docs/development/registry.md for every registration with an example.

Registering the same key again replaces the entry (an app's `ready()` may run twice in tests); readers always get
entries sorted by `order`, then by registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_ORDER = 100


@dataclass(frozen=True)
class MenuItem:
    """A navigation link; `model` ("app_label.Model") hides it from users who may not view that model."""

    label: Any
    url_name: str
    group: Any = None
    order: int = DEFAULT_ORDER
    model: str | None = None


@dataclass(frozen=True)
class ApiEntry:
    """An app's API, included at /api/<prefix>/ and listed on the API root under `prefix`."""

    prefix: str
    urlconf: str
    namespace: str


@dataclass(frozen=True)
class UrlEntry:
    """An app's pages, included at /<prefix>/."""

    prefix: str
    urlconf: str


@dataclass(frozen=True)
class HomeWidget:
    """A block on the home page: `template` rendered with `context(request)`."""

    name: str
    template: str
    context: Callable | None = None
    order: int = DEFAULT_ORDER


@dataclass(frozen=True)
class HomePage:
    """A page that replaces the home page for the users `applies(user)` picks (e.g. leaders land on a dashboard):
    `view(request)` answers "/" for them; the first registered page that applies wins."""

    name: str
    view: Callable
    applies: Callable
    order: int = DEFAULT_ORDER


@dataclass(frozen=True)
class ImportKind:
    """A kind of `gongjian import KIND FILE` / web upload: the importer's dotted path (imported when used)."""

    key: str
    dotted_path: str
    label: Any


@dataclass(frozen=True)
class DemoStep:
    """One step of `gongjian demo load`; lower `order` runs first (core 10, projects 20, scheduling 30 …)."""

    order: int
    name: str
    function: Callable[[], None]


@dataclass(frozen=True)
class SummarySection:
    """A section of `gongjian summary` and the library overview: `function(as_of, region_ids=None)` -> JSON-ready
    {"city": …, "regions": {region_id: …}, "empty": …}; `region_ids` None means the whole city."""

    key: str
    function: Callable
    order: int = DEFAULT_ORDER


@dataclass(frozen=True)
class ProjectPanel:
    """A card on the project page: `template` rendered with `context(request, project)` (None or {} hides it)."""

    name: str
    title: Any
    template: str
    context: Callable | None = None
    order: int = DEFAULT_ORDER


@dataclass(frozen=True)
class ProjectTab:
    """A link on the project page to another app's page about the project (`url_name` takes the project's pk)."""

    name: str
    title: Any
    url_name: str
    order: int = DEFAULT_ORDER
    model: str | None = None


@dataclass(frozen=True)
class ModelFilter:
    """A filter another app adds to a model's filtersets (list, export, API): `filter_factory()` makes it."""

    model_label: str
    name: str
    filter_factory: Callable


_menu: dict[str, MenuItem] = {}
_apis: dict[str, ApiEntry] = {}
_urls: dict[str, UrlEntry] = {}
_home_widgets: dict[str, HomeWidget] = {}
_home_pages: dict[str, HomePage] = {}
_import_kinds: dict[str, ImportKind] = {}
_demo_steps: dict[str, DemoStep] = {}
_summary_sections: dict[str, SummarySection] = {}
_project_panels: dict[str, ProjectPanel] = {}
_project_tabs: dict[str, ProjectTab] = {}
_model_filters: dict[tuple[str, str], ModelFilter] = {}
_model_filter_listeners: list[Callable[[str], None]] = []


def lazy(dotted_path: str) -> Callable:
    """A function that imports `dotted_path` ("module.function") only when called: `ready()` registers widgets,
    panels, filters and demo steps without importing the web stack (views, DRF, openpyxl), so a command such as
    `gongjian summary` starts without it."""

    def call(*args, **kwargs):
        from django.utils.module_loading import import_string

        return import_string(dotted_path)(*args, **kwargs)

    call.__name__ = call.__qualname__ = dotted_path.rpartition(".")[2]
    call.__doc__ = f"{dotted_path}, imported when first called."
    call.dotted_path = dotted_path  # what it stands for, for tests and the operator's listings
    return call


def _sorted(entries: dict) -> list:
    # dicts keep registration order, and sorted() is stable: equal orders stay as registered.
    return sorted(entries.values(), key=lambda entry: getattr(entry, "order", DEFAULT_ORDER))


# --- registration -----------------------------------------------------------------------------------------------


def register_menu_item(label, url_name: str, *, group=None, order: int = DEFAULT_ORDER, model: str | None = None):
    """Add a link to the navigation; with `model`, only users who may view that model see it."""
    _menu[url_name] = MenuItem(label, url_name, group, order, model)


def register_api(prefix: str, urlconf: str, namespace: str) -> None:
    """Include `urlconf` at /api/<prefix>/ and list `<namespace>:api-root` on the API root."""
    _apis[prefix] = ApiEntry(prefix, urlconf, namespace)


def register_urls(prefix: str, urlconf: str) -> None:
    """Include `urlconf` (the app's pages) at /<prefix>/."""
    _urls[prefix] = UrlEntry(prefix, urlconf)


def register_home_widget(name: str, template: str, *, context: Callable | None = None, order: int = DEFAULT_ORDER):
    """Show `template` on the home page, with `context(request) -> dict` (a falsy result hides the widget)."""
    _home_widgets[name] = HomeWidget(name, template, context, order)


def register_home_page(name: str, view: Callable, *, applies: Callable, order: int = DEFAULT_ORDER) -> None:
    """Answer the home page with `view(request)` for the users for whom `applies(user)` is true."""
    _home_pages[name] = HomePage(name, view, applies, order)


def register_import_kind(key: str, dotted_path: str, label) -> None:
    """Make `gongjian import KEY FILE` (and the web upload) call the importer at `dotted_path`."""
    _import_kinds[key] = ImportKind(key, dotted_path, label)


def register_demo_step(order: int, name: str, function: Callable[[], None]) -> None:
    """Add a step to `gongjian demo load`; lower `order` runs first."""
    _demo_steps[name] = DemoStep(order, name, function)


def register_summary_section(key: str, function: Callable, *, order: int = DEFAULT_ORDER) -> None:
    """Add a section under `key` to `gongjian summary` and the library overview, per city and per region."""
    _summary_sections[key] = SummarySection(key, function, order)


def register_project_panel(
    name: str, title, template: str, *, context: Callable | None = None, order: int = DEFAULT_ORDER
) -> None:
    """Show a card on the project page, rendered from `template` with `context(request, project) -> dict`."""
    _project_panels[name] = ProjectPanel(name, title, template, context, order)


def register_project_tab(name: str, title, url_name: str, *, order: int = DEFAULT_ORDER, model: str | None = None):
    """Link the project page to `url_name` (reversed with the project's pk), for users who may view `model`."""
    _project_tabs[name] = ProjectTab(name, title, url_name, order, model)


def register_model_filter(model_label: str, name: str, filter_factory: Callable) -> None:
    """Add the filter `filter_factory()` under `name` to every filterset of `model_label` ("app_label.Model")."""
    _model_filters[(model_label, name)] = ModelFilter(model_label, name, filter_factory)
    # Filtersets defined before this call get it now (core.filtersets listens); later ones read it when made.
    for listener in _model_filter_listeners:
        listener(model_label)


def on_model_filter(listener: Callable[[str], None]) -> None:
    """Call `listener(model_label)` after each `register_model_filter` (core.filtersets updates its classes)."""
    if listener not in _model_filter_listeners:
        _model_filter_listeners.append(listener)


def register_scheduled(name: str, cadence: str, function: Callable[[], str | None], **options) -> None:
    """Run `function` daily or monthly (`core.tasks.DAILY`/`MONTHLY`); see core.tasks.register_scheduled."""
    from core.tasks import register_scheduled as register

    register(name, cadence, function, **options)


# --- reading ----------------------------------------------------------------------------------------------------


def menu_items() -> list[MenuItem]:
    return _sorted(_menu)


def apis() -> list[ApiEntry]:
    return list(_apis.values())


def urls() -> list[UrlEntry]:
    return list(_urls.values())


def home_widgets() -> list[HomeWidget]:
    return _sorted(_home_widgets)


def home_pages() -> list[HomePage]:
    return _sorted(_home_pages)


def home_page_for(user) -> HomePage | None:
    """The registered page that replaces the home page for this user, if any."""
    return next((page for page in home_pages() if page.applies(user)), None)


def import_kinds() -> dict[str, ImportKind]:
    return dict(_import_kinds)


def demo_steps() -> list[DemoStep]:
    return _sorted(_demo_steps)


def summary_sections() -> list[SummarySection]:
    return _sorted(_summary_sections)


def project_panels() -> list[ProjectPanel]:
    return _sorted(_project_panels)


def project_tabs() -> list[ProjectTab]:
    return _sorted(_project_tabs)


def model_filters(model_label: str) -> list[ModelFilter]:
    return [entry for (label, _name), entry in _model_filters.items() if label == model_label]


# --- helpers for readers ----------------------------------------------------------------------------------------


def _may_view(user, model_label: str | None) -> bool:
    if model_label is None:
        return True
    from django.apps import apps

    from core.permissions import VIEW, role_allows

    return role_allows(user, apps.get_model(model_label), VIEW)


def visible_menu(user) -> list[MenuItem]:
    """The navigation links this user sees, in order."""
    return [item for item in menu_items() if _may_view(user, item.model)]


def visible_project_tabs(user) -> list[ProjectTab]:
    """The project page's tabs this user sees, in order."""
    return [tab for tab in project_tabs() if _may_view(user, tab.model)]


def importer_for(kind: str):
    """The import function registered under `kind` (KeyError for an unknown kind)."""
    from importlib import import_module

    module, _dot, name = _import_kinds[kind].dotted_path.rpartition(".")
    return getattr(import_module(module), name)
