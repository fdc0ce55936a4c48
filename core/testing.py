"""Base test helpers: users by role, clients logged in as them, a project factory, and the permission matrix.

Standard tests are data: a test module lists what each role should get on an object inside and outside its
scope, and `expected_status` turns that into HTTP status codes, so every model's page and endpoint is checked the
same way.
"""

import datetime as dt
from decimal import Decimal

import factory
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import Department, Region, User
from core.testcases import StandardAPITests, StandardViewTests

# The demo accounts (see core.demo.ACCOUNTS) by the role they play in tests.
ROLES = {
    "admin": "city_admin",
    "leader": "leader_zhang",
    "byq": "byq_clerk",
    "gz": "gz_clerk",
    "zrzy": "zrzy_user",
    "observer": "observer",
}


class ProjectFactory(factory.django.DjangoModelFactory):
    """A valid project in 鲅鱼圈区 under 自然资源局 unless told otherwise."""

    class Meta:
        model = "projects.Project"

    name = factory.Sequence(lambda n: f"测试项目{n:04d}")
    owner = "营口测试建设有限公司"
    region = factory.LazyFunction(lambda: Region.objects.get(code="210804"))
    responsible_department = factory.LazyFunction(lambda: Department.objects.get(code="zrzyj"))
    total_investment = Decimal("12345.67")
    stage = "preliminary"
    planned_start = dt.date(2024, 9, 1)


def make_project(**kwargs):
    """Create a project with sensible defaults; region and department may be given by code."""
    if isinstance(kwargs.get("region"), str):
        kwargs["region"] = Region.objects.get(code=kwargs["region"])
    if isinstance(kwargs.get("responsible_department"), str):
        kwargs["responsible_department"] = Department.objects.get(code=kwargs["responsible_department"])
    return ProjectFactory(**kwargs)


def user_for(role: str) -> User:
    return User.objects.get(username=ROLES[role])


def expected_status(allowed: bool, visible: bool, ok: int = 200) -> int:
    """What a request should return: `ok` when allowed, 403 when the row is visible but the action is not, else 404."""
    if allowed:
        return ok
    return 403 if visible else 404


@pytest.fixture
def login(client):
    """login("byq") → a Django test client logged in as that role's demo account."""

    def _login(role: str):
        client.force_login(user_for(role))
        return client

    return _login


@pytest.fixture
def api_as():
    """api_as("byq") → a DRF client authenticated with that account's token (as `gongjian token` prints it)."""

    def _api(role: str):
        api = APIClient()
        token, _ = Token.objects.get_or_create(user=user_for(role))
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return _api


@pytest.fixture
def two_projects(db):
    """One project in 鲅鱼圈区 (自然资源局) and one in 盖州市 (工信局): inside and outside most scopes."""
    return {
        "byq": make_project(name="鲅鱼圈港区测试码头项目", region="210804", responsible_department="zrzyj"),
        "gz": make_project(name="盖州市测试镁材料项目", region="210881", responsible_department="gxj"),
    }


def _load_reference_data():
    from core.demo import load_accounts, load_organisations

    load_organisations()
    load_accounts()


@pytest.fixture
def reference_data(transactional_db):
    """For transactional tests: Yingkou's organisations and the demo accounts, whatever an earlier flush left."""
    _load_reference_data()


@pytest.fixture(scope="module")
def restore_reference_data(django_db_blocker):
    """Transactional tests flush every table at teardown, including the regions, departments and accounts the
    session-wide setup loaded for the other tests: a module using them loads those again when it is done."""
    yield
    with django_db_blocker.unblock():
        _load_reference_data()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The whole Yingkou demo, loaded once for a module (it takes seconds) and rolled back after its last test."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "load", stdout=StringIO())
        yield
        transaction.set_rollback(True)


__all__ = [
    "demo_data",
    "reference_data",
    "restore_reference_data",
    "ROLES",
    "ProjectFactory",
    "make_project",
    "user_for",
    "expected_status",
    "login",
    "api_as",
    "two_projects",
    "StandardViewTests",
    "StandardAPITests",
]
