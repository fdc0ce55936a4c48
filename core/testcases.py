"""Standard tests per model, declared as data (NetBox's `utilities.testing.ViewTestCases`, kept small).

A test class names its model and gives data only: `make()` (a saved object, the factory), `form_data()` (a valid
POST for its edit form), `create_data()`/`update_data` for the API, and `outsider`, the role that must not see
what `make()` made (None for reference data everyone reads). The base classes then check, on the pages the model
declared (core.views.registration) and its API routes:

- scope: the outsider gets 404 on the object's page, edit and delete, and in the API; the object is not on the
  list, in its export, in a search for its name (the list's `q`), nor in the API list;
- the export is exactly the page's rows, for no filter, a search, an invalid filter value and every sort order;
- saved values: what the form or the API posted is what the database holds (Decimal exact), and the change is in
  the object's history;
- the read-only role is refused (403) on edit, delete and API writes.
"""

import datetime as dt
import io
from decimal import Decimal, InvalidOperation

import pytest
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from core.views.registration import model_views

# A value no filter of a number, date, choice or row accepts: an "invalid filter" for the export test.
INVALID_FILTER_VALUE = "无效-值"
# Every row on one page, so the page and its export can be compared row for row.
ALL_ROWS = {"per_page": 500}


def _login(client, role):
    from core.testing import user_for

    client.force_login(user_for(role))
    return client


def normalise(value) -> str:
    """A cell's value as text that a page's table and the .xlsx read back from its export write the same way."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        try:
            return format(Decimal(str(value)).normalize(), "f")
        except InvalidOperation:
            return str(value)
    return str(value).strip()


def xlsx_rows(response) -> list[list[str]]:
    """The data rows (header left out) of an .xlsx export, normalised."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = [[normalise(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    return rows[1:]


def page_rows(response) -> list[list[str]]:
    """The rows a list page shows, written as its export would write them (same table class, same columns)."""
    table = response.context["table"]
    records = [row.record for row in table.page.object_list] if table.page else []
    values = type(table)(records).as_values()
    next(values)
    return [[normalise(cell) for cell in row] for row in values]


def assert_saved(obj, data: dict):
    """Every posted value of a concrete field of `obj` is what the database holds (Decimal compared exactly)."""
    obj.refresh_from_db()
    for name, posted in data.items():
        try:
            model_field = obj._meta.get_field(name)
        except Exception:  # formset management keys, form-only fields
            continue
        if not model_field.concrete or model_field.many_to_many:
            continue
        held = getattr(obj, model_field.attname)
        if model_field.is_relation:
            related = getattr(obj, model_field.name)
            accepted = {str(related.pk), str(getattr(related, "code", related.pk))} if related else {"", "None"}
            assert str(posted) in accepted, f"{name}: posted {posted!r}, held {related!r}"
        elif isinstance(model_field, models.BooleanField):
            assert held == (posted in (True, "on", "true", "True", "1")), f"{name}: posted {posted!r}, held {held!r}"
        elif isinstance(model_field, models.FileField):
            # An upload is stored under a name of the storage's choosing: compare what it holds.
            posted.seek(0)
            with held.open("rb") as stored:
                assert stored.read() == posted.read(), f"{name}: the stored file is not the one posted"
        elif isinstance(model_field, models.DecimalField):
            # Compared as Decimals: 88000.07 posted is 88000.07 held, not a float's neighbour of it.
            assert isinstance(held, Decimal) and held == Decimal(str(posted)), f"{name}: {posted!r} → {held!r}"
        else:
            expected = model_field.to_python(posted) if posted != "" else model_field.to_python(None)
            if expected is None and not model_field.null:
                expected = ""
            assert held == expected, f"{name}: posted {posted!r}, held {held!r}"


class ModelTestData:
    """What a standard test class declares: the model, its factory, who edits, who only reads, who is outside."""

    pytestmark = pytest.mark.django_db
    model: type[models.Model] | None = None
    editor = "admin"
    reader = "leader"
    outsider: str | None = None  # a role to whom make()'s object belongs to another scope

    # test name → what it needs: page route suffixes (any one of them) or "outsider".
    REQUIRES: dict[str, tuple[str, ...]] = {}

    def make(self):
        raise NotImplementedError

    @classmethod
    def names(cls) -> tuple[str, str]:
        return cls.model._meta.app_label, cls.model._meta.model_name

    @classmethod
    def applies(cls, test_name: str) -> bool:
        """Whether the model has what the test is about (a declared page, an outsider), so it is collected at all."""
        needs = cls.REQUIRES.get(test_name, ())
        if not needs:
            return True
        if needs == ("outsider",):
            return cls.outsider is not None
        declared = model_views(cls.model)
        return any(suffix in declared for suffix in needs)


def deselect_inapplicable(config, items) -> None:
    """Leave out standard tests for pages a model does not have (conftest's collection hook calls this), so a
    model with a list only reports its list tests, not a row of skips."""
    from django.urls import get_resolver

    assert get_resolver().url_patterns  # reading them imports every views module, so every declaration is in
    kept, dropped = [], []
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is not None and issubclass(cls, ModelTestData) and not cls.applies(item.originalname):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


class StandardViewTests(ModelTestData):
    """The standard page tests of a model: only the pages it declared are tried."""

    REQUIRES = {
        "test_list_detail_and_export": ("_list",),
        "test_export_is_exactly_the_page": ("_list",),
        "test_create_saves_the_posted_values": ("_add",),
        "test_edit_saves_the_posted_values_and_is_recorded": ("_edit",),
        "test_delete": ("_delete",),
        "test_reader_cannot_change": ("_edit", "_delete"),
        "test_another_scope_does_not_see_it": ("outsider",),
    }

    def form_data(self) -> dict:
        raise NotImplementedError

    def has(self, suffix: str) -> bool:
        return suffix in model_views(self.model)

    def need(self, *suffixes):
        missing = [suffix for suffix in suffixes if not self.has(suffix)]
        if missing:
            pytest.skip(f"{self.model._meta.label} declares no page {missing}")

    def url(self, suffix="", *args):
        app_label, model_name = self.names()
        return reverse(f"{app_label}:{model_name}{suffix}", args=args)

    def search_text(self, obj) -> str:
        """What the list's free-text search (`q`) finds the object by: its first search field's value."""
        declared = model_views(self.model).get("_list")
        fields = getattr(declared.view.filterset_class, "search_fields", ()) if declared else ()
        if not fields:
            return str(obj)
        value = obj
        for part in fields[0].split("__"):
            value = getattr(value, part)
        return str(value)

    def invalid_filter(self) -> dict:
        """A filter of the list with a value it cannot read, found in the list's filterset."""
        filterset_class = model_views(self.model)["_list"].view.filterset_class
        for name in filterset_class.base_filters:
            filterset = filterset_class({name: INVALID_FILTER_VALUE}, queryset=self.model.objects.none())
            if not filterset.is_valid():
                return {name: INVALID_FILTER_VALUE}
        return {}

    def test_list_detail_and_export(self, client):
        self.need("_list")
        obj = self.make()
        client = _login(client, self.editor)
        assert self.search_text(obj) in client.get(self.url("_list"), ALL_ROWS).content.decode()
        if self.has(""):
            assert client.get(self.url("", obj.pk)).status_code == 200
        export = client.get(self.url("_list"), {"export": "xlsx"})
        assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_export_is_exactly_the_page(self, client):
        """The export holds the page's rows, in the page's order, for valid, invalid and empty filters and sorts."""
        self.need("_list")
        obj = self.make()
        client = _login(client, self.editor)
        first = client.get(self.url("_list"), ALL_ROWS)
        table = first.context["table"]
        invalid = self.invalid_filter()
        queries = [{}, {"q": self.search_text(obj)}, {"q": "不会有的内容甲乙丙"}, invalid, {**invalid, "q": "x"}]
        for column in table.columns:
            if column.orderable:
                queries += [{"sort": column.name}, {"sort": f"-{column.name}"}]
        for query in queries:
            page = client.get(self.url("_list"), {**query, **ALL_ROWS})
            assert page.status_code == 200, query
            export = client.get(self.url("_list"), {**query, **ALL_ROWS, "export": "xlsx"})
            shown, exported = page_rows(page), xlsx_rows(export)
            assert exported == shown, f"{self.model._meta.label} {query}: export ≠ page"
            assert page.context["table"].paginator.count == len(shown), query
        if invalid:
            page = client.get(self.url("_list"), {**invalid, **ALL_ROWS})
            assert page_rows(page) == [] and page.context["filter"].errors, "an invalid filter lists no row"
        assert page_rows(client.get(self.url("_list"), {"q": self.search_text(obj), **ALL_ROWS})), "search finds it"

    def test_create_saves_the_posted_values(self, client):
        self.need("_add")
        before = set(self.model.objects.values_list("pk", flat=True))
        data = self.form_data()
        response = _login(client, self.editor).post(self.url("_add"), data)
        errors = response.context["form"].errors if response.context and "form" in response.context else ""
        assert response.status_code == 302, errors
        (created,) = self.model.objects.exclude(pk__in=before)
        assert_saved(created, data)
        assert created.history.filter(history_type="+").exists()

    def test_edit_saves_the_posted_values_and_is_recorded(self, client):
        self.need("_edit")
        obj = self.make()
        data = self.form_data()
        response = _login(client, self.editor).post(self.url("_edit", obj.pk), data)
        errors = response.context["form"].errors if response.context and "form" in response.context else ""
        assert response.status_code == 302, errors
        assert_saved(obj, data)
        assert obj.history.filter(history_type="~").exists()

    def test_delete(self, client):
        self.need("_delete")
        obj = self.make()
        client = _login(client, self.editor)
        assert client.get(self.url("_delete", obj.pk)).status_code == 200
        assert client.post(self.url("_delete", obj.pk)).status_code == 302
        assert not self.model.objects.filter(pk=obj.pk).exists()

    def test_reader_cannot_change(self, client):
        obj = self.make()
        client = _login(client, self.reader)
        if self.has(""):
            assert client.get(self.url("", obj.pk)).status_code == 200
        if self.has("_edit"):
            assert client.get(self.url("_edit", obj.pk)).status_code == 403
            assert client.post(self.url("_edit", obj.pk), self.form_data()).status_code == 403
        if self.has("_delete"):
            assert client.post(self.url("_delete", obj.pk)).status_code == 403
        assert self.model.objects.filter(pk=obj.pk).exists()

    def test_another_scope_does_not_see_it(self, client):
        """The outsider meets the object nowhere: 404 on its pages, absent from list, export and search."""
        if self.outsider is None:
            pytest.skip(f"{self.model._meta.label} is read by everyone")
        obj = self.make()
        client = _login(client, self.outsider)
        for suffix, declared in model_views(self.model).items():
            if not declared.detail:
                continue
            if hasattr(declared.view, "get"):
                assert client.get(self.url(suffix, obj.pk)).status_code == 404, f"GET {suffix}"
            if hasattr(declared.view, "post"):
                data = self.form_data() if suffix == "_edit" else {}
                assert client.post(self.url(suffix, obj.pk), data).status_code == 404, f"POST {suffix}"
        assert self.model.objects.filter(pk=obj.pk).exists()
        if self.has("_list"):
            text = self.search_text(obj)
            for query in ({}, {"q": text}):
                page = client.get(self.url("_list"), {**query, **ALL_ROWS})
                if page.status_code == 403:  # the whole list is refused to this role (the city's own records)
                    continue
                assert obj.pk not in [row.record.pk for row in page.context["table"].page.object_list], query
                exported = client.get(self.url("_list"), {**query, **ALL_ROWS, "export": "xlsx"})
                assert not any(text in cell for row in xlsx_rows(exported) for cell in row), query


class StandardAPITests(ModelTestData):
    """The standard API tests of a model: saved values of create and update, delete, reader refused, scope."""

    REQUIRES = {"test_another_scope_does_not_see_it": ("outsider",)}
    basename: str = ""  # e.g. "projects-api:project"; by default "<app_label>-api:<model_name>"
    read_only = False  # an endpoint that only reads (writes are done elsewhere)
    update_data: dict = {}

    def create_data(self) -> dict:
        raise NotImplementedError

    def url(self, suffix, *args):
        app_label, model_name = self.names()
        return reverse(f"{self.basename or f'{app_label}-api:{model_name}'}-{suffix}", args=args)

    def api(self, role):
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        from core.testing import user_for

        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user_for(role))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    @staticmethod
    def ids(response) -> list:
        body = response.json()
        return [row["id"] for row in (body["results"] if isinstance(body, dict) else body)]

    def test_crud_saves_the_posted_values(self):
        obj = self.make()
        api = self.api(self.editor)
        assert obj.pk in self.ids(api.get(self.url("list"), {"limit": 500}))
        assert api.get(self.url("detail", obj.pk)).status_code == 200
        if self.read_only:  # writes are done elsewhere: the endpoint refuses them even to the editor
            assert api.patch(self.url("detail", obj.pk), {}, format="json").status_code in (403, 405)
            return
        data = self.create_data()
        created = api.post(self.url("list"), data, format="json")
        assert created.status_code == 201, created.content
        new = self.model.objects.get(pk=created.json()["id"])
        assert_saved(new, data)
        assert new.history.filter(history_type="+").exists()
        updated = api.patch(self.url("detail", obj.pk), self.update_data, format="json")
        assert updated.status_code == 200, updated.content
        assert_saved(obj, self.update_data)
        assert obj.history.filter(history_type="~").exists()
        assert api.delete(self.url("detail", new.pk)).status_code == 204
        assert not self.model.objects.filter(pk=new.pk).exists()

    def test_reader_is_refused(self):
        obj = self.make()
        api = self.api(self.reader)
        assert api.get(self.url("detail", obj.pk)).status_code == 200
        if self.read_only:
            assert api.patch(self.url("detail", obj.pk), {}, format="json").status_code in (403, 405)
            return
        assert api.patch(self.url("detail", obj.pk), self.update_data, format="json").status_code == 403
        assert api.post(self.url("list"), self.create_data(), format="json").status_code == 403
        assert api.delete(self.url("detail", obj.pk)).status_code == 403

    def test_another_scope_does_not_see_it(self):
        if self.outsider is None:
            pytest.skip(f"{self.model._meta.label} is read by everyone")
        obj = self.make()
        api = self.api(self.outsider)
        assert obj.pk not in self.ids(api.get(self.url("list"), {"limit": 500}))
        assert api.get(self.url("detail", obj.pk)).status_code == 404
        if not self.read_only:
            assert api.patch(self.url("detail", obj.pk), self.update_data, format="json").status_code == 404
            assert api.delete(self.url("detail", obj.pk)).status_code == 404
        assert self.model.objects.filter(pk=obj.pk).exists()
