"""Standard page and API tests for the base layer's models: declared as data, run by the base classes."""

from core.models import Department, Region
from core.testing import StandardAPITests, StandardViewTests


class TestDepartmentViews(StandardViewTests):
    url_name = "core:department"

    def make(self):
        return Department.objects.create(code="tjj", name="营口市统计局", short_name="统计局")

    def form_data(self):
        # aliases: the words imports also accept for the department, edited by the city on this form
        return {
            "code": "tjj2",
            "name": "营口市统计局（新）",
            "short_name": "统计局",
            "aliases": "统计委",
            "sort_order": 50,
        }


class TestRegionViews(StandardViewTests):
    url_name = "core:region"

    def make(self):
        return Region.objects.create(
            code="YK-TEST", name="测试功能区", kind="zone", parent=Region.objects.get(code="210800")
        )

    def form_data(self):
        return {"code": "YK-TEST2", "name": "测试园区", "kind": "zone", "sort_order": 60}


class TestDepartmentAPI(StandardAPITests):
    basename = "core-api:department"
    update_data = {"short_name": "统计", "aliases": "统计委、统计处"}

    def make(self):
        return Department.objects.create(code="tjj", name="营口市统计局", short_name="统计局")

    def create_data(self):
        return {"code": "yjj", "name": "营口市应急管理局", "short_name": "应急局"}
