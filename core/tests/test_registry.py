"""The registry: what the apps registered in their `ready()`, and what core's pages make of it.

Core's own code names no app (test_core_names_no_app.py); these tests may, since they check the whole site.
"""

import django_filters
import pytest
from django.urls import reverse

from core import registry
from core.filtersets import BaseFilterSet, DepartmentFilterSet
from core.models import Department
from core.testing import user_for
from projects.testing import make_project

pytestmark = pytest.mark.django_db

# The menu as it was before the registry, in the same order and with the same labels.
MENU = [
    "projects:overview",
    "projects:project_list",
    "projects:projectlist_list",
    "projects:import",
    "scheduling:index",
    "scheduling:warnings",
    "core:region_list",
    "core:department_list",
]


def _base(navigation) -> list[str]:
    """The menu's links of the apps that existed before the registry (apps added since put theirs in between)."""
    return [url_name for _label, url_name in navigation if url_name.split(":")[0] in {"core", "projects", "scheduling"}]


def test_the_menu_keeps_its_order_and_hides_the_audit_log_from_all_but_administrators(login):
    admin = login("admin").get(reverse("core:region_list")).context["navigation"]
    assert _base(admin) == [*MENU, "core:auditevent_list"]
    # The dashboard (一张图) leads the menu; then the libraries.
    assert [str(label) for label, _url in admin][:4] == ["一张图", "项目库总览", "项目", "项目清单"]
    clerk = login("byq").get(reverse("core:region_list"))
    assert _base(clerk.context["navigation"]) == MENU
    assert reverse("core:auditevent_list") not in clerk.content.decode()


def test_a_menu_item_for_a_model_is_shown_only_to_who_may_view_it(login, monkeypatch):
    gated = registry.MenuItem("审计", "core:auditevent_list", order=1, model="core.AuditEvent")
    monkeypatch.setitem(registry._menu, "core:auditevent_list", gated)
    assert registry.visible_menu(user_for("admin"))[0] == gated
    assert gated not in registry.visible_menu(user_for("observer"))


def test_every_registered_api_is_included_and_listed_on_the_api_root(api_as):
    prefixes = {entry.prefix for entry in registry.apis()}
    assert prefixes == {"projects", "scheduling", "stewardship", "race", "indicators", "documents", "dashboard"}
    root = api_as("observer").get("/api/").json()
    assert set(root) == {"core", "schema", *prefixes}
    for prefix in prefixes:
        assert root[prefix].endswith(f"/api/{prefix}/")
        assert api_as("observer").get(root[prefix]).status_code == 200


def test_every_registered_ui_urlconf_is_included():
    assert {entry.prefix for entry in registry.urls()} == {
        "projects",
        "scheduling",
        "stewardship",
        "race",
        "indicators",
        "documents",
        "dashboard",
    }
    assert reverse("projects:overview") == "/projects/overview/" or reverse("projects:overview").startswith(
        "/projects/"
    )
    assert reverse("scheduling:warnings").startswith("/scheduling/")


def test_import_kinds_demo_steps_and_summary_sections_come_from_the_apps():
    assert set(registry.import_kinds()) == {"projects", "monthly", "indicators"}
    from projects.importing import import_projects
    from scheduling.imports import import_monthly

    assert registry.importer_for("projects") is import_projects
    assert registry.importer_for("monthly") is import_monthly
    assert [(step.order, step.name) for step in registry.demo_steps()] == [
        (10, "organisations"),
        (11, "accounts"),
        (20, "projects"),
        (30, "monthly reports"),
        (40, "stewardship"),
        (50, "race"),
        (60, "indicators"),
        (70, "documents"),
    ]
    assert [section.key for section in registry.summary_sections()] == [
        "investment",
        "plan",
        "stewardship",
        "race",
        "indicators",
    ]


def test_registering_again_replaces_and_order_sorts(monkeypatch):
    monkeypatch.setattr(registry, "_home_widgets", {})
    registry.register_home_widget("b", "b.html", order=5)
    registry.register_home_widget("a", "a.html")
    registry.register_home_widget("b", "b2.html", order=200)
    assert [(widget.name, widget.template) for widget in registry.home_widgets()] == [("a", "a.html"), ("b", "b2.html")]


def test_the_light_filter_reaches_the_project_list_export_and_api(login, api_as):
    from projects.filtersets import ProjectFilterSet

    assert "light" in ProjectFilterSet.base_filters
    assert login("admin").get(reverse("projects:project_list"), {"light": "red"}).status_code == 200
    assert api_as("admin").get("/api/projects/projects/", {"light": "nonsense"}).status_code == 400


@pytest.fixture
def registered_department_filter(monkeypatch):
    """A filter registered for departments for one test, then taken away from the registry and the filtersets."""
    key = ("core.Department", "short")
    monkeypatch.setitem(registry._model_filters, key, None)  # restores (removes) the key afterwards
    yield
    for filterset in [BaseFilterSet, *_subclasses(BaseFilterSet)]:
        filterset.base_filters.pop("short", None)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_a_model_filter_reaches_filtersets_made_before_and_after_it(registered_department_filter):
    def factory():
        return django_filters.CharFilter(field_name="short_name", label="简称")

    registry.register_model_filter("core.Department", "short", factory)
    assert "short" in DepartmentFilterSet.base_filters  # made before the registration

    class LaterFilterSet(BaseFilterSet):
        class Meta(BaseFilterSet.Meta):
            model = Department
            fields = []

    assert "short" in LaterFilterSet.base_filters  # made after it
    wanted = Department.objects.exclude(short_name="").first()
    found = DepartmentFilterSet({"short": wanted.short_name}, queryset=Department.objects.all()).qs
    assert wanted in found and found.count() < Department.objects.count()


def test_the_project_page_shows_registered_panels_and_tabs(login, monkeypatch):
    project = make_project()
    tab = registry.ProjectTab("reports", "月报", "scheduling:monthlyreport_list", model="scheduling.MonthlyReport")
    monkeypatch.setitem(registry._project_tabs, "reports", tab)
    page = login("admin").get(reverse("projects:project", args=[project.pk])).content.decode()
    assert 'data-testid="panel-monthly"' in page  # scheduling's panel, which projects does not import
    assert f'href="{reverse("scheduling:monthlyreport_list")}?project={project.pk}"' in page
    department_user = login("zrzy").get(reverse("projects:project", args=[project.pk])).content.decode()
    assert 'data-testid="panel-monthly"' in department_user


def test_the_home_page_shows_the_registered_widgets_in_order(login):
    # (Leaders land on the dashboard, a registered home page: the observer gets the widgets.)
    page = login("observer").get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index('data-testid="widget-headline"') < html.index('data-testid="widget-libraries"')


def test_with_no_widget_the_home_page_opens_the_first_page_of_the_menu(login, monkeypatch):
    monkeypatch.setattr(registry, "_home_widgets", {})
    response = login("observer").get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("dashboard:index")  # the menu's first


def test_scheduled_jobs_register_through_the_registry(monkeypatch):
    from core import tasks

    monkeypatch.setattr(tasks, "_jobs", {})
    registry.register_scheduled("test.nothing", tasks.DAILY, lambda: None)
    assert [job.name for job in tasks.scheduled_jobs()] == ["test.nothing"]


def test_menu_groups_become_one_dropdown_each_where_the_first_item_stands():
    from core.context_processors import menu_entries
    from core.registry import MenuItem

    items = [
        MenuItem("总览", "a:overview", group="项目库", order=1),
        MenuItem("接口", "a:api", order=2),
        MenuItem("项目", "a:list", group="项目库", order=3),
        MenuItem("预警", "b:warnings", group="调度", order=4),
    ]
    entries = menu_entries(items)
    assert [entry["label"] for entry in entries] == ["项目库", "接口", "调度"]
    assert [item.url_name for item in entries[0]["items"]] == ["a:overview", "a:list"]
    assert entries[1] == {"label": "接口", "url_name": "a:api", "items": None}


# The menu as base.html's loop wrote it before `core.context_processors.menu_html` wrote it in Python.
TEMPLATE_MENU = """{% for entry in menu %}{% if entry.items %}
<li class="nav-item dropdown"><a class="nav-link dropdown-toggle" href="#" role="button" data-bs-toggle="dropdown"
 aria-expanded="false">{{ entry.label }}</a>
  <ul class="dropdown-menu">{% for item in entry.items %}<li><a class="dropdown-item" href="{% url item.url_name %}">
{{ item.label }}</a></li>{% endfor %}</ul>
</li>
{% else %}
<li class="nav-item"><a class="nav-link" href="{% url entry.url_name %}">{{ entry.label }}</a></li>
{% endif %}{% endfor %}
<li class="nav-item"><a class="nav-link" href="{% url 'api-docs' %}">API</a></li>"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_menu_written_in_python_is_the_template_loop_it_replaced_for_every_role(language, monkeypatch):
    import re

    from django.template import Context, Template
    from django.utils import translation

    from core.context_processors import _MENUS, menu_entries, menu_html
    from core.testing import ROLES

    squeeze = lambda html: re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)).replace('"\n aria', '" aria')  # noqa: E731
    # A label with markup is escaped, as the template escaped it.
    monkeypatch.setitem(registry._menu, "core:region_list", registry.MenuItem("<b>区划</b> & co", "core:region_list"))
    _MENUS.clear()
    with translation.override(language):
        for role in ROLES:
            items = registry.visible_menu(user_for(role))
            expected = Template("{% load i18n %}" + TEMPLATE_MENU).render(Context({"menu": menu_entries(items)}))
            assert squeeze(menu_html(items)) == squeeze(expected), role
        assert "&lt;b&gt;区划&lt;/b&gt; &amp; co" in menu_html(registry.visible_menu(user_for("admin")))
    _MENUS.clear()
