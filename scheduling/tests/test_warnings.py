"""The warning rules on hand-made data: project lights and their reasons, district lights, boundaries, scope."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Region
from core.testing import commit_data_version, user_for
from projects.models import InvestmentPlan, Project
from projects.testing import make_project
from scheduling.choices import Light, ReasonKind, ReportStatus
from scheduling.lights import (
    completion_reason,
    district_lights,
    judge_district,
    project_lights,
    visible_district_ids,
)
from scheduling.models import GrowthTarget, MonthlyReport
from scheduling.models.profiles import LINEAR

# Mid-July 2024: January to June have ended (序时进度 50%), June's report fell due on Friday 5 July.
AS_OF = dt.date(2024, 7, 15)
RATIOS = (D("1.0"), D("0.8"))


def report(project, year, month, amount, status=ReportStatus.APPROVED):
    """One month's report with its cumulatives computed from the earlier rows of the same project."""
    earlier = MonthlyReport.objects.filter(project=project, period__year=year, period__month__lt=month)
    ytd = sum((r.month_amount for r in earlier), D("0")) + D(amount)
    return MonthlyReport.objects.create(
        project=project,
        period=dt.date(year, month, 1),
        month_amount=D(amount),
        ytd_amount=ytd,
        total_amount=ytd,
        status=status,
    )


def building(region="210804", **kwargs):
    return make_project(region=region, stage="continuing", actual_start=dt.date(2023, 3, 1), **kwargs)


# --- the completion rule, exactly at its boundaries ------------------------------------------------------------


@pytest.mark.parametrize(
    "ytd, light",
    [
        ("500.00", Light.GREEN),  # exactly on schedule: half the plan after half the year
        ("499.99", Light.YELLOW),
        ("400.00", Light.YELLOW),  # exactly at the yellow line (0.8 × 50%)
        ("399.99", Light.RED),
        ("0", Light.RED),
    ],
)
def test_completion_against_the_share_of_the_year_elapsed(ytd, light):
    assert completion_reason(D(ytd), D("1000"), LINEAR[5], *RATIOS).light == light


def test_completion_reason_names_the_figures():
    reason = completion_reason(D("1234"), D("3500"), LINEAR[4], *RATIOS)
    assert reason.light == Light.YELLOW and reason.kind == ReasonKind.COMPLETION
    assert reason.text == (
        "本年完成投资 1,234.00 万元，占年度计划 3,500.00 万元的 35.3%，序时进度 41.7%，低于绿灯线 41.7%。"
    )
    assert reason.figures["completion_pct"] == D("35.3") and reason.figures["yellow_line_pct"] == D("33.3")
    red = completion_reason(D("1000"), D("3500"), LINEAR[4], *RATIOS)
    assert red.light == Light.RED
    assert red.text.endswith("占年度计划 3,500.00 万元的 28.6%，序时进度 41.7%，低于黄灯线 33.3%。")


def test_thresholds_come_from_settings(settings, db):
    settings.GONGJIAN_SCHEDULING = {"PROJECT_GREEN_RATIO": D("0.9"), "MISSING_REPORT_LIGHT": "red"}
    project = building(name="阈值测试项目")
    InvestmentPlan.objects.create(project=project, year=2024, amount=D("1200"))
    for month in range(1, 7):
        report(project, 2024, month, "90")  # 540 of 1200 = 45%, the green line is 50% × 0.9 = 45%
    assert lights_by_name([project.pk])["阈值测试项目"].light == Light.GREEN
    MonthlyReport.objects.filter(project=project, period=dt.date(2024, 6, 1)).update(status=ReportStatus.RETURNED)
    light = lights_by_name([project.pk])["阈值测试项目"]
    assert light.light == Light.RED and light.has_kind(ReasonKind.REPORT_MISSING)
    assert "被退回后尚未重新报送" in light.reasons[-1].text


# --- project lights on a small city ----------------------------------------------------------------------------


@pytest.fixture
def city(db):
    """Five projects, one for each situation the rules know."""
    on_track = building(name="进度正常项目")
    InvestmentPlan.objects.create(project=on_track, year=2024, amount=D("1200"))
    behind = building(name="进度滞后项目")
    InvestmentPlan.objects.create(project=behind, year=2024, amount=D("1200"))
    no_plan = building(name="无计划项目", region="210881", responsible_department="gxj")
    for month in range(1, 7):
        report(on_track, 2024, month, "100")
        report(no_plan, 2024, month, "10")
        # June's report of the late project is still a draft after the deadline.
        report(behind, 2024, month, "50", ReportStatus.DRAFT if month == 6 else ReportStatus.APPROVED)
    return {
        "on_track": on_track,
        "behind": behind,
        "no_plan": no_plan,
        "not_started": make_project(name="逾期未开工项目", stage="preliminary", planned_start=dt.date(2024, 3, 1)),
        "future": make_project(name="计划年底开工项目", stage="preliminary", planned_start=dt.date(2024, 12, 1)),
        "done": make_project(
            name="已投产项目", stage="operating", actual_start=dt.date(2021, 1, 1), actual_finish=dt.date(2023, 6, 30)
        ),
    }


def lights_by_name(projects, as_of=AS_OF):
    return {item.project.name: item for item in project_lights(Project.objects.filter(pk__in=projects), as_of)}


def test_each_project_gets_the_light_of_its_worst_reason(city):
    lights = lights_by_name([p.pk for p in city.values()])
    assert set(lights) == {"进度正常项目", "进度滞后项目", "无计划项目", "逾期未开工项目"}  # the others get none

    assert lights["进度正常项目"].light == Light.GREEN
    on_track = lights["进度正常项目"].reasons[0].text
    assert "占年度计划 1,200.00 万元的 50.0%，序时进度 50.0%，达到绿灯线 50.0%" in on_track

    behind = lights["进度滞后项目"]
    assert behind.light == Light.RED
    kinds = {reason.kind: reason for reason in behind.reasons}
    assert kinds[ReasonKind.COMPLETION].light == Light.RED
    assert "250.00 万元" in kinds[ReasonKind.COMPLETION].text  # only the five approved months count
    assert kinds[ReasonKind.REPORT_MISSING].light == Light.YELLOW
    assert kinds[ReasonKind.REPORT_MISSING].text == "2024-06 月报已于 2024-07-05 截止，已填草稿但未报送。"

    assert lights["无计划项目"].light == Light.GREY
    assert lights["无计划项目"].reasons[0].kind == ReasonKind.NO_PLAN

    not_started = lights["逾期未开工项目"]
    assert not_started.light == Light.RED
    assert "计划 2024-03-01 开工，截至 2024-07-15 仍未开工，已逾期 136 天。" in [r.text for r in not_started.reasons]
    assert [item.project.name for item in project_lights_list(city)][:2] == ["进度滞后项目", "逾期未开工项目"]


def project_lights_list(city):
    return project_lights(Project.objects.filter(pk__in=[p.pk for p in city.values()]), AS_OF)


def test_a_report_is_not_missing_before_its_deadline(city):
    # On 3 July June's report is still on time, so May's (submitted) is the one judged: nothing is missing.
    lights = lights_by_name([city["behind"].pk], dt.date(2024, 7, 3))
    assert not lights["进度滞后项目"].has_kind(ReasonKind.REPORT_MISSING)


def test_a_project_that_owes_no_report_yet_is_not_late(db):
    started_late = make_project(name="七月开工项目", stage="new_start", actual_start=dt.date(2024, 7, 2))
    lights = lights_by_name([started_late.pk])
    assert not lights["七月开工项目"].has_kind(ReasonKind.REPORT_MISSING)


def test_lights_cost_a_fixed_number_of_queries(city, django_assert_max_num_queries):
    for index in range(10):
        project = building(name=f"批量项目{index}")
        InvestmentPlan.objects.create(project=project, year=2024, amount=D("100"))
    with django_assert_max_num_queries(8):
        assert len(project_lights(Project.objects.all(), AS_OF)) == 14


def test_project_lights_follow_the_users_scope(city):
    names = {item.project.name for item in project_lights(Project.objects.restrict(user_for("gz")), AS_OF)}
    assert names == {"无计划项目"}


# --- district lights --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "growth, target, city_growth, light",
    [
        ("8.0", "8.0", "8.0", Light.GREEN),  # exactly at the target and at the city's growth
        ("9.5", "8.0", "7.0", Light.GREEN),
        ("7.9", "8.0", "5.0", Light.YELLOW),  # below the target
        ("8.5", "8.0", "9.0", Light.YELLOW),  # below the city
        ("0.0", "5.0", "3.0", Light.YELLOW),  # zero growth is not negative
        ("-0.1", None, "3.0", Light.RED),  # negative is red, target or not
        ("3.0", None, "3.0", Light.GREY),  # no target: cannot judge
        (None, "5.0", "3.0", Light.GREY),  # no figures last year
    ],
)
def test_the_published_district_rule(growth, target, city_growth, light):
    as_decimal = lambda value: None if value is None else D(value)  # noqa: E731
    found, reasons = judge_district(as_decimal(growth), as_decimal(target), as_decimal(city_growth), 2024)
    assert found == light and reasons and all(reason.text for reason in reasons)


def test_district_reasons_read_as_sentences():
    _light, reasons = judge_district(D("5.0"), D("8.0"), D("3.2"), 2024)
    assert reasons[0].text == "累计投资同比增长 5.0%，低于目标 8.0%，不低于全市 3.2%。"
    _light, reasons = judge_district(D("-3.2"), None, D("3.2"), 2024)
    assert reasons[0].text == "累计投资同比增长 -3.2%，为负增长。"
    _light, reasons = judge_district(D("3.0"), None, D("3.2"), 2024)
    assert "未设定 2024 年投资增速目标" in reasons[0].text


def test_district_lights_from_reports_and_targets(db):
    byq, gz = Region.objects.get(code="210804"), Region.objects.get(code="210881")
    growing, shrinking = building(region="210804"), building(region="210881")
    for month in range(1, 7):
        report(growing, 2023, month, "100")
        report(growing, 2024, month, "110")  # +10%
        report(shrinking, 2023, month, "100")
        report(shrinking, 2024, month, "90")  # -10%
    GrowthTarget.objects.create(region=byq, year=2024, target_pct=D("10.0"))
    result = district_lights([byq.pk, gz.pk], AS_OF)
    assert result["city"]["yoy_pct"] == D("0.0") and result["through"] == dt.date(2024, 6, 1)
    lights = {item.region.code: item for item in result["districts"]}
    assert lights["210804"].light == Light.GREEN and lights["210804"].growth_pct == D("10.0")
    assert lights["210881"].light == Light.RED and lights["210881"].target_pct is None
    GrowthTarget.objects.filter(region=byq).update(target_pct=D("10.1"))
    assert district_lights([byq.pk], AS_OF)["districts"][0].light == Light.YELLOW


def test_district_figures_are_kept_until_the_data_changes(db):
    byq = Region.objects.get(code="210804")
    growing = building(region="210804")
    for month in range(1, 7):
        report(growing, 2023, month, "100")
        report(growing, 2024, month, "110")
    commit_data_version()
    assert district_lights([byq.pk], AS_OF)["districts"][0].growth_pct == D("10.0")
    with CaptureQueriesContext(connection) as queries:  # kept: no report is read again on the same data
        assert district_lights([byq.pk], AS_OF)["districts"][0].growth_pct == D("10.0")
    assert not [query for query in queries if "scheduling_monthlyreport" in query["sql"]]
    MonthlyReport.objects.filter(project=growing, period=dt.date(2024, 6, 1)).update(month_amount=D("170"))
    commit_data_version()
    assert district_lights([byq.pk], AS_OF)["districts"][0].growth_pct == D("20.0")


def test_district_lights_are_shown_to_whom_sees_all_their_projects(db):
    byq = Region.objects.get(code="210804")
    assert set(visible_district_ids(user_for("admin"))) == set(Region.objects.ranked().values_list("pk", flat=True))
    assert visible_district_ids(user_for("byq")) == [byq.pk]
    assert visible_district_ids(user_for("zrzy")) == []  # a department sees part of each district only
