"""序时进度 as configuration: profile validation, which profile a region reads, and the lights that follow."""

import datetime as dt
from decimal import Decimal as D
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import Region
from core.testing import StandardViewTests
from projects.models import InvestmentPlan, Project
from projects.testing import make_project
from scheduling.models import MonthlyReport, SeasonalProfile
from scheduling.models.profiles import LINEAR, expected_share, expected_share_since, month_field
from scheduling.warnings import Light, ReasonKind, project_lights

# Liaoning's curve as the demo loads it: little in winter, a third by May, 45% by June.
LIAONING = ["3", "6", "13", "23", "34", "45", "55", "65", "75", "85", "93", "100"]
MAY, JUNE = dt.date(2024, 5, 1), dt.date(2024, 6, 1)


def profile(code: str, shares, name="测试曲线") -> SeasonalProfile:
    fields = {month_field(month): D(share) for month, share in enumerate(shares, start=1)}
    return SeasonalProfile(region=Region.objects.get(code=code), name=name, **fields)


# --- validation -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_valid_curve_is_accepted_and_saved():
    curve = profile("210800", LIAONING)
    curve.full_clean()
    curve.save()
    assert SeasonalProfile.objects.get().shares == [D(share) for share in LIAONING]


@pytest.mark.django_db
def test_a_falling_month_and_a_year_not_ending_at_100_are_refused_by_field():
    falling = profile("210800", ["3", "6", "13", "23", "34", "30", "55", "65", "75", "85", "93", "99.5"])
    with pytest.raises(ValidationError) as error:
        falling.full_clean()
    assert set(error.value.message_dict) == {"m06", "m12"}
    assert "不能低于上月（34%）" in error.value.message_dict["m06"][0]
    assert "必须为 100%" in error.value.message_dict["m12"][0]


@pytest.mark.django_db
def test_a_share_above_100_is_refused():
    with pytest.raises(ValidationError) as error:
        profile("210800", ["3", "6", "13", "23", "34", "45", "55", "65", "75", "85", "101", "100"]).full_clean()
    assert "m11" in error.value.message_dict


@pytest.mark.django_db
@settings(max_examples=30, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=11, max_size=11))
def test_any_non_decreasing_curve_ending_at_100_is_valid(shares):
    # decreasing curves are refused above; sorted ones ending at 100 must always pass
    curve = profile("210800", [*sorted(shares), D("100")])
    curve.full_clean()


# --- which curve a region reads -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_linear_time_where_nothing_is_configured():
    byq = Region.objects.get(code="210804")
    assert expected_share(byq, MAY) == Fraction(500, 12) == LINEAR[4]
    assert expected_share(byq, JUNE) == 50
    assert expected_share(None, dt.date(2024, 12, 1)) == 100


@pytest.mark.django_db
def test_a_district_reads_its_city_curve_unless_it_has_its_own():
    profile("210800", LIAONING, "辽宁").save()
    byq, gz = Region.objects.get(code="210804"), Region.objects.get(code="210881")
    assert expected_share(byq, MAY) == 34 and expected_share(gz, JUNE) == 45
    profile("210881", ["2", "4", "10", "20", "30", "42", "52", "62", "72", "82", "92", "100"], "盖州").save()
    assert expected_share(gz, JUNE) == 42  # the override
    assert expected_share(byq, JUNE) == 45  # the others keep the city's


@pytest.mark.django_db
def test_a_project_started_this_year_is_expected_the_share_of_its_months():
    profile("210800", LIAONING).save()
    byq = Region.objects.get(code="210804")
    # started in April: by June, (45 − 13) of the (100 − 13) left after March
    assert expected_share_since(byq, dt.date(2024, 4, 10), JUNE) == Fraction(45 - 13, 100 - 13) * 100
    assert expected_share_since(byq, dt.date(2023, 4, 10), JUNE) == 45  # continuing: the whole year
    assert expected_share_since(byq, dt.date(2024, 1, 5), JUNE) == 45


# --- the lights follow the curve ------------------------------------------------------------------------------


def _reports(project, amounts):
    ytd = D("0")
    for month, amount in enumerate(amounts, start=1):
        ytd += D(amount)
        MonthlyReport.objects.create(
            project=project,
            period=dt.date(2024, month, 1),
            month_amount=D(amount),
            ytd_amount=ytd,
            total_amount=ytd,
            status="approved",
        )


@pytest.mark.django_db
def test_a_spring_pace_is_red_on_linear_time_and_yellow_on_liaonings_curve():
    project = make_project(name="季节性项目", region="210804", stage="continuing", actual_start=dt.date(2023, 3, 1))
    InvestmentPlan.objects.create(project=project, year=2024, amount=D("1000"))
    _reports(project, ["10", "20", "70", "100", "100"])  # 300 of 1000 by the end of May
    as_of = dt.date(2024, 6, 20)  # May is judged; its report fell due on 7 June

    def light():
        [item] = project_lights(Project.objects.filter(pk=project.pk), as_of)
        return item

    linear = light()
    assert linear.light == Light.RED and "序时进度 41.7%，低于黄灯线 33.3%" in linear.reasons[0].text
    profile("210800", LIAONING).save()
    seasonal = light()
    assert seasonal.light == Light.YELLOW
    assert "占年度计划 1,000.00 万元的 30.0%，序时进度 34.0%，低于绿灯线 34.0%" in seasonal.reasons[0].text


@pytest.mark.django_db
def test_a_project_starting_after_the_day_is_not_judged_on_completion():
    project = make_project(name="六月开工项目", region="210804", stage="new_start", actual_start=dt.date(2024, 6, 18))
    InvestmentPlan.objects.create(project=project, year=2024, amount=D("1000"))
    [item] = project_lights(Project.objects.filter(pk=project.pk), dt.date(2024, 5, 31))
    assert item.light == Light.GREY and item.reasons[0].kind == ReasonKind.COMPLETION
    assert "尚未开工" in item.reasons[0].text


# --- the city keeps the curves --------------------------------------------------------------------------------


class TestSeasonalProfileViews(StandardViewTests):
    url_name = "scheduling:seasonalprofile"

    def make(self):
        curve = profile("210804", LIAONING, "鲅鱼圈曲线")
        curve.save()
        return curve

    def form_data(self):
        shares = {month_field(month): share for month, share in enumerate(LIAONING, start=1)}
        return {"region": Region.objects.get(code="210800").pk, "name": "辽宁季节性进度", "note": "", **shares}

    def test_a_district_cannot_change_the_curve(self, login):
        client = login("byq")
        assert client.get(self._url("_list")).status_code == 200
        assert client.post(self._url("_add"), self.form_data()).status_code == 403

    def test_a_falling_curve_is_refused_with_the_month_named(self, login):
        data = {**self.form_data(), "m06": "30"}
        response = login("admin").post(self._url("_add"), data)
        assert response.status_code == 400 and not SeasonalProfile.objects.exists()
        assert "不能低于上月（34%）" in response.content.decode()
