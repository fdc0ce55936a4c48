"""The warnings page, its export and API, the 预警 filter of the project list, and the growth target pages."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from core.models import Region
from core.testing import StandardAPITests, StandardViewTests
from projects.models import InvestmentPlan
from projects.testing import make_project
from scheduling.choices import ReportStatus
from scheduling.models import GrowthTarget, MonthlyReport

pytestmark = pytest.mark.django_db
AS_OF = "2024-07-15"
WARNINGS = reverse("scheduling:warnings")


@pytest.fixture
def projects():
    """A late project in 鲅鱼圈区 (red: behind its plan) and one on track in 盖州市 (green), with last year's months."""
    started = dt.date(2023, 3, 1)
    late = make_project(name="鲅鱼圈滞后测试项目", stage="continuing", actual_start=started, region="210804")
    good = make_project(
        name="盖州正常测试项目",
        stage="continuing",
        actual_start=started,
        region="210881",
        responsible_department="gxj",
    )
    for project, amount in ((late, "10"), (good, "100")):
        InvestmentPlan.objects.create(project=project, year=2024, amount=D("1200"))
        for year in (2023, 2024):
            for month in range(1, 7):
                MonthlyReport.objects.create(
                    project=project,
                    period=dt.date(year, month, 1),
                    month_amount=D(amount),
                    ytd_amount=D(amount) * month,
                    total_amount=D(amount) * month,
                    status=ReportStatus.APPROVED,
                )
    GrowthTarget.objects.create(region=Region.objects.get(code="210881"), year=2024, target_pct=D("5.0"))
    return {"late": late, "good": good}


def test_the_city_sees_every_district_and_project(login, projects):
    page = login("leader").get(WARNINGS, {"as_of": AS_OF})
    assert page.status_code == 200
    html = page.content.decode()
    assert "鲅鱼圈滞后测试项目" in html and "盖州正常测试项目" in html
    districts = {item.region.code: item for item, _badge in page.context["districts"]}
    assert districts["210881"].light == "yellow"  # 0.0% growth, below its target of 5.0%
    assert districts["210804"].light == "grey" and "未设定 2024 年投资增速目标" in districts["210804"].reasons[0].text
    red = login("leader").get(WARNINGS, {"as_of": AS_OF, "light": "red"}).content.decode()
    assert "鲅鱼圈滞后测试项目" in red and "盖州正常测试项目" not in red


def test_a_district_sees_its_own_lights_only(login, projects):
    page = login("byq").get(WARNINGS, {"as_of": AS_OF})
    html = page.content.decode()
    assert "鲅鱼圈滞后测试项目" in html and "盖州正常测试项目" not in html
    assert [item.region.code for item, _badge in page.context["districts"]] == ["210804"]
    # A department user sees its projects' lights but no district lights (it does not see whole districts).
    page = login("zrzy").get(WARNINGS, {"as_of": AS_OF})
    assert page.context["districts"] == [] and "no-district-lights" in page.content.decode()


def test_filters_by_cause_and_export(login, projects):
    client = login("admin")
    page = client.get(WARNINGS, {"as_of": AS_OF, "kind": "completion"})
    assert [item.project.name for item in page.context["table"].data] == ["鲅鱼圈滞后测试项目"]
    export = client.get(WARNINGS, {"as_of": AS_OF, "export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_warnings_api(api_as, projects):
    url = reverse("scheduling-api:warnings-projects")
    body = api_as("admin").get(url, {"as_of": AS_OF}).json()
    assert body["as_of"] == AS_OF and body["count"] == 2
    late = body["results"][0]
    assert late["name"] == "鲅鱼圈滞后测试项目" and late["light"] == "red"
    assert late["plan"] == "1200.00" and late["ytd"] == "60.00" and late["completion_pct"] == "5.0"
    assert late["reasons"][0]["kind"] == "completion" and "低于黄灯线 40.0%" in late["reasons"][0]["text"]

    clerk = api_as("gz")
    assert [r["name"] for r in clerk.get(url, {"as_of": AS_OF}).json()["results"]] == ["盖州正常测试项目"]
    assert clerk.get(url, {"as_of": AS_OF, "light": "red"}).json()["count"] == 0
    assert clerk.get(url, {"as_of": "2024-13-01"}).status_code == 400

    districts = clerk.get(reverse("scheduling-api:warnings-districts"), {"as_of": AS_OF}).json()
    assert districts["through"] == "2024-06" and districts["city"]["growth_pct"] == "0.0"
    (gz,) = districts["results"]
    assert gz["region"] == "210881" and gz["light"] == "yellow" and gz["target_pct"] == "5.0"
    assert gz["reasons"][0]["text"] == "累计投资同比增长 0.0%，低于目标 5.0%，不低于全市 0.0%。"
    assert api_as("zrzy").get(reverse("scheduling-api:warnings-districts")).json()["results"] == []


def test_monthly_report_api_is_read_only_and_restricted(api_as, projects):
    url = reverse("scheduling-api:monthlyreport-list")
    clerk = api_as("byq")
    body = clerk.get(url, {"period": "2024-06"}).json()
    assert body["count"] == 1 and body["results"][0]["project_name"] == "鲅鱼圈滞后测试项目"
    assert body["results"][0]["period"] == "2024-06"
    assert clerk.get(url, {"period": "六月"}).status_code == 400
    other = MonthlyReport.objects.get(project=projects["good"], period=dt.date(2024, 6, 1))
    assert clerk.get(reverse("scheduling-api:monthlyreport-detail", args=[other.pk])).status_code == 404
    assert api_as("admin").post(url, {}, format="json").status_code == 405


def test_the_project_list_filters_by_light(login, api_as):
    overdue = make_project(name="早该开工测试项目", stage="preliminary", planned_start=dt.date(2024, 1, 1))
    make_project(name="远期开工测试项目", stage="preliminary", planned_start=dt.date(2099, 1, 1))
    page = login("byq").get(reverse("projects:project_list"), {"light": "red"}).content.decode()
    assert "早该开工测试项目" in page and "远期开工测试项目" not in page
    assert "预警" in login("byq").get(reverse("projects:project_list")).content.decode()
    found = api_as("byq").get(reverse("projects-api:project-list"), {"light": "red"}).json()
    assert [p["id"] for p in found["results"]] == [overdue.pk]
    assert api_as("gz").get(reverse("projects-api:project-list"), {"light": "red"}).json()["count"] == 0


def test_the_schema_documents_the_warnings(api_as):
    schema = api_as("admin").get(reverse("schema"), {"format": "json"}).json()
    assert "/api/scheduling/warnings/projects/" in schema["paths"]
    assert "/api/scheduling/warnings/districts/" in schema["paths"]
    root = api_as("observer").get(reverse("scheduling-api:api-root")).json()
    assert set(root) == {"reports", "targets"}


class TestGrowthTargetViews(StandardViewTests):
    url_name = "scheduling:growthtarget"

    def make(self):
        return GrowthTarget.objects.create(region=Region.objects.get(code="210804"), year=2024, target_pct=D("8.0"))

    def form_data(self):
        return {"region": Region.objects.get(code="210881").pk, "year": 2025, "target_pct": "6.5", "note": ""}

    def test_a_district_cannot_set_its_own_target(self, login):
        client = login("byq")
        assert client.get(self._url("_list")).status_code == 200
        assert client.post(self._url("_add"), self.form_data()).status_code == 403


class TestGrowthTargetAPI(StandardAPITests):
    basename = "scheduling-api:growthtarget"
    update_data = {"target_pct": "7.5"}

    def make(self):
        return GrowthTarget.objects.create(region=Region.objects.get(code="210804"), year=2024, target_pct=D("8.0"))

    def create_data(self):
        return {"region": "210881", "year": 2025, "target_pct": "6.5"}
