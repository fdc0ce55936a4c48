"""Core names no app above it: apps plug in through core.registry, so core's code and templates never import an
app, reverse an app's URL, name an app's template or template library, or spell an app's model label.

Docstrings and comments may mention the apps (they explain the plug-in points); core's own tests, which exercise
the whole site, are not scanned. Everything else under core/ is.
"""

import ast
import re
from pathlib import Path

import pytest
from django.template import engines

CORE = Path(__file__).resolve().parents[1]
# The apps above core, in the order they stand on one another (see docs/development/registry.md).
APPS_ABOVE = ("projects", "scheduling", "stewardship", "race", "indicators", "documents", "dashboard")
_APP = "|".join(APPS_ABOVE)
# A string that names an app: a module path or model label ("projects.Project"), a URL namespace
# ("projects:overview", "projects-api:api-root"), a template path ("projects/…"), or the app's bare name.
NAMING = re.compile(rf"^\s*(?:{_APP})(?:[.:/]|-api:|$)")
# The same in templates: {% url 'projects:…' %}, {% include "scheduling/…" %}, reverse names passed as strings.
TEMPLATE_NAMING = re.compile(rf"""["'](?:{_APP})(?:[.:/]|-api:)""")
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _python_files():
    return sorted(path for path in CORE.rglob("*.py") if "tests" not in path.relative_to(CORE).parts)


def _template_files():
    return sorted(path for path in (CORE / "templates").rglob("*") if path.is_file())


def _docstring_nodes(tree) -> set[int]:
    """The ids of the string constants that are docstrings (of the module, classes and functions)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def python_offences(source: str, name: str = "<source>") -> list[str]:
    """Where a piece of core's Python names an app above core: imports, and strings other than docstrings."""
    tree = ast.parse(source)
    docstrings = _docstring_nodes(tree)
    offences = []
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        for module in modules:
            if module.split(".")[0] in APPS_ABOVE:
                offences.append(f"{name}:{node.lineno}: imports {module}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if NAMING.match(node.value):
                offences.append(f"{name}:{node.lineno}: names {node.value!r}")
    return offences


def _app_template_libraries() -> set[str]:
    """Template tag libraries (`{% load name %}`) that apps above core provide."""
    libraries = engines["django"].engine.template_libraries
    return {name for name, library in libraries.items() if _library_module(library).split(".")[0] in APPS_ABOVE}


def _library_module(library) -> str:
    for function in [*library.tags.values(), *library.filters.values()]:
        return getattr(function, "__module__", "") or ""
    return ""


def template_offences(text: str, name: str = "<template>", app_libraries=frozenset()) -> list[str]:
    """Where a core template names an app above core: URL names, template paths, template tag libraries."""
    offences = []
    for number, line in enumerate(text.splitlines(), start=1):
        offences += [f"{name}:{number}: names {match.group(0)!r}" for match in TEMPLATE_NAMING.finditer(line)]
        for load in LOAD.finditer(line):
            words = load.group(1).split()
            loaded = words[words.index("from") + 1 :] if "from" in words else words
            offences += [f"{name}:{number}: loads {word}" for word in loaded if word in app_libraries]
    return offences


def test_core_python_names_no_app_above_it():
    offences = []
    for path in _python_files():
        offences += python_offences(path.read_text(encoding="utf-8"), str(path.relative_to(CORE.parent)))
    assert offences == []


def test_core_templates_name_no_app_above_it():
    app_libraries = _app_template_libraries()
    assert "money" in app_libraries  # the scan knows the apps' libraries (projects provides `money`)
    offences = []
    for path in _template_files():
        offences += template_offences(
            path.read_text(encoding="utf-8"), str(path.relative_to(CORE.parent)), app_libraries
        )
    assert offences == []


@pytest.mark.parametrize(
    "source",
    [
        "import projects.models",
        "from scheduling.figures import headline",
        "from stewardship import services",
        "label = 'projects.Project'",
        "url = reverse('scheduling:warnings')",
        "root = reverse('projects-api:api-root')",
        "template = 'race/_circular.html'",
        "def f():\n    '''Doc.'''\n    return 'dashboard'",
    ],
)
def test_the_scan_catches_each_way_of_naming_an_app(source):
    assert python_offences(source) != []


@pytest.mark.parametrize(
    "source",
    [
        '"""The projects app registers its menu here (projects:overview)."""',
        "# from projects import models",
        "text = 'Load the demo: projects and reports'",
        "name = 'core:region_list'",
        "from core import registry",
    ],
)
def test_the_scan_leaves_docstrings_comments_and_core_alone(source):
    assert python_offences(source) == []


def test_the_template_scan_catches_urls_includes_and_libraries():
    assert template_offences("{% url 'projects:overview' %}")
    assert template_offences('{% include "scheduling/_headline.html" %}')
    assert template_offences("{% load i18n money %}", app_libraries={"money"})
    assert template_offences("{% load yi from money %}", app_libraries={"money"})
    assert not template_offences("{% url 'core:region_list' %}{% load i18n %}", app_libraries={"money"})
