"""The permission matrix: every role against every project page and endpoint, inside and outside its scope.

The expectations are written out here as data, independently of core.permissions, so a change to the rules
that widens or narrows anyone's access fails loudly.
"""

import pytest
from django.urls import reverse

from core.testing import expected_status

# role → which of the two projects (byq = 鲅鱼圈区 / 自然资源局, gz = 盖州市 / 工信局) it may see, change, delete
VISIBLE = {
    "admin": {"byq", "gz"},
    "leader": {"byq", "gz"},
    "observer": {"byq", "gz"},
    "byq": {"byq"},
    "gz": {"gz"},
    "zrzy": {"byq"},
}
CHANGEABLE = {"admin": {"byq", "gz"}, "leader": set(), "observer": set(), "byq": {"byq"}, "gz": {"gz"}, "zrzy": {"byq"}}
DELETABLE = {"admin": {"byq", "gz"}}
MAY_ADD = {"admin", "byq", "gz"}

CASES = [(role, target) for role in VISIBLE for target in ("byq", "gz")]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "target"), CASES)
def test_project_pages(login, two_projects, role, target):
    client = login(role)
    project = two_projects[target]
    visible = target in VISIBLE[role]
    changeable = target in CHANGEABLE[role]
    deletable = target in DELETABLE.get(role, set())
    assert client.get(reverse("projects:project", args=[project.pk])).status_code == expected_status(visible, visible)
    assert client.get(reverse("projects:project_edit", args=[project.pk])).status_code == expected_status(
        changeable, visible
    )
    assert client.post(reverse("projects:project_edit", args=[project.pk]), {}).status_code == expected_status(
        changeable,
        visible,
        ok=400,  # an empty form is refused with messages, not saved
    )
    assert client.get(reverse("projects:project_delete", args=[project.pk])).status_code == expected_status(
        deletable, visible
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "target"), CASES)
def test_project_api(api_as, two_projects, role, target):
    api = api_as(role)
    project = two_projects[target]
    url = reverse("projects-api:project-detail", args=[project.pk])
    visible = target in VISIBLE[role]
    changeable = target in CHANGEABLE[role]
    deletable = target in DELETABLE.get(role, set())
    assert api.get(url).status_code == expected_status(visible, visible)
    response = api.patch(url, {"owner": "营口新业主有限公司"}, format="json")
    assert response.status_code == expected_status(changeable, visible), response.content
    project.refresh_from_db()
    assert (project.owner == "营口新业主有限公司") == changeable
    if not deletable:
        assert api.delete(url).status_code == expected_status(False, visible)
        assert type(project).objects.filter(pk=project.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(VISIBLE))
def test_list_export_and_search_show_only_visible_rows(login, api_as, two_projects, role):
    """List page, .xlsx export, free-text search and the API list agree on which projects exist."""
    from io import BytesIO

    from openpyxl import load_workbook

    expected = {two_projects[t].name for t in VISIBLE[role]}
    client = login(role)
    page = client.get(reverse("projects:project_list"), {"q": "测试"})
    assert page.status_code == 200
    shown = {row.record.name for row in page.context["table"].rows}
    assert shown == expected
    export = client.get(reverse("projects:project_list"), {"q": "测试", "export": "xlsx"})
    workbook = load_workbook(BytesIO(b"".join(export.streaming_content)))
    names = {row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert names == expected
    listed = api_as(role).get(reverse("projects-api:project-list"), {"q": "测试"}).json()
    assert {item["name"] for item in listed["results"]} == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(VISIBLE))
def test_adding_projects(login, api_as, role):
    client = login(role)
    assert client.get(reverse("projects:project_add")).status_code == (200 if role in MAY_ADD else 403)
    payload = {"name": "新增测试项目", "owner": "营口测试有限公司", "region": "210804", "total_investment": "100.00"}
    response = api_as(role).post(reverse("projects-api:project-list"), payload, format="json")
    allowed_here = role in {"admin", "byq"}
    assert response.status_code == (201 if allowed_here else 403), response.content


@pytest.mark.django_db
def test_district_operator_cannot_move_a_project_out_of_their_district(api_as, login, two_projects):
    project = two_projects["byq"]
    url = reverse("projects-api:project-detail", args=[project.pk])
    response = api_as("byq").patch(url, {"region": "210881"}, format="json")
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.region.code == "210804"


REFERENCE_PAGES = ["core:region", "core:department", "projects:projectlist"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(VISIBLE))
@pytest.mark.parametrize("page", REFERENCE_PAGES)
def test_reference_data_is_read_by_all_and_kept_by_the_city(login, role, page):
    from core.models import Department, Region
    from projects.models import ListKind, ProjectList

    if page == "core:region":
        obj = Region.objects.get(code="210804")
    elif page == "core:department":
        obj = Department.objects.get(code="fgw")
    else:
        kind = ListKind.objects.create(code="test", name="测试类别")
        obj = ProjectList.objects.create(kind=kind, name="测试清单")
    client = login(role)
    assert client.get(reverse(page, args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"{page}_list")).status_code == 200
    expected = 200 if role == "admin" else 403
    assert client.get(reverse(f"{page}_edit", args=[obj.pk])).status_code == expected
    assert client.get(reverse(f"{page}_add")).status_code == expected


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client, api_as, two_projects):
    response = client.get(reverse("projects:project_list"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(reverse("projects-api:project-list")).status_code in {401, 403}
