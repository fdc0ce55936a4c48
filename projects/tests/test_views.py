"""Web pages: creating and editing with Chinese validation messages, history on the page, filters, overview."""

import datetime as dt

import pytest
from django.urls import reverse

from projects.models import Project
from projects.testing import make_project

pytestmark = pytest.mark.django_db

FORM = {
    "name": "营口新港区冷链物流基地项目",
    "national_code": "",
    "owner": "营口新港物流有限公司",
    "region": "",
    "total_investment": "25000.50",
    "stage": "preliminary",
    "industry": "logistics",
    "plans-TOTAL_FORMS": "1",
    "plans-INITIAL_FORMS": "0",
    "plans-MIN_NUM_FORMS": "0",
    "plans-MAX_NUM_FORMS": "1000",
    "plans-0-year": "2024",
    "plans-0-amount": "5000",
}


def _form(**changes):
    from core.models import Region

    data = dict(FORM, region=str(Region.objects.get(code="210804").pk))
    data.update(changes)
    return data


def test_clerk_creates_a_project_with_a_plan_and_sees_its_history(login):
    client = login("byq")
    response = client.post(reverse("projects:project_add"), _form())
    assert response.status_code == 302, response.content.decode()
    project = Project.objects.get(name=FORM["name"])
    assert project.plans.get().amount == 5000
    page = client.get(response["Location"]).content.decode()
    assert "储备项目库" in page and "项目阶段为「前期」" in page
    assert "李海燕" in page  # who created it, in the history


def test_clerk_cannot_place_a_project_in_another_district(login):
    from core.models import Region

    client = login("byq")
    response = client.post(reverse("projects:project_add"), _form(region=str(Region.objects.get(code="210881").pk)))
    assert response.status_code == 400
    assert "region" in response.context["form"].errors
    assert not Project.objects.filter(name=FORM["name"]).exists()


def test_validation_messages_are_chinese_and_name_the_field(login):
    client = login("admin")
    response = client.post(
        reverse("projects:project_add"),
        _form(national_code="2024-999999-44-01-123456", total_investment="-5", **{"plans-0-amount": "abc"}),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "区划代码 999999" in errors["national_code"][0]
    assert "total_investment" in errors
    assert "第 1 行" in response.content.decode()  # the plan row with the bad amount is named
    assert not Project.objects.filter(name=FORM["name"]).exists()


def test_edit_records_before_and_after(login):
    project = make_project(owner="原业主单位")
    client = login("byq")
    data = _form(name=project.name, owner="新业主单位", **{"plans-TOTAL_FORMS": "0"})
    response = client.post(reverse("projects:project_edit", args=[project.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    page = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "原业主单位" in page and "新业主单位" in page


def test_clerk_may_not_pause_a_project(login):
    project = make_project(stage="continuing", actual_start=dt.date(2023, 5, 1))
    client = login("byq")
    data = _form(name=project.name, stage="suspended", actual_start="2023-05-01", **{"plans-TOTAL_FORMS": "0"})
    response = client.post(reverse("projects:project_edit", args=[project.pk]), data)
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.stage == "continuing"


def test_admin_pauses_and_resumes(login):
    project = make_project(stage="continuing", actual_start=dt.date(2023, 5, 1))
    client = login("admin")
    base = _form(name=project.name, actual_start="2023-05-01", **{"plans-TOTAL_FORMS": "0"})
    assert (
        client.post(reverse("projects:project_edit", args=[project.pk]), dict(base, stage="suspended")).status_code
        == 302
    )
    project.refresh_from_db()
    assert (project.stage, project.stage_before_pause) == ("suspended", "continuing")
    assert (
        client.post(reverse("projects:project_edit", args=[project.pk]), dict(base, stage="continuing")).status_code
        == 302
    )
    project.refresh_from_db()
    assert (project.stage, project.stage_before_pause) == ("continuing", "")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"library": "reserve"}, {"甲"}),
        ({"library": "construction"}, {"乙", "丙"}),
        ({"stage": "new_start"}, {"乙"}),
        ({"investment_band": "ge50"}, {"丙"}),
        ({"investment_band": "lt1"}, {"甲"}),
        ({"q": "镁"}, {"乙"}),
        ({"industry": "magnesium"}, {"乙"}),
    ],
)
def test_list_filters(login, params, expected):
    make_project(name="甲储备项目", total_investment=5000)
    make_project(
        name="乙镁材料项目",
        stage="new_start",
        actual_start=dt.date(2024, 3, 18),
        total_investment=90000,
        industry="magnesium",
    )
    make_project(name="丙大项目", stage="continuing", actual_start=dt.date(2022, 3, 1), total_investment=600000)
    response = login("admin").get(reverse("projects:project_list"), params)
    assert {row.record.name[0] for row in response.context["table"].rows} == expected


def test_overview_page_shows_only_what_the_user_sees(login):
    make_project(name="鲅鱼圈项目", region="210804", total_investment=10000)
    make_project(name="盖州项目", region="210881", total_investment=30000)
    admin = login("admin").get(reverse("projects:overview")).context["overview"]
    assert admin["libraries"]["reserve"]["count"] == 2
    clerk = login("byq").get(reverse("projects:overview")).context["overview"]
    assert clerk["libraries"]["reserve"]["count"] == 1
    assert [r["code"] for r in clerk["regions"]] == ["210804"]


def test_the_cached_overview_follows_committed_writes_and_never_crosses_scopes(monkeypatch):
    """The overview is kept under the data version: served again until a write commits; a district's clerk and the
    city never share it; as of a date is its own value."""
    from django.test import Client

    from core.testing import commit_data_version, user_for
    from projects import services

    computed = []
    real = services.library_overview
    monkeypatch.setattr(services, "library_overview", lambda **kw: computed.append(kw) or real(**kw))
    make_project(name="鲅鱼圈项目", region="210804", total_investment=10000)
    commit_data_version()
    admin, clerk = Client(), Client()
    admin.force_login(user_for("admin"))
    clerk.force_login(user_for("byq"))

    def reserve(client, **query) -> int:
        return client.get(reverse("projects:overview"), query).context["overview"]["libraries"]["reserve"]["count"]

    assert reserve(admin) == reserve(admin) == 1 and len(computed) == 1
    assert reserve(clerk) == 1 and len(computed) == 2
    make_project(name="盖州项目", region="210881", total_investment=30000)
    commit_data_version()
    assert reserve(admin) == 2 and reserve(clerk) == 1 and len(computed) == 4
    assert reserve(admin, as_of="2020-01-01") == 0 and len(computed) == 5


def test_english_switch(login):
    client = login("admin")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("projects:overview"))
    assert page.status_code == 200
    assert 'lang="en"' in page.content.decode()


def test_browser_language_does_not_override_chinese(login):
    client = login("admin")
    page = client.get(reverse("projects:overview"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in page.content.decode()
    assert "项目库总览" in page.content.decode()


def test_funding_and_contacts_are_edited_with_the_project(login):
    project = make_project()
    data = _form(
        name=project.name,
        **{
            "plans-TOTAL_FORMS": "0",
            "funding-TOTAL_FORMS": "1",
            "funding-INITIAL_FORMS": "0",
            "funding-0-kind": "special_bond",
            "funding-0-amount": "3000",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-role": "owner_liaison",
            "contacts-0-name": "孙立",
            "contacts-0-phone": "0417-1234567",
        },
    )
    response = login("byq").post(reverse("projects:project_edit", args=[project.pk]), data)
    assert response.status_code == 302
    assert project.funding.get().amount == 3000
    assert project.contacts.get().name == "孙立"
