"""The standard page and API tests (core.testcases) for stewardship's models, declared as data.

Rows belong to a 鲅鱼圈区 project: the 盖州市 clerk (`gz`) must meet them nowhere. A problem (and its notices) also
belongs to its department: the 自然资源局 user (`zrzy`) must not meet 工信局's. The city leader stewards the
project and so may change its service rows; the observer is the one who only reads them.
"""

import datetime as dt

import pytest

from core.testing import StandardAPITests, StandardViewTests, user_for
from projects.models import Project
from projects.testing import make_project
from stewardship.models import (
    Notification,
    OverdueRule,
    Problem,
    ProblemCategory,
    ServiceLog,
    ServicePhoto,
    ServiceTeam,
    Stewardship,
    SupervisionNotice,
)
from stewardship.tests.helpers import RAISED, category, png, problem, stewarded_project

pytestmark = pytest.mark.django_db

PROJECT_NAME = "营口测试帮办项目"


def the_project() -> Project:
    """One stewarded 鲅鱼圈区 project shared by make() and the posted data, so an edit may post its own project."""
    return Project.objects.filter(name=PROJECT_NAME).first() or stewarded_project(name=PROJECT_NAME)


def _log() -> ServiceLog:
    return ServiceLog.objects.create(project=stewarded_project(), date=dt.date(2024, 5, 6), participants="张振华")


def _team() -> ServiceTeam:
    return ServiceTeam.objects.create(project=stewarded_project(), name="港区帮办团队", start=dt.date(2024, 3, 1))


def _stewardship_data() -> dict:
    """A valid stewardship: the city leader on a new 鲅鱼圈区 project."""
    return {"project": make_project(region="210804").pk, "steward": user_for("leader").pk, "start": "2024-03-01"}


def _notice(department="zrzyj") -> SupervisionNotice:
    return SupervisionNotice.objects.create(
        problem=problem(department=department, raiser="admin"),
        number=f"督-2024-{department}",
        issued_by=user_for("admin"),
        issued_on=dt.date(2024, 5, 10),
        deadline=dt.date(2024, 5, 20),
        requirement="五日内报送整改方案",
    )


class TestProblemCategoryViews(StandardViewTests):
    model = ProblemCategory

    def make(self):
        return ProblemCategory.objects.create(name="林地")

    def form_data(self):
        return {"name": "施工环境", "sort_order": 3, "active": "on"}


class TestOverdueRuleViews(StandardViewTests):
    model = OverdueRule

    def make(self):
        return OverdueRule.objects.create(light="yellow", min_days=3)

    def form_data(self):
        return {"light": "red", "min_days": 20, "min_repeats": 2, "escalate_to": 3, "active": "on"}


class TestStewardshipViews(StandardViewTests):
    model = Stewardship
    outsider = "gz"

    def make(self):
        return stewarded_project().stewardships.get()

    def form_data(self):
        return _stewardship_data()


class TestServiceLogViews(StandardViewTests):
    model = ServiceLog
    outsider = "gz"
    reader = "observer"  # leader_zhang stewards the project, so may change its log

    def make(self):
        return _log()

    def form_data(self):
        return {
            "project": stewarded_project().pk,
            "kind": "phone",
            "level": "steward",
            "date": "2024-05-07",
            "participants": "张振华",
        }


class TestServicePhotoViews(StandardViewTests):
    """A service photo's file is served only to those who may see its log."""

    model = ServicePhoto
    outsider = "gz"

    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    def make(self):
        return ServicePhoto.objects.create(log=_log(), image=png())


class TestServiceTeamViews(StandardViewTests):
    model = ServiceTeam
    outsider = "gz"
    reader = "observer"

    def make(self):
        return _team()

    def form_data(self):
        return {
            "project": stewarded_project().pk,
            "level": "city",
            "name": "新团队",
            "start": "2024-03-01",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-role": "company_contact",
            "members-0-name": "企业联络员",
        }


class TestProblemViews(StandardViewTests):
    """Raised on the add page (through raise_problem), edited on the edit page; another district never sees it."""

    model = Problem
    outsider = "gz"
    reader = "observer"

    def make(self):
        return problem(project=the_project(), raiser="admin")

    def form_data(self):
        # Valid for both forms: the project and day it was raised are those of make()'s problem (fixed once raised).
        return {
            "project": the_project().pk,
            "category": category().pk,
            "title": "施工许可办理滞后",
            "department": user_for("zrzy").department_id,
            "raised_on": RAISED.isoformat(),
            "deadline": "2024-06-30",
            "measures": "专班协调",
        }


class TestProblemOtherDepartmentViews(TestProblemViews):
    """工信局's problem: the 自然资源局 user never sees it, on any page of it, the board, its export or search."""

    outsider = "zrzy"

    def make(self):
        return problem(project=the_project(), department="gxj", raiser="admin")


class TestSupervisionNoticeViews(StandardViewTests):
    """Notices are issued on the problem's page; their own pages list them and take the department's answer."""

    model = SupervisionNotice
    outsider = "gz"

    def make(self):
        return _notice()

    def form_data(self):
        return {"answered_on": "2024-05-18", "answer": "已报送整改方案"}


class TestSupervisionNoticeOtherDepartmentViews(TestSupervisionNoticeViews):
    outsider = "zrzy"

    def make(self):
        return _notice("gxj")


class TestStewardshipAPI(StandardAPITests):
    model = Stewardship
    outsider = "gz"
    update_data = {"note": "主包联"}

    def make(self):
        return stewarded_project().stewardships.get()

    def create_data(self):
        return _stewardship_data()


class TestServiceTeamAPI(StandardAPITests):
    model = ServiceTeam
    outsider = "gz"
    reader = "observer"
    update_data = {"name": "港区帮办团队（调整）"}

    def make(self):
        return _team()

    def create_data(self):
        return {"project": stewarded_project().pk, "level": "city", "name": "市级帮办团队", "start": "2024-03-01"}


class TestServiceLogAPI(StandardAPITests):
    model = ServiceLog
    outsider = "gz"
    reader = "observer"
    update_data = {"notes": "补记"}

    def make(self):
        return _log()

    def create_data(self):
        return {
            "project": stewarded_project().pk,
            "kind": "visit",
            "level": "city_team",
            "date": "2024-05-08",
            "participants": "市级帮办团队",
        }


class TestProblemCategoryAPI(StandardAPITests):
    model = ProblemCategory
    update_data = {"sort_order": 7}

    def make(self):
        return ProblemCategory.objects.create(name="林地")

    def create_data(self):
        return {"name": "施工环境", "sort_order": 3, "active": True}


class TestProblemAPI(StandardAPITests):
    model = Problem
    outsider = "gz"
    reader = "observer"
    update_data = {"progress": "已协调"}

    def make(self):
        return problem(raiser="admin")

    def create_data(self):
        project = stewarded_project()
        return {
            "project": project.pk,
            "category": category().pk,
            "title": "资金缺口",
            "department": project.responsible_department_id,
            "raised_on": "2024-05-06",
            "deadline": "2024-06-06",
        }


class TestProblemOtherDepartmentAPI(TestProblemAPI):
    outsider = "zrzy"

    def make(self):
        return problem(department="gxj", raiser="admin")


class TestSupervisionNoticeAPI(StandardAPITests):
    """Notices are issued on the problem (督办): the endpoint lists them and takes the answer, nothing else."""

    model = SupervisionNotice
    outsider = "zrzy"
    update_data = {"answered_on": "2024-05-18", "answer": "已报送整改方案"}

    def make(self):
        return _notice("gxj")

    def test_crud_saves_the_posted_values(self):
        obj = self.make()
        api = self.api(self.editor)
        assert obj.pk in self.ids(api.get(self.url("list"), {"limit": 500}))
        updated = api.patch(self.url("detail", obj.pk), self.update_data, format="json")
        assert updated.status_code == 200, updated.content
        obj.refresh_from_db()
        assert (obj.answered_on, obj.answer) == (dt.date(2024, 5, 18), "已报送整改方案")
        assert obj.history.filter(history_type="~").exists()
        # Issuing and removing happen on the problem, never here.
        assert api.post(self.url("list"), {"problem": obj.problem_id}, format="json").status_code == 405
        assert api.delete(self.url("detail", obj.pk)).status_code == 405

    def test_reader_is_refused(self):
        obj = self.make()
        api = self.api(self.reader)
        assert api.get(self.url("detail", obj.pk)).status_code == 200
        assert api.patch(self.url("detail", obj.pk), self.update_data, format="json").status_code == 403
        obj.refresh_from_db()
        assert obj.answer == ""

    def test_another_scope_does_not_see_it(self):
        obj = self.make()
        api = self.api(self.outsider)
        assert obj.pk not in self.ids(api.get(self.url("list"), {"limit": 500}))
        assert api.get(self.url("detail", obj.pk)).status_code == 404
        assert api.patch(self.url("detail", obj.pk), self.update_data, format="json").status_code == 404
        obj.refresh_from_db()
        assert obj.answer == ""


class TestNotificationAPI(StandardAPITests):
    """A user's notifications are theirs alone: even the city's administrator does not read another's."""

    model = Notification
    editor = reader = "leader"
    outsider = "admin"
    read_only = True

    def make(self):
        return Notification.objects.create(recipient=user_for("leader"), title="问题已逾期")


def test_a_steward_must_be_a_city_leader(login):
    from django.urls import reverse

    data = {"project": stewarded_project().pk, "steward": user_for("zrzy").pk, "start": "2024-03-01"}
    response = login("admin").post(reverse("stewardship:stewardship_add"), data)
    assert response.status_code == 400 and Stewardship.objects.count() == 1
    assert "steward" in response.context["form"].errors
