"""A project with monthly reports is never deleted by accident: the page and the API refuse (409) and say to
terminate it; only the city administrator deletes it, with a reason that the reports' history and the audit log
keep. Other depended-on rows (a region with projects) are refused the same way."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.deletion import delete_with_reason
from core.models import AuditAction, AuditEvent, Region
from core.testing import user_for
from projects.models import Project
from projects.testing import make_project
from scheduling.choices import ReviewDecision
from scheduling.models import MonthlyReport
from scheduling.services import review_month, submit_month
from scheduling.tests.helpers import save_fresh

pytestmark = pytest.mark.django_db
APRIL, MAY = dt.date(2024, 4, 1), dt.date(2024, 5, 1)
REASON = "重复录入：与鲅鱼圈港区码头项目为同一项目"


@pytest.fixture
def reported_project():
    """A continuing project in 鲅鱼圈区 with an approved April report and a draft for May."""
    project = make_project(
        stage="continuing", actual_start=dt.date(2023, 4, 1), region="210804", total_investment=D("1000")
    )
    clerk = user_for("byq")
    save_fresh(clerk, project, APRIL, {"month_amount": D("100"), "ytd_amount": None, "total_amount": D("300")})
    submit_month(clerk, project.region, APRIL)
    review_month(user_for("admin"), Region.objects.get(code="210804"), APRIL, ReviewDecision.APPROVED)
    save_fresh(clerk, project, MAY, {"month_amount": D("50"), "ytd_amount": None, "total_amount": None})
    return project


def test_the_api_refuses_with_409_and_keeps_everything(reported_project, api_as):
    response = api_as("admin").delete(reverse("projects-api:project-detail", args=[reported_project.pk]))
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "月度调度表 2 条" in detail and "终止" in detail
    assert MonthlyReport.objects.filter(project=reported_project).count() == 2
    assert Project.objects.filter(pk=reported_project.pk).exists()


def test_the_page_refuses_and_offers_the_admin_a_reason(reported_project, login):
    client = login("admin")
    url = reverse("projects:project_delete", args=[reported_project.pk])
    warned = client.get(url).content.decode()  # said before anyone confirms
    assert "月度调度表 2 条" in warned and 'name="reason"' in warned and "确认删除" not in warned
    refused = client.post(url)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "月度调度表 2 条" in page and "终止" in page and 'name="reason"' in page
    assert MonthlyReport.objects.filter(project=reported_project).count() == 2


def test_a_district_clerk_is_refused_without_the_reason_form(reported_project, login):
    refused = login("byq").post(reverse("projects:project_delete", args=[reported_project.pk]))
    assert refused.status_code in (403, 409)
    assert 'name="reason"' not in refused.content.decode()
    forced = login("byq").post(reverse("projects:project_delete", args=[reported_project.pk]), {"reason": REASON})
    assert forced.status_code in (403, 409)
    assert Project.objects.filter(pk=reported_project.pk).exists()


def test_the_admin_deletes_with_a_reason_and_the_history_keeps_it(reported_project, login):
    report_ids = list(MonthlyReport.objects.filter(project=reported_project).values_list("pk", flat=True))
    client = login("admin")
    url = reverse("projects:project_delete", args=[reported_project.pk])
    too_short = client.post(url, {"reason": "删"})
    assert too_short.status_code == 400 and Project.objects.filter(pk=reported_project.pk).exists()
    done = client.post(url, {"reason": REASON})
    assert done.status_code == 302
    assert not Project.objects.filter(pk=reported_project.pk).exists()
    assert not MonthlyReport.objects.filter(pk__in=report_ids).exists()
    # Every earlier version of the reports survives in their history, and their deletion carries the reason.
    history = MonthlyReport.history.filter(id__in=report_ids)
    assert history.filter(history_type="+").count() == 2
    deletions = history.filter(history_type="-")
    assert deletions.count() == 2 and set(deletions.values_list("history_change_reason", flat=True)) == {REASON}
    assert Project.history.filter(id=reported_project.pk, history_type="-").get().history_change_reason == REASON
    event = AuditEvent.objects.get(action=AuditAction.DELETED_WITH_REASON)
    assert event.detail["reason"] == REASON and event.detail["dependents"] == 2
    assert event.username == user_for("admin").username


def test_delete_with_reason_is_for_the_city_admin_only(reported_project):
    with pytest.raises(PermissionDenied):
        delete_with_reason(reported_project, user_for("byq"), REASON)
    with pytest.raises(ValidationError):
        delete_with_reason(reported_project, user_for("admin"), "  ")
    assert MonthlyReport.objects.filter(project=reported_project).count() == 2


def test_terminating_is_the_way_a_project_with_reports_leaves(reported_project):
    """The advice the refusal gives is a real path: the project can be terminated and its reports stay."""
    reported_project.stage = "terminated"
    reported_project.save()
    assert MonthlyReport.objects.filter(project=reported_project).count() == 2


def test_a_project_without_reports_is_deleted_as_before(api_as, login):
    plain = make_project(name="无调度的储备项目", stage="planning")
    assert api_as("admin").delete(reverse("projects-api:project-detail", args=[plain.pk])).status_code == 204
    other = make_project(name="另一个无调度的储备项目", stage="planning")
    assert login("admin").post(reverse("projects:project_delete", args=[other.pk])).status_code == 302
    assert not Project.objects.filter(pk__in=[plain.pk, other.pk]).exists()


def test_a_region_with_projects_is_refused_with_409(two_projects, api_as, login):
    region = Region.objects.get(code="210804")
    response = api_as("admin").delete(reverse("core-api:region-detail", args=[region.pk]))
    assert response.status_code == 409 and "不能删除" in response.json()["detail"]
    page = login("admin").post(reverse("core:region_delete", args=[region.pk]))
    assert page.status_code == 409 and 'name="reason"' not in page.content.decode()
    assert Region.objects.filter(pk=region.pk).exists()
