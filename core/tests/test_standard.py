"""Standard page and API tests for the base layer's models: declared as data, run by the base classes."""

from core.models import AuditEvent, Department, Region, User
from core.testing import StandardAPITests, StandardViewTests, user_for


class TestDepartmentViews(StandardViewTests):
    model = Department

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
    model = Region

    def make(self):
        return Region.objects.create(
            code="YK-TEST", name="测试功能区", kind="zone", parent=Region.objects.get(code="210800")
        )

    def form_data(self):
        return {"code": "YK-TEST2", "name": "测试园区", "kind": "zone", "sort_order": 60}


class TestAuditEventViews(StandardViewTests):
    """The audit log is the city's alone: a district clerk meets none of its rows (the list refuses them)."""

    model = AuditEvent
    outsider = "gz"

    def make(self):
        return AuditEvent.objects.create(action="login", username="审计测试用户", path="/login/")


class TestDepartmentAPI(StandardAPITests):
    model = Department
    update_data = {"short_name": "统计", "aliases": "统计委、统计处"}

    def make(self):
        return Department.objects.create(code="tjj", name="营口市统计局", short_name="统计局")

    def create_data(self):
        return {"code": "yjj", "name": "营口市应急管理局", "short_name": "应急局"}


class TestRegionAPI(StandardAPITests):
    model = Region
    update_data = {"short_name": "测试区", "sort_order": 70}

    def make(self):
        return Region.objects.create(
            code="YK-TEST", name="测试功能区", kind="zone", parent=Region.objects.get(code="210800")
        )

    def create_data(self):
        return {"code": "YK-TEST3", "name": "测试新区", "kind": "zone", "parent": "210800", "sort_order": 61}


class TestUserAPI(StandardAPITests):
    """Accounts are read through the API (kept in the admin site): a clerk of another district is not listed."""

    model = User
    read_only = True
    outsider = "gz"

    def make(self):
        return user_for("byq")
