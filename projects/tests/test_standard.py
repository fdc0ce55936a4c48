"""Standard page and API tests for the project library models, declared as data."""

from decimal import Decimal

from core.models import Region
from core.testing import StandardAPITests, StandardViewTests, user_for
from projects.models import InvestmentPlan, ListKind, ListMembership, Project, ProjectList
from projects.testing import make_project


def _kind():
    return ListKind.objects.get_or_create(code="test_kind", defaults={"name": "测试类别"})[0]


def _list():
    return ProjectList.objects.get_or_create(kind=_kind(), name="测试清单丙")[0]


class TestProjectViews(StandardViewTests):
    """A 鲅鱼圈区 project: the 盖州市 clerk never meets it."""

    model = Project
    outsider = "gz"

    def make(self):
        return make_project(name="营口测试储能电站项目")

    def form_data(self):
        return {
            "name": "营口测试风电项目",
            "owner": "营口测试新能源有限公司",
            "region": Region.objects.get(code="210804").pk,
            "total_investment": "88000.07",
            "stage": "preliminary",
            "industry": "energy",
            "address": "营口市鲅鱼圈区测试路8号",
            "longitude": "122.123456",
            "latitude": "40.654321",
            "planned_start": "2024-09-01",
            "plans-TOTAL_FORMS": "0",
            "plans-INITIAL_FORMS": "0",
        }


class TestProjectClerkViews(TestProjectViews):
    """The district operator does the same in their own district, but may not delete."""

    editor = "byq"

    def test_delete(self, client):
        obj = self.make()
        client.force_login(user_for("byq"))
        assert client.post(self.url("_delete", obj.pk)).status_code == 403
        assert Project.objects.filter(pk=obj.pk).exists()


class TestProjectListViews(StandardViewTests):
    model = ProjectList

    def make(self):
        return ProjectList.objects.create(kind=_kind(), name="2024年二季度集中开工")

    def form_data(self):
        return {"name": "2024年三季度集中开工", "kind": _kind().pk, "year": 2024, "sort_order": 5}


class TestProjectAPI(StandardAPITests):
    model = Project
    outsider = "gz"
    update_data = {"address": "营口市鲅鱼圈区新港路1号", "total_investment": "12345.68"}

    def make(self):
        return make_project(name="营口测试码头项目")

    def create_data(self):
        return {
            "name": "营口测试物流园项目",
            "owner": "营口测试物流有限公司",
            "region": "210804",
            "total_investment": "5000.01",
            "responsible_department": "gxj",
        }


class TestInvestmentPlanAPI(StandardAPITests):
    model = InvestmentPlan
    outsider = "gz"
    update_data = {"amount": "4321.09"}

    def make(self):
        project = make_project(name="营口测试计划项目")
        return InvestmentPlan.objects.create(project=project, year=2024, amount=Decimal("1000.00"))

    def create_data(self):
        project = Project.objects.get(name="营口测试计划项目")
        return {"project": project.pk, "year": 2025, "amount": "2000.55"}


class TestProjectListAPI(StandardAPITests):
    model = ProjectList
    update_data = {"description": "测试说明"}

    def make(self):
        return ProjectList.objects.create(kind=_kind(), name="测试清单甲")

    def create_data(self):
        return {"name": "测试清单乙", "kind": _kind().code, "year": 2024, "in_key_library": True}


class TestListKindAPI(StandardAPITests):
    model = ListKind
    update_data = {"name": "测试类别（改）", "sort_order": 9}

    def make(self):
        return _kind()

    def create_data(self):
        return {"code": "test_kind2", "name": "测试类别乙", "is_cluster": True, "has_date": False, "sort_order": 3}


class TestListMembershipAPI(StandardAPITests):
    """A project's place on a list is read within the project's scope and kept by the city."""

    model = ListMembership
    outsider = "gz"
    update_data = {"note": "测试备注"}

    def make(self):
        return ListMembership.objects.create(project=make_project(name="营口测试清单项目"), project_list=_list())

    def create_data(self):
        other = ProjectList.objects.create(kind=_kind(), name="测试清单丁")
        return {"project": Project.objects.get(name="营口测试清单项目").pk, "project_list": other.pk, "note": "备注"}
