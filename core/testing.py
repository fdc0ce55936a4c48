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


__all__ = [
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


class StandardViewTests:
    """The standard page tests of a model, driven by class attributes (NetBox's ViewTestCases, kept small).

    A subclass sets `url_name` (e.g. "projects:project"), `make()` returning a saved object, `form_data()`
    returning a valid POST for the edit form, and optionally `editor`/`reader` roles. It then gets: list,
    detail, export, create, edit (recorded in history), delete, and a read-only role refused with 403.
    """

    pytestmark = pytest.mark.django_db
    url_name: str = ""
    editor = "admin"
    reader = "leader"

    def make(self):
        raise NotImplementedError

    def form_data(self) -> dict:
        raise NotImplementedError

    @property
    def model(self):
        return type(self.make())

    def _url(self, suffix="", *args):
        from django.urls import reverse

        return reverse(f"{self.url_name}{suffix}", args=args)

    def test_list_detail_and_export(self, login):
        obj = self.make()
        client = login(self.editor)
        assert str(obj) in client.get(self._url("_list")).content.decode()
        assert client.get(self._url("", obj.pk)).status_code == 200
        export = client.get(self._url("_list"), {"export": "xlsx"})
        assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_create(self, login):
        model = self.model
        before = model.objects.count()
        response = login(self.editor).post(self._url("_add"), self.form_data())
        errors = response.context["form"].errors if response.context and "form" in response.context else ""
        assert response.status_code == 302, errors
        assert model.objects.count() == before + 1

    def test_edit_is_recorded(self, login):
        obj = self.make()
        response = login(self.editor).post(self._url("_edit", obj.pk), self.form_data())
        errors = response.context["form"].errors if response.context and "form" in response.context else ""
        assert response.status_code == 302, errors
        assert obj.history.filter(history_type="~").exists()

    def test_delete(self, login):
        obj = self.make()
        client = login(self.editor)
        assert client.get(self._url("_delete", obj.pk)).status_code == 200
        assert client.post(self._url("_delete", obj.pk)).status_code == 302
        assert not type(obj).objects.filter(pk=obj.pk).exists()

    def test_reader_cannot_change(self, login):
        obj = self.make()
        client = login(self.reader)
        assert client.get(self._url("", obj.pk)).status_code == 200
        assert client.get(self._url("_edit", obj.pk)).status_code == 403
        assert client.post(self._url("_delete", obj.pk)).status_code == 403


class StandardAPITests:
    """The standard API tests of a model: list, retrieve, create, update, delete by the editor; reader refused."""

    pytestmark = pytest.mark.django_db
    basename: str = ""  # e.g. "projects-api:project"
    editor = "admin"
    reader = "leader"

    def make(self):
        raise NotImplementedError

    def create_data(self) -> dict:
        raise NotImplementedError

    update_data: dict = {}

    def _url(self, suffix, *args):
        from django.urls import reverse

        return reverse(f"{self.basename}-{suffix}", args=args)

    def test_crud(self, api_as):
        obj = self.make()
        api = api_as(self.editor)
        assert api.get(self._url("list")).status_code == 200
        assert api.get(self._url("detail", obj.pk)).status_code == 200
        created = api.post(self._url("list"), self.create_data(), format="json")
        assert created.status_code == 201, created.content
        updated = api.patch(self._url("detail", obj.pk), self.update_data, format="json")
        assert updated.status_code == 200, updated.content
        assert api.delete(self._url("detail", created.json()["id"])).status_code == 204

    def test_reader_is_refused(self, api_as):
        obj = self.make()
        api = api_as(self.reader)
        assert api.get(self._url("detail", obj.pk)).status_code == 200
        assert api.patch(self._url("detail", obj.pk), self.update_data, format="json").status_code == 403
        assert api.post(self._url("list"), self.create_data(), format="json").status_code == 403
