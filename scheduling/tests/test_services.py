"""Report rules, the draft → submitted → approved → revised flow, lateness and optimistic locking."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Region
from core.testing import user_for
from projects.testing import make_project
from scheduling.calendar import deadline_for
from scheduling.choices import ReportStatus, ReviewDecision
from scheduling.models import Holiday, MonthlyReport
from scheduling.services import (
    ReportConflict,
    expected_projects,
    months_progress,
    review_month,
    revise_report,
    save_report,
    submit_month,
)
from scheduling.tests.helpers import save_fresh

pytestmark = pytest.mark.django_db
MAY, APRIL, MARCH = dt.date(2024, 5, 1), dt.date(2024, 4, 1), dt.date(2024, 3, 1)


@pytest.fixture
def project():
    return make_project(
        stage="continuing", actual_start=dt.date(2023, 4, 1), region="210804", total_investment=D("1000")
    )


def figures(month, ytd=None, total=None, **extra):
    return {"month_amount": D(month), "ytd_amount": ytd and D(ytd), "total_amount": total and D(total), **extra}


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_blank_cumulatives_are_computed_from_earlier_months(project):
    clerk = user_for("byq")
    save_fresh(clerk, project, MARCH, figures("100", total="300"))
    report, changed = save_fresh(clerk, project, APRIL, figures("50"))
    assert changed and report.ytd_amount == D("150") and report.total_amount == D("350")
    assert report.status == ReportStatus.DRAFT


def test_each_rule_names_the_figure_and_the_reason(project):
    clerk = user_for("byq")
    save_fresh(clerk, project, MARCH, figures("100", total="300"))
    with pytest.raises(ValidationError) as excinfo:
        save_fresh(clerk, project, APRIL, figures("-1"))
    assert "本月完成投资不能为负数" in errors_of(excinfo)["month_amount"][0]
    with pytest.raises(ValidationError) as excinfo:
        save_fresh(clerk, project, APRIL, figures("50", ytd="120"))
    assert "应等于 1–4 月之和 150" in errors_of(excinfo)["ytd_amount"][0]
    with pytest.raises(ValidationError) as excinfo:
        save_fresh(clerk, project, APRIL, figures("50", total="200"))
    assert "不能小于上月累计 300" in errors_of(excinfo)["total_amount"][0]
    with pytest.raises(ValidationError) as excinfo:
        save_fresh(clerk, project, APRIL, figures("800"))
    assert "须填写超概算说明" in errors_of(excinfo)["overrun_explanation"][0]
    report, _ = save_fresh(clerk, project, APRIL, figures("800", overrun_explanation="设计变更增加配套工程"))
    assert report.total_amount == D("1100")
    assert MonthlyReport.objects.filter(project=project).count() == 2


def test_no_report_outside_the_construction_library():
    reserve = make_project(stage="preliminary", region="210804")
    with pytest.raises(ValidationError) as excinfo:
        save_fresh(user_for("byq"), reserve, MAY, figures("10"))
    assert "不在建设项目库" in errors_of(excinfo)["project"][0]
    finished = make_project(
        stage="completed", actual_start=dt.date(2023, 1, 1), actual_finish=dt.date(2024, 4, 20), region="210804"
    )
    save_fresh(user_for("byq"), finished, APRIL, figures("10"))  # reports its finishing month
    with pytest.raises(ValidationError):
        save_fresh(user_for("byq"), finished, MAY, figures("10"))


def test_scope_and_role_are_checked(project):
    with pytest.raises(PermissionDenied):
        save_fresh(user_for("gz"), project, MAY, figures("10"))
    with pytest.raises(PermissionDenied):
        save_fresh(user_for("leader"), project, MAY, figures("10"))


def test_saving_the_same_figures_changes_nothing(project):
    clerk = user_for("byq")
    report, changed = save_fresh(clerk, project, MAY, figures("10", progress="主体施工"))
    versions = report.history.count()
    again, changed_again = save_fresh(clerk, project, MAY, figures("10", progress="主体施工"))
    assert changed and not changed_again
    assert again.version == report.version and report.history.count() == versions


def test_stale_edit_is_refused_not_overwritten(project):
    clerk = user_for("byq")
    report, _ = save_fresh(clerk, project, MAY, figures("10"))
    loaded_version = report.version
    save_report(clerk, project, MAY, figures("20"), version=loaded_version)
    with pytest.raises(ReportConflict) as excinfo:
        save_report(clerk, project, MAY, figures("30"), version=loaded_version)
    assert "已被他人修改" in excinfo.value.message
    assert MonthlyReport.objects.get(pk=report.pk).month_amount == D("20")


def test_submit_review_lock_and_revise(project):
    clerk, admin = user_for("byq"), user_for("admin")
    region = Region.objects.get(code="210804")
    save_fresh(clerk, project, APRIL, figures("40", total="240"))
    save_fresh(clerk, project, MAY, figures("10"))
    other = make_project(stage="continuing", actual_start=dt.date(2023, 1, 1), region="210804")
    result = submit_month(clerk, region, MAY)
    assert [r.project for r in result.submitted] == [project]
    assert other in result.missing
    with pytest.raises(ValidationError):  # submitted: waiting for the city
        save_fresh(clerk, project, MAY, figures("11"))
    with pytest.raises(ValidationError):  # returning needs a comment
        review_month(admin, region, MAY, ReviewDecision.RETURNED)
    review_month(admin, region, MAY, ReviewDecision.RETURNED, "本月投资偏低，请核实")
    report = MonthlyReport.objects.get(project=project, period=MAY)
    assert report.status == ReportStatus.RETURNED and report.review_comment == "本月投资偏低，请核实"
    save_fresh(clerk, project, MAY, figures("12"))
    submit_month(clerk, region, MAY)
    with pytest.raises(PermissionDenied):
        review_month(clerk, region, MAY, ReviewDecision.APPROVED)
    review_month(admin, region, MAY, ReviewDecision.APPROVED)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.is_locked
    with pytest.raises(ValidationError):
        save_fresh(clerk, project, MAY, figures("13"))
    with pytest.raises(ValidationError) as excinfo:
        revise_report(admin, report, figures("13"), reason="", version=report.version)
    assert "修订原因" in errors_of(excinfo)["revision_reason"][0]
    with pytest.raises(PermissionDenied):
        revise_report(clerk, report, figures("13"), reason="统计口径调整", version=report.version)
    revised = revise_report(admin, report, figures("13"), reason="统计局核定后调整", version=report.version)
    assert revised.status == ReportStatus.REVISED and revised.ytd_amount == D("53")
    amounts = [h.month_amount for h in revised.history.order_by("history_date")]
    assert amounts[0] == D("10") and amounts[-1] == D("13")  # every version is kept
    assert revised.history.first().history_change_reason == "统计局核定后调整"


def test_changing_an_earlier_month_carries_into_later_months(project):
    clerk = user_for("byq")
    save_fresh(clerk, project, MARCH, figures("100", total="300"))
    save_fresh(clerk, project, APRIL, figures("50"))
    save_fresh(clerk, project, MARCH, figures("120", total="320"))
    april = MonthlyReport.objects.get(project=project, period=APRIL)
    assert (april.ytd_amount, april.total_amount) == (D("170"), D("370"))


def test_deadline_counts_working_days_on_the_city_calendar():
    # April 2024 ends on a Tuesday; 1–5 May is the Labour Day holiday, Saturday 11 May is worked instead.
    assert deadline_for(APRIL) == dt.date(2024, 5, 7)
    for day in range(1, 6):
        Holiday.objects.create(date=dt.date(2024, 5, day), name="劳动节")
    Holiday.objects.create(date=dt.date(2024, 5, 11), name="劳动节调休", is_workday=True)
    assert deadline_for(APRIL) == dt.date(2024, 5, 10)


def test_late_submission_is_marked(project):
    clerk = user_for("byq")
    save_fresh(clerk, project, MARCH, figures("5"))
    submit_month(clerk, Region.objects.get(code="210804"), MARCH)
    assert MonthlyReport.objects.get(project=project, period=MARCH).is_late  # long past April's deadline


def test_expected_projects_follow_the_library_and_start_date(project):
    later = make_project(stage="new_start", actual_start=dt.date(2024, 6, 10), region="210804")
    byq = Region.objects.get(code="210804").subtree_ids()
    assert project in expected_projects(byq, MAY) and later not in expected_projects(byq, MAY)
    assert later in expected_projects(byq, dt.date(2024, 6, 1))


def test_months_progress_counts_the_owed_and_the_missing_per_region_and_subtree(project):
    """Owed: in the construction library in the month (a project finished since counts) and started by its end; missing:
    owed without a report. A district's row and the city's (its subtree) count them alike."""
    clerk = user_for("byq")
    save_fresh(clerk, project, MAY, figures("10"))
    make_project(stage="continuing", actual_start=dt.date(2023, 1, 1), region="210804")  # owes, none saved
    make_project(
        stage="completed", actual_start=dt.date(2023, 1, 1), actual_finish=dt.date(2024, 5, 20), region="210881"
    )
    make_project(stage="continuing", actual_start=dt.date(2024, 6, 3), region="210881")  # starts after May: owes none
    make_project(stage="planning", region="210881")  # reserve library: owes none
    regions = list(Region.objects.filter(code__in=["210800", "210804", "210881"]).order_by("code"))
    rows = {row.region.code: row for row in months_progress(regions, MAY, user=user_for("admin"))}
    assert [(rows[code].expected, rows[code].missing) for code in ("210804", "210881", "210800")] == [
        (2, 1),
        (1, 1),
        (3, 2),
    ]
    assert rows["210804"].by_status["draft"] == 1
    # The district's clerk counts what the policy shows them: their own district's projects only.
    own = {row.region.code: row for row in months_progress(regions, MAY, user=clerk)}
    assert [(own[code].expected, own[code].missing) for code in ("210804", "210881", "210800")] == [
        (2, 1),
        (0, 0),
        (2, 1),
    ]
