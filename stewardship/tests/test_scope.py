"""Scope: a department user never reads or changes another department's problem (page, API, export, search); a
district sees and raises only its district's; a steward changes only their projects' rows."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.permissions import CHANGE, user_can
from core.testing import user_for
from projects.testing import make_project
from stewardship.models import Notification, Problem, ServiceLog, Stewardship
from stewardship.tests.helpers import RAISED, category, plan_and_reports, problem, stewarded_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_problems():
    project = stewarded_project()
    return {
        "own": problem(project, "zrzyj", title="自然资源局的问题"),
        "other": problem(project, "gxj", title="工信局的保密问题"),
    }


def test_a_department_never_sees_another_departments_problem(login, api_as, two_problems):
    own, other = two_problems["own"], two_problems["other"]
    client = login("zrzy")
    for url in (reverse("stewardship:problem_list"), reverse("stewardship:our_problems")):
        page = client.get(url, {"q": "问题"}).content.decode()
        assert own.title in page and other.title not in page
    export = client.get(reverse("stewardship:problem_list"), {"export": "xlsx"})
    cells = [
        c.value for row in load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows() for c in row
    ]
    assert own.title in cells and other.title not in cells
    assert client.get(reverse("stewardship:problem", args=[other.pk])).status_code == 404
    assert client.post(reverse("stewardship:problem_edit", args=[other.pk]), {"title": "改"}).status_code == 404
    api = api_as("zrzy")
    listed = api.get(reverse("stewardship-api:problem-list"), {"q": "问题"}).json()["results"]
    assert [item["id"] for item in listed] == [own.pk]
    assert api.get(reverse("stewardship-api:problem-detail", args=[other.pk])).status_code == 404
    assert (
        api.patch(
            reverse("stewardship-api:problem-detail", args=[other.pk]), {"progress": "x"}, format="json"
        ).status_code
        == 404
    )
    step = reverse("stewardship-api:problem-transition", args=[other.pk])
    assert api.post(step, {"status": "in_progress"}, format="json").status_code == 404
    assert Problem.objects.get(pk=other.pk).status == "open"


def test_a_department_updates_measures_of_its_own_problem(login, two_problems):
    own = two_problems["own"]
    data = {
        "category": own.category_id,
        "title": own.title,
        "department": own.department_id,
        "deadline": "2024-06-01",
        "measures": "协调省厅调剂指标",
        "progress": "已上报",
    }
    assert login("zrzy").post(reverse("stewardship:problem_edit", args=[own.pk]), data).status_code == 302
    own.refresh_from_db()
    assert own.measures == "协调省厅调剂指标" and own.history.filter(history_type="~").exists()


def test_a_district_sees_and_raises_only_for_its_district(login, two_problems):
    gz_project = make_project(region="210881", responsible_department="gxj")
    gz_problem = problem(gz_project, "gxj", raiser="gz", title="盖州的问题")
    page = login("byq").get(reverse("stewardship:problem_list")).content.decode()
    assert two_problems["other"].title in page and gz_problem.title not in page
    form = login("byq").get(reverse("stewardship:problem_add")).context["form"]
    assert gz_project not in form.fields["project"].queryset
    data = {
        "project": gz_project.pk,
        "category": category().pk,
        "title": "越界",
        "department": 1,
        "raised_on": "2024-05-06",
        "deadline": "2024-05-30",
    }
    response = login("byq").post(reverse("stewardship:problem_add"), data)
    assert response.status_code == 400 and not Problem.objects.filter(title="越界").exists()


def test_a_steward_changes_only_their_projects_rows(two_problems):
    other_project = make_project(region="210804")
    leader = user_for("leader")
    assert user_can(leader, two_problems["own"], CHANGE)
    foreign = problem(other_project, "zrzyj", raiser="admin")
    assert not user_can(leader, foreign, CHANGE)
    log = ServiceLog.objects.create(project=other_project, date=RAISED, participants="x")
    assert not user_can(leader, log, CHANGE)
    assert Stewardship.objects.filter(steward=leader).count() == 1


def test_a_steward_whose_appointment_ended_no_longer_changes_the_projects_rows(api_as, two_problems, settings):
    from core.permissions import restrict

    settings.GONGJIAN_TODAY = "2024-06-30"
    own = two_problems["own"]
    leader = user_for("leader")
    log = ServiceLog.objects.create(project=own.project, date=RAISED, participants="张振华现场调研")
    Stewardship.objects.filter(steward=leader, project=own.project).update(end=dt.date(2024, 6, 30))
    assert user_can(leader, own, CHANGE) and user_can(leader, log, CHANGE)  # the last day still counts
    Stewardship.objects.filter(steward=leader, project=own.project).update(end=dt.date(2024, 6, 29))
    assert not user_can(leader, own, CHANGE) and not user_can(leader, log, CHANGE)
    assert not restrict(ServiceLog.objects.all(), leader, CHANGE).exists()
    assert user_can(leader, own, "view")  # a city leader still reads the whole city
    url = reverse("stewardship-api:servicelog-detail", args=[log.pk])
    refused = api_as("leader").patch(url, {"notes": "改"}, format="json")
    assert refused.status_code in (403, 404) and ServiceLog.objects.get(pk=log.pk).notes == ""
    # Another leader appointed from tomorrow does not change the rows yet; from that day on they do.
    successor = user_for("leader")
    successor.pk, successor.username = None, "leader_successor"
    successor.save()
    Stewardship.objects.create(project=own.project, steward=successor, start=dt.date(2024, 7, 1))
    assert not user_can(successor, own, CHANGE)
    settings.GONGJIAN_TODAY = "2024-07-01"
    assert user_can(successor, own, CHANGE) and not user_can(leader, own, CHANGE)


def test_notifications_are_their_recipients_only(login, api_as, two_problems):
    note = Notification.objects.create(recipient=user_for("zrzy"), problem=two_problems["own"], title="给自然资源局")
    assert "给自然资源局" in login("zrzy").get(reverse("stewardship:notifications")).content.decode()
    assert "给自然资源局" not in login("admin").get(reverse("stewardship:notifications")).content.decode()
    assert api_as("byq").get(reverse("stewardship-api:notification-detail", args=[note.pk])).status_code == 404
    read = api_as("zrzy").post(reverse("stewardship-api:notification-read", args=[note.pk]))
    assert read.status_code == 200 and read.json()["read_at"]


def test_my_projects_shows_the_stewards_projects_with_open_problems(login, two_problems, settings):
    settings.GONGJIAN_TODAY = "2024-06-30"
    stranger = make_project(name="别人管家的项目")
    ServiceLog.objects.create(project=two_problems["own"].project, date=dt.date(2024, 6, 3), participants="张")
    response = login("leader").get(reverse("stewardship:my_projects"))
    cards = response.context["cards"]
    assert [card["project"] for card in cards] == [two_problems["own"].project]
    assert {p.title for p in cards[0]["problems"]} == {"自然资源局的问题", "工信局的保密问题"}
    assert cards[0]["last_service"] == dt.date(2024, 6, 3) and stranger.name not in response.content.decode()


def test_the_project_page_panels_show_the_steward_chart_and_only_visible_problems(login, two_problems, settings):
    settings.GONGJIAN_TODAY = "2024-06-30"
    project = two_problems["own"].project
    plan_and_reports(project, "1200", {4: "100", 5: "250"})
    ServiceLog.objects.create(project=project, date=dt.date(2024, 6, 3), participants="张振华现场调研")
    url = reverse("projects:project", args=[project.pk])
    admin_page = login("admin").get(url)
    panels = {panel["name"]: panel["html"] for panel in admin_page.context["panels"]}
    assert "张振华" in panels["steward"] and 'data-testid="plan-chart"' in panels["steward"]
    assert '"ytd": [null, null, null, "100.00", "250.00"' in panels["steward"]
    assert '"completed": [null, null, null, "100.00", "150.00"' in panels["steward"]
    assert "工信局的保密问题" in panels["problems"] and "张振华现场调研" in panels["problems"]
    zrzy_page = login("zrzy").get(url).content.decode()
    assert "自然资源局的问题" in zrzy_page and "工信局的保密问题" not in zrzy_page


def test_my_projects_cards_draw_the_same_month_series_as_the_project_panel(login, two_problems, settings):
    from scheduling.figures import project_month_series

    settings.GONGJIAN_TODAY = "2024-06-30"
    project = two_problems["own"].project
    plan_and_reports(project, "1200", {1: "80", 3: "300"})
    series = project_month_series(project, 2024)
    assert series["ytd"][:4] == ["80.00", None, "300.00", None]
    assert series["completed"][:3] == ["80.00", None, "220.00"]  # March against the last month reported
    assert series["plan"][0] == "100.00" and series["plan"][11] == "1200.00"
    assert project_month_series(project, 2023) is None
    response = login("leader").get(reverse("stewardship:my_projects"))
    card = response.context["cards"][0]
    assert card["chart"] == series
    html = response.content.decode()
    assert 'data-testid="card-plan-chart"' in html and f'id="plan-chart-{project.pk}"' in html
    assert "vendor/echarts/echarts.min.js" in html and "<script>" not in html
