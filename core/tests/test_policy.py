"""The permission policy as data: every model has a line, nothing outside core.permissions decides, and the leaks
issue 9 found are closed (list memberships by clerks, filter and form choices, merged history, month progress)."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from core.choices import Role
from core.models import BaseModel, User
from core.permissions import ACTIONS, CITY, CITY_ONLY, allowed_scope, is_declared, policy_for, role_allows, scope_q
from core.testing import user_for
from projects.testing import make_project

ROOT = Path(__file__).resolve().parents[2]


def test_every_model_has_a_line_in_the_policy():
    """A new model is refused to all but the city until its app's policy.py says who may do what with it."""
    ours = [m for m in apps.get_models() if issubclass(m, BaseModel) or m is User]
    assert ours
    missing = [m._meta.label for m in ours if not is_declared(m)]
    assert not missing, f"models with no line in the permission policy (add them to their app's policy.py): {missing}"


def test_city_only_lines_name_only_the_city():
    """The city-only marker means exactly that: no other role appears on a line marked with it."""
    for model in apps.get_models():
        for action, line in policy_for(model).items():
            if line is CITY_ONLY:
                assert dict(line) == {Role.CITY_ADMIN: CITY}, (model, action)


# Role checks and region comparisons that would decide access outside the policy.
DECIDING = re.compile(r"is_city_admin\(|\.role\s*(==|!=|in\b)|region_scope_ids|CITY_WIDE_ROLES|is_superuser")
ALLOWED_FILES = {"core/permissions.py", "core/models/users.py"}  # the policy, and the user model defining scopes


def test_nothing_outside_the_policy_decides():
    offenders = []
    for app in (
        "core",
        "projects",
        "scheduling",
        "stewardship",
        "race",
        "indicators",
        "documents",
        "dashboard",
        "gongjian",
    ):
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative in ALLOWED_FILES or "/tests/" in relative or "/migrations/" in relative:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if DECIDING.search(line) and "demo" not in relative:
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "access decided outside core/permissions.py:\n" + "\n".join(offenders)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    role=st.sampled_from(Role.values),
    label=st.sampled_from(
        ["projects.Project", "projects.ListMembership", "scheduling.MonthlyReport", "core.Region", "core.User"]
    ),
    action=st.sampled_from([*ACTIONS, "review", "steer"]),
)
def test_role_and_rows_agree(role, label, action):
    """A role the line names gets a row filter (maybe empty); a role it does not name gets none; an action with no
    line at all is the city's."""
    from core.models import Department, Region

    region, department = Region.objects.get(code="210804"), Department.objects.get(code="gxj")
    user = User(username="probe", role=role, region=region, department=department)
    user.pk = 999_999
    model = apps.get_model(label)
    assert role_allows(user, model, action) == (scope_q(user, model, action) is not None)
    assert (allowed_scope(user, model, action) is not None) == (role in policy_for(model).get(action, CITY_ONLY))


@pytest.fixture
def key_list(db):
    from projects.models import ListKind, ProjectList

    kind = ListKind.objects.create(code="prov", name="省重大工程")
    return ProjectList.objects.create(kind=kind, name="省十五项重大工程（测试）", in_key_library=True)


@pytest.mark.django_db
def test_a_district_clerk_cannot_put_a_project_on_a_key_list(api_as, login, two_projects, key_list):
    from projects.models import ListMembership

    payload = {"project": two_projects["byq"].pk, "project_list": key_list.pk, "note": "自行列入"}
    url = reverse("projects-api:listmembership-list")
    assert api_as("byq").post(url, payload, format="json").status_code == 403
    assert not ListMembership.objects.exists()
    # The web form offers the lists only to those the policy lets keep memberships.
    assert (
        "lists"
        not in login("byq").get(reverse("projects:project_edit", args=[two_projects["byq"].pk])).context["form"].fields
    )
    assert api_as("admin").post(url, payload, format="json").status_code == 201
    membership = ListMembership.objects.get()
    detail = reverse("projects-api:listmembership-detail", args=[membership.pk])
    assert api_as("byq").get(detail).status_code == 200  # the clerk sees their project's place on the list
    assert api_as("byq").delete(detail).status_code == 403
    assert api_as("gz").get(detail).status_code == 404


@pytest.mark.django_db
def test_choices_in_filters_forms_and_the_browsable_api_are_scoped(login, api_as, two_projects):
    from projects.filtersets import ProjectFilterSet
    from scheduling.filtersets import MonthlyReportFilterSet

    byq, gz = two_projects["byq"], two_projects["gz"]
    request = RequestFactory().get("/")
    request.user = user_for("byq")
    choices = set(MonthlyReportFilterSet(request.GET, request=request).form.fields["project"].queryset)
    assert byq in choices and gz not in choices
    request.user = user_for("admin")
    assert gz in set(MonthlyReportFilterSet(request.GET, request=request).form.fields["project"].queryset)
    # Reference data is offered whole: every region in the project filter.
    request.user = user_for("byq")
    assert ProjectFilterSet(request.GET, request=request).form.fields["region"].queryset.count() > 1

    page = login("byq").get(reverse("scheduling:monthlyreport_list")).content.decode()
    assert gz.name not in page
    # The reports page's project drop-down searches the project API, which answers within the same scope.
    found = login("byq").get(reverse("projects-api:project-list"), {"search": "测试"}).json()["results"]
    assert byq.name in {row["name"] for row in found} and gz.name not in {row["name"] for row in found}
    browsable = api_as("byq").get(reverse("projects-api:investmentplan-list"), HTTP_ACCEPT="text/html")
    html = browsable.content.decode()
    assert byq.name in html and gz.name not in html
    # A plan for a project outside the scope is refused as naming a project that does not exist for them.
    response = api_as("byq").post(
        reverse("projects-api:investmentplan-list"), {"project": gz.pk, "year": 2024, "amount": "1.00"}, format="json"
    )
    assert response.status_code == 400 and "project" in response.json()


@pytest.mark.django_db
def test_a_lists_merged_history_shows_only_the_users_own_projects(login, two_projects, key_list):
    from projects.models import ListMembership

    for target in ("byq", "gz"):
        membership = ListMembership.objects.create(project=two_projects[target], project_list=key_list)
        membership.note = f"{target} 区内备注"
        membership.save()
    url = reverse("projects:projectlist", args=[key_list.pk])
    for role, shown, hidden in (("byq", "byq", "gz"), ("gz", "gz", "byq"), ("zrzy", "byq", "gz")):
        page = login(role).get(url).content.decode()
        assert f"{shown} 区内备注" in page and f"{hidden} 区内备注" not in page, role
        assert two_projects[hidden].name not in page, role
    admin_page = login("admin").get(url).content.decode()
    assert "byq 区内备注" in admin_page and "gz 区内备注" in admin_page


@pytest.mark.django_db
def test_a_department_user_sees_month_progress_of_its_own_projects_only(login):
    from scheduling.models import MonthlyReport

    def construction(region, department):
        return make_project(
            region=region, responsible_department=department, stage="continuing", actual_start=dt.date(2023, 3, 1)
        )

    own, other, other_district = (
        construction("210804", "zrzyj"),
        construction("210804", "gxj"),
        construction("210881", "gxj"),
    )
    for project in (own, other, other_district):
        MonthlyReport.objects.create(
            project=project,
            period=dt.date(2024, 5, 1),
            month_amount=Decimal("1"),
            ytd_amount=Decimal("1"),
            total_amount=Decimal("1"),
            status="submitted",
        )
    index = login("zrzy").get(reverse("scheduling:index"), {"period": "2024-05"})
    rows = {row.region.code: row for row in index.context["rows"]}
    assert (rows["210804"].expected, rows["210804"].by_status["submitted"]) == (1, 1)
    assert (rows["210881"].expected, rows["210881"].by_status["submitted"]) == (0, 0)
    city = {
        row.region.code: row
        for row in login("leader").get(reverse("scheduling:index"), {"period": "2024-05"}).context["rows"]
    }
    assert (city["210804"].expected, city["210881"].expected) == (2, 1)
    month = login("zrzy").get(reverse("scheduling:month", args=["210804", "2024-05"]))
    assert month.status_code == 200
    assert [row["project"] for row in month.context["rows"]] == [own]
    assert month.context["progress"].expected == 1 and not month.context["can_report"]
