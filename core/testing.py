"""Base test helpers: users by role, clients logged in as them, and the permission matrix (apps' factories live
in their own `testing` modules, e.g. projects.testing).

Standard tests are data: a test module lists what each role should get on an object inside and outside its
scope, and `expected_status` turns that into HTTP status codes, so every model's page and endpoint is checked the
same way.
"""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import User
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


def commit_data_version(using: str = "default") -> None:
    """Move the data version on for the writes a test made, as their commit would (a test's transaction never
    commits, and until it does core.cache computes afresh for the writing connection)."""
    from django.db import connections

    for _, func, *_ in connections[using].run_on_commit:
        if getattr(func, "data_version_bump", False) and not func.done:
            func()


__all__ = [
    "commit_data_version",
    "demo_data",
    "reference_data",
    "restore_reference_data",
    "ROLES",
    "user_for",
    "expected_status",
    "login",
    "api_as",
    "StandardViewTests",
    "StandardAPITests",
]


def clear_organisations() -> None:
    """Delete every region, department and user, so a test can set up a city as on a fresh installation."""
    from core.choices import RegionKind
    from core.models import Department, Region, User

    User.objects.all().delete()
    Department.objects.all().delete()
    for kind in (RegionKind.TOWNSHIP, RegionKind.ZONE, RegionKind.DISTRICT, RegionKind.COUNTY_CITY, RegionKind.COUNTY):
        Region.objects.filter(kind=kind).delete()
    Region.objects.filter(kind=RegionKind.CITY).delete()
    Region.objects.all().delete()
