"""The standard page and API tests (core.testing) for stewardship's models."""

import datetime as dt

import pytest

from core.testing import StandardAPITests, StandardViewTests, user_for
from stewardship.models import OverdueRule, ProblemCategory, ServiceLog, ServiceTeam, Stewardship
from stewardship.tests.helpers import category, problem, stewarded_project

pytestmark = pytest.mark.django_db


class TestProblemCategoryPages(StandardViewTests):
    url_name = "stewardship:problemcategory"

    def make(self):
        return ProblemCategory.objects.create(name="林地")

    def form_data(self):
        return {"name": "施工环境", "sort_order": 3, "active": "on"}


class TestOverdueRulePages(StandardViewTests):
    url_name = "stewardship:overduerule"

    def make(self):
        return OverdueRule.objects.create(light="yellow", min_days=3)

    def form_data(self):
        return {"light": "red", "min_days": 20, "min_repeats": 2, "escalate_to": 3, "active": "on"}


class TestStewardshipPages(StandardViewTests):
    url_name = "stewardship:stewardship"

    def make(self):
        return stewarded_project().stewardships.get()

    def form_data(self):
        from projects.testing import make_project

        return {"project": make_project().pk, "steward": user_for("leader").pk, "start": "2024-03-01"}


class TestServiceLogPages(StandardViewTests):
    url_name = "stewardship:servicelog"
    reader = "observer"  # leader_zhang stewards the project, so may change its log

    def make(self):
        return ServiceLog.objects.create(project=stewarded_project(), date=dt.date(2024, 5, 6), participants="张振华")

    def form_data(self):
        return {
            "project": stewarded_project().pk,
            "kind": "phone",
            "level": "steward",
            "date": "2024-05-07",
            "participants": "张振华",
        }


class TestServiceTeamPages(StandardViewTests):
    url_name = "stewardship:serviceteam"
    reader = "observer"

    def make(self):
        return ServiceTeam.objects.create(project=stewarded_project(), name="港区帮办团队", start=dt.date(2024, 3, 1))

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


class TestServiceLogAPI(StandardAPITests):
    basename = "stewardship-api:servicelog"
    reader = "observer"
    update_data = {"notes": "补记"}

    def make(self):
        return ServiceLog.objects.create(project=stewarded_project(), date=dt.date(2024, 5, 6), participants="张振华")

    def create_data(self):
        return {
            "project": stewarded_project().pk,
            "kind": "visit",
            "level": "city_team",
            "date": "2024-05-08",
            "participants": "市级帮办团队",
        }


class TestProblemAPI(StandardAPITests):
    basename = "stewardship-api:problem"
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


def test_a_steward_must_be_a_city_leader(login):
    from django.urls import reverse

    data = {"project": stewarded_project().pk, "steward": user_for("zrzy").pk, "start": "2024-03-01"}
    response = login("admin").post(reverse("stewardship:stewardship_add"), data)
    assert response.status_code == 400 and Stewardship.objects.count() == 1
    assert "steward" in response.context["form"].errors
