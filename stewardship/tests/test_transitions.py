"""The problem loop (stewardship.transitions): the allowed graph, who takes each step, the record, and refusals
that name their field in Chinese and save nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.testing import user_for
from projects.testing import make_project
from stewardship.choices import EscalationLevel, EventKind, ProblemStatus
from stewardship.models import Problem, ProblemEvent, ServiceLog, ServicePhoto
from stewardship.tests.helpers import RAISED, category, png, problem, stewarded_project
from stewardship.transitions import escalate, raise_problem, steps_for, transition

pytestmark = pytest.mark.django_db
S = ProblemStatus


def _refusal(error) -> dict:
    return error.value.message_dict


def test_the_whole_loop_is_recorded_step_by_step():
    item = problem(measures="")
    zrzy, leader = user_for("zrzy"), user_for("leader")
    assert steps_for(item, zrzy) == [S.IN_PROGRESS, S.SOLVED] and steps_for(item, leader) == []
    transition(item, S.IN_PROGRESS, zrzy, on=RAISED + dt.timedelta(1))
    item.measures = "调剂用地指标"
    item.save()
    transition(item, S.SOLVED, zrzy, on=RAISED + dt.timedelta(9))
    assert steps_for(item, leader) == [S.VERIFIED, S.RETURNED] and steps_for(item, zrzy) == []
    transition(item, S.RETURNED, leader, on=RAISED + dt.timedelta(10), reason="现场核实未解决")
    assert item.solved_on is None and item.return_reason == "现场核实未解决"
    transition(item, S.SOLVED, zrzy, on=RAISED + dt.timedelta(12))
    transition(item, S.VERIFIED, leader, on=RAISED + dt.timedelta(13))
    item.refresh_from_db()
    assert (item.status, item.solved_on, item.verified_on) == (
        S.VERIFIED,
        RAISED + dt.timedelta(12),
        RAISED + dt.timedelta(13),
    )
    steps = list(item.events.values_list("from_status", "to_status", "by__username"))
    assert steps == [
        ("open", "in_progress", "zrzy_user"),
        ("in_progress", "solved", "zrzy_user"),
        ("solved", "returned", "leader_zhang"),
        ("returned", "solved", "zrzy_user"),
        ("solved", "verified", "leader_zhang"),
    ]
    assert item.history.count() == 7  # created, the measures edit, and one history row per step


def test_a_disallowed_transition_names_the_status_and_saves_nothing():
    item = problem()
    with pytest.raises(ValidationError) as error:
        transition(item, S.VERIFIED, user_for("leader"))
    assert "状态" in _refusal(error)["status"][0] or "不能改为" in _refusal(error)["status"][0]
    assert Problem.objects.get(pk=item.pk).status == S.OPEN and not ProblemEvent.objects.exists()


def test_verification_by_someone_other_than_the_raiser_is_refused():
    item = problem(status=S.SOLVED, solved_on=RAISED + dt.timedelta(3), measures="已解决")
    for role in ("admin", "zrzy"):
        with pytest.raises(ValidationError) as error:
            transition(item, S.VERIFIED, user_for(role))
        assert "提出人" in _refusal(error)["status"][0]
    assert Problem.objects.get(pk=item.pk).status == S.SOLVED and not ProblemEvent.objects.exists()


def test_a_return_needs_a_reason_and_solving_needs_measures():
    item = problem(status=S.SOLVED, solved_on=RAISED + dt.timedelta(3))
    with pytest.raises(ValidationError) as error:
        transition(item, S.RETURNED, user_for("leader"))
    assert "退回理由" in _refusal(error)["reason"][0]
    fresh = problem()
    with pytest.raises(ValidationError) as error:
        transition(fresh, S.SOLVED, user_for("zrzy"))
    assert "解决措施" in _refusal(error)["measures"][0]


def test_another_department_cannot_work_a_problem():
    item = problem(department="gxj")
    with pytest.raises(PermissionDenied):
        transition(item, S.IN_PROGRESS, user_for("zrzy"))
    assert Problem.objects.get(pk=item.pk).status == S.OPEN


def test_a_deadline_before_the_raise_date_is_refused_by_field():
    project = stewarded_project()
    bad = Problem(
        project=project,
        category=category(),
        title="审批慢",
        department=project.responsible_department,
        raised_on=RAISED,
        deadline=RAISED - dt.timedelta(1),
    )
    with pytest.raises(ValidationError) as error:
        raise_problem(bad, user_for("leader"))
    assert "办结时限" in _refusal(error)["deadline"][0] and "不能早于提出日期" in _refusal(error)["deadline"][0]
    assert not Problem.objects.exists()


def test_a_problem_on_a_project_outside_the_users_reach_is_refused_and_not_saved():
    project = make_project(region="210881", responsible_department="gxj")  # 盖州市, stewarded by nobody
    for role in ("leader", "byq"):
        new = Problem(
            project=project,
            category=category(),
            title="用电",
            department=project.responsible_department,
            raised_on=RAISED,
            deadline=RAISED + dt.timedelta(9),
        )
        with pytest.raises(ValidationError) as error:
            raise_problem(new, user_for(role))
        assert "不在您的服务或管辖范围内" in _refusal(error)["project"][0]
    assert not Problem.objects.exists() and not ProblemEvent.objects.exists()
    raised = raise_problem(
        Problem(
            project=project,
            category=category(),
            title="用电",
            department=project.responsible_department,
            raised_on=RAISED,
            deadline=RAISED,
        ),
        user_for("gz"),
    )
    assert raised.raised_by == user_for("gz") and raised.events.get().kind == EventKind.RAISED


def test_escalation_goes_up_only_with_a_reason_and_is_recorded():
    item = problem()
    leader = user_for("leader")
    with pytest.raises(ValidationError) as error:
        escalate(item, EscalationLevel.DISTRICT, leader, reason="")
    assert "理由" in _refusal(error)["reason"][0]
    escalate(item, EscalationLevel.CITY_MEETING, leader, reason="涉及多部门")
    with pytest.raises(ValidationError) as error:
        escalate(item, EscalationLevel.DISTRICT, leader, reason="降级")
    assert "层级" in _refusal(error)["level"][0]
    event = item.events.get()
    assert (event.kind, event.from_level, event.to_level, event.by, event.reason) == (
        EventKind.ESCALATION,
        EscalationLevel.ON_SITE,
        EscalationLevel.CITY_MEETING,
        leader,
        "涉及多部门",
    )
    with pytest.raises(PermissionDenied):
        escalate(item, EscalationLevel.PROVINCE, user_for("zrzy"), reason="x")


def test_the_pages_take_the_steps_and_show_refusals(login):
    item = problem(measures="方案已定")
    url = reverse("stewardship:problem_transition", args=[item.pk])
    assert login("zrzy").post(url, {"status": "solved", "on": "2024-05-20"}).status_code == 302
    refused = login("admin").post(url, {"status": "verified"})
    assert refused.status_code == 403  # the city may not verify what it did not raise
    page = login("leader").post(url, {"status": "returned", "on": "2024-05-21"})
    assert page.status_code == 400 and "退回理由" in page.content.decode()
    assert Problem.objects.get(pk=item.pk).status == S.SOLVED
    assert login("leader").post(url, {"status": "verified", "on": "2024-05-21"}).status_code == 302
    assert Problem.objects.get(pk=item.pk).status == S.VERIFIED


def test_the_quick_visit_logs_photos_and_a_problem_in_one_go(login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = stewarded_project()
    data = {
        "project": project.pk,
        "kind": "visit",
        "level": "steward",
        "date": "2024-06-20",
        "participants": "张振华",
        "place": "现场",
        "notes": "推进",
        "problem_title": "施工用电未落实",
        "problem_category": category("水电气暖").pk,
        "problem_department": project.responsible_department.pk,
        "problem_deadline": "2024-07-10",
    }
    client = login("leader")
    settings.GONGJIAN_TODAY = "2024-06-30"
    response = client.post(reverse("stewardship:quick_visit"), {**data, "photos": [png()]})
    assert response.status_code == 302, response.content.decode()[:2000]
    log = ServiceLog.objects.get()
    assert log.recorded_by == user_for("leader") and log.photos.count() == 1
    assert log.problems.get().raised_by == user_for("leader")


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_saved(login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT, settings.GONGJIAN_TODAY = tmp_path, "2024-06-30"
    project = stewarded_project()
    fake = SimpleUploadedFile("visit.jpg", b"not an image at all", "image/jpeg")
    data = {
        "project": project.pk,
        "kind": "visit",
        "level": "steward",
        "date": "2024-06-20",
        "participants": "张振华",
        "photos": [fake],
        "problem_title": "用地",
        "problem_category": category().pk,
        "problem_department": project.responsible_department.pk,
        "problem_deadline": "2024-06-01",
    }
    response = login("leader").post(reverse("stewardship:quick_visit"), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "图片" in body.split('data-field="photos"')[1][:200]
    assert 'data-field="problem_deadline"' in body and "不能早于提出日期" in body
    assert not ServiceLog.objects.exists() and not ServicePhoto.objects.exists() and not Problem.objects.exists()


def test_the_api_raises_and_steps_through_the_services(api_as):
    project = stewarded_project()
    payload = {
        "project": project.pk,
        "category": category().pk,
        "title": "环评批复慢",
        "department": project.responsible_department.pk,
        "raised_on": "2024-05-06",
        "deadline": "2024-05-01",
    }
    bad = api_as("leader").post(reverse("stewardship-api:problem-list"), payload, format="json")
    assert bad.status_code == 400 and "办结时限" in bad.json()["deadline"][0]
    created = api_as("leader").post(
        reverse("stewardship-api:problem-list"), {**payload, "deadline": "2024-06-01"}, format="json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert Problem.objects.get(pk=pk).raised_by == user_for("leader")
    step = reverse("stewardship-api:problem-transition", args=[pk])
    assert api_as("zrzy").post(step, {"status": "verified"}, format="json").status_code == 400
    done = api_as("zrzy").post(step, {"status": "solved", "reason": "已办结"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "solved"
    wrong = api_as("admin").post(step, {"status": "verified"}, format="json")
    assert wrong.status_code == 400 and "提出人" in wrong.json()["status"][0]
