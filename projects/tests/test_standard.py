"""Standard page and API tests for the project library models, declared as data."""

from core.models import Region
from core.testing import StandardAPITests, StandardViewTests
from projects.models import ListKind, ProjectList
from projects.testing import make_project


def _kind():
    return ListKind.objects.get_or_create(code="test_kind", defaults={"name": "测试类别"})[0]


class TestProjectViews(StandardViewTests):
    url_name = "projects:project"

    def make(self):
        return make_project(name="营口测试储能电站项目")

    def form_data(self):
        return {
            "name": "营口测试风电项目",
            "owner": "营口测试新能源有限公司",
            "region": Region.objects.get(code="210804").pk,
            "total_investment": "88000.00",
            "stage": "preliminary",
            "industry": "energy",
            "plans-TOTAL_FORMS": "0",
            "plans-INITIAL_FORMS": "0",
        }


class TestProjectClerkViews(TestProjectViews):
    """The district operator does the same in their own district, but may not delete."""

    editor = "byq"

    def test_delete(self, login):
        obj = self.make()
        assert login(self.editor).post(self._url("_delete", obj.pk)).status_code == 403


class TestProjectListViews(StandardViewTests):
    url_name = "projects:projectlist"

    def make(self):
        return ProjectList.objects.create(kind=_kind(), name="2024年二季度集中开工")

    def form_data(self):
        return {"name": "2024年三季度集中开工", "kind": _kind().pk, "year": 2024, "sort_order": 5}


class TestProjectAPI(StandardAPITests):
    basename = "projects-api:project"
    update_data = {"address": "营口市鲅鱼圈区新港路1号"}

    def make(self):
        return make_project(name="营口测试码头项目")

    def create_data(self):
        return {
            "name": "营口测试物流园项目",
            "owner": "营口测试物流有限公司",
            "region": "210804",
            "total_investment": "5000",
        }


class TestProjectListAPI(StandardAPITests):
    basename = "projects-api:projectlist"
    update_data = {"description": "测试说明"}

    def make(self):
        return ProjectList.objects.create(kind=_kind(), name="测试清单甲")

    def create_data(self):
        return {"name": "测试清单乙", "kind": _kind().code}
