"""The audit log: every kind of event is recorded with user, time, address and object; rows can only be added;
only the city administrator reads, filters and exports it."""

import csv
import datetime as dt
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.audit import client_ip, record
from core.models import AuditAction, AuditEvent, AuditLogIsAppendOnly, Region
from core.testing import ROLES, user_for
from projects.testing import make_project

PASSWORD = "demo-2024"

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def only(action):
    found = events(action)
    assert len(found) == 1, [(e.action, e.username, e.path) for e in AuditEvent.objects.all()]
    return found[0]


def assert_recent(event):
    assert abs(timezone.now() - event.time) < dt.timedelta(minutes=1)


# Logins --------------------------------------------------------------------------------------------------------


def test_login_failed_login_and_lockout_are_recorded(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client.post("/login/", {"username": ROLES["byq"], "password": PASSWORD}, REMOTE_ADDR="10.20.30.40")
    login = only(AuditAction.LOGIN)
    assert (login.user, login.username, login.ip_address) == (user_for("byq"), ROLES["byq"], "10.20.30.40")
    assert login.path == "/login/" and login.method == "POST"
    assert_recent(login)
    client.post("/logout/", REMOTE_ADDR="10.20.30.40")
    assert only(AuditAction.LOGOUT).username == ROLES["byq"]

    for _attempt in range(2):
        client.post("/admin/login/", {"username": "nobody", "password": "x"}, REMOTE_ADDR="10.20.30.41")
    failed = events(AuditAction.LOGIN_FAILED)
    assert [(e.username, e.ip_address, e.user) for e in failed] == [("nobody", "10.20.30.41", None)] * 2
    assert failed[0].path == "/admin/login/"
    lockout = only(AuditAction.LOCKOUT)
    assert (lockout.username, lockout.ip_address, lockout.detail["locked_address"]) == (
        "nobody",
        "10.20.30.41",
        "10.20.30.41",
    )


def test_the_address_behind_a_trusted_proxy_is_the_one_the_proxy_saw(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.10")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"  # no proxy trusted: the header is the client's to forge
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.10"  # the forged left part is ignored
    assert client_ip(rf.get("/", REMOTE_ADDR="not-an-address")) is None


# Exports, downloads, imports, tokens --------------------------------------------------------------------------


def test_list_export_is_recorded_with_its_filter(login):
    make_project(name="鲅鱼圈审计测试项目", region="210804")
    client = login("byq")
    response = client.get("/projects/", {"q": "审计", "export": "xlsx"}, REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 200
    event = only(AuditAction.EXPORT)
    assert (event.user, event.ip_address) == (user_for("byq"), "10.0.0.5")
    assert event.path == "/projects/?q=%E5%AE%A1%E8%AE%A1&export=xlsx"
    assert event.detail["query"] == {"q": ["审计"], "export": ["xlsx"]}
    assert ".xlsx" in event.detail["file"]


def test_month_template_download_is_recorded(login):
    client = login("byq")
    response = client.get(reverse("scheduling:month_template", args=["210804", "2024-05"]), REMOTE_ADDR="10.0.0.6")
    assert response.status_code == 200
    event = only(AuditAction.DOWNLOAD)
    assert (event.username, event.ip_address) == (ROLES["byq"], "10.0.0.6")
    assert event.path.endswith("/template.xlsx")


def test_record_names_the_object_and_a_view_that_records_is_not_recorded_twice(rf):
    region = Region.objects.get(code="210804")
    request = rf.get("/files/photo/1/", REMOTE_ADDR="10.0.0.7")
    request.user = user_for("byq")
    event = record(request, AuditAction.DOWNLOAD, obj=region, file="photo.jpg")
    event.refresh_from_db()
    assert (event.object_type, event.object_id, event.object_repr) == ("core.region", str(region.pk), str(region))
    assert event.detail == {"file": "photo.jpg"} and request._audit_recorded


def test_month_excel_upload_is_recorded_success_and_failure(login):
    make_project(name="鲅鱼圈审计调度项目", region="210804", stage="continuing", actual_start=dt.date(2023, 3, 1))
    client = login("byq")
    url = reverse("scheduling:month_upload", args=["210804", "2024-05"])
    template = client.get(reverse("scheduling:month_template", args=["210804", "2024-05"]))
    filled = b"".join(template.streaming_content)
    page = client.post(url, {"file": SimpleUploadedFile("五月.xlsx", filled), "mode": "all"}, REMOTE_ADDR="10.0.0.8")
    assert page.status_code == 200
    broken = SimpleUploadedFile("坏文件.xlsx", b"this is not a workbook")
    client.post(url, {"file": broken, "mode": "all"}, REMOTE_ADDR="10.0.0.8")
    done, failed = events(AuditAction.IMPORT)
    region = Region.objects.get(code="210804")
    for event in (done, failed):
        assert (event.user, event.ip_address, event.object_type, event.object_id) == (
            user_for("byq"),
            "10.0.0.8",
            "core.region",
            str(region.pk),
        )
        assert event.detail["kind"] == "month" and event.detail["period"] == "2024-05"
    assert done.detail["file"] == "五月.xlsx" and "summary" in done.detail and "failure" not in done.detail
    assert failed.detail["file"] == "坏文件.xlsx" and failed.detail["failure"]


def test_command_line_import_is_recorded(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("项目名称,建设单位,县区,总投资\n审计导入项目,甲公司,鲅鱼圈区,100\n", encoding="utf-8")
    call_command("import", "projects", str(path), "--no-progress", "--user", "city_admin", stdout=StringIO())
    event = only(AuditAction.IMPORT)
    assert event.user is None and event.username.startswith("cli:") and event.ip_address is None
    assert event.detail["via"] == "cli" and event.detail["as_user"] == "city_admin"
    assert (event.detail["kind"], event.detail["file"], event.detail["created"]) == ("projects", str(path), 1)
    assert event.detail["written"] is True


def test_web_project_import_is_recorded_when_confirmed(login, settings, tmp_path):
    from projects.tests.test_import_web import choose, upload

    settings.MEDIA_ROOT = tmp_path
    client = login("admin")
    job = upload(client)
    choose(client, job)
    assert not events(AuditAction.IMPORT)  # checking is not importing
    client.post(reverse("projects:import_preview", args=[job]), REMOTE_ADDR="10.0.0.9")
    event = only(AuditAction.IMPORT)
    assert (event.username, event.ip_address) == (ROLES["admin"], "10.0.0.9")
    assert event.detail["job"] == job and event.detail["file"] == "district.xlsx"
    assert event.detail["preview"]["created"] == 2 and event.detail["preview"]["rejected"] == 1


def test_token_creation_is_recorded():
    call_command("token", ROLES["gz"], stdout=StringIO())
    call_command("token", ROLES["gz"], stdout=StringIO())
    created, shown = only(AuditAction.TOKEN_CREATED), only(AuditAction.TOKEN_SHOWN)
    for event in (created, shown):
        assert (event.object_type, event.object_id) == ("core.user", str(user_for("gz").pk))
        assert event.username.startswith("cli:")
        assert_recent(event)


# Permission denials --------------------------------------------------------------------------------------------


def test_a_refused_page_is_recorded_with_its_reason(login):
    project = make_project(name="审计拒绝项目", region="210804")
    client = login("observer")
    response = client.get(reverse("projects:project_edit", args=[project.pk]), REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 403
    event = only(AuditAction.PERMISSION_DENIED)
    assert (event.user, event.ip_address, event.method) == (user_for("observer"), "10.0.1.1", "GET")
    assert event.path == reverse("projects:project_edit", args=[project.pk])
    assert event.detail["reason"] == "您无权修改此对象。"


def test_a_refused_api_request_is_recorded(api_as):
    api = api_as("observer")
    response = api.post("/api/core/regions/", {"code": "X1", "name": "某区"}, format="json", REMOTE_ADDR="10.0.1.2")
    assert response.status_code == 403
    event = only(AuditAction.PERMISSION_DENIED)
    assert (event.user, event.ip_address, event.method) == (user_for("observer"), "10.0.1.2", "POST")
    assert event.detail["reason"]


def test_a_failed_csrf_check_is_recorded():
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_for("byq"))
    response = client.post("/logout/", REMOTE_ADDR="10.0.1.3")
    assert response.status_code == 403
    event = only(AuditAction.PERMISSION_DENIED)
    assert event.username == ROLES["byq"] and event.detail["reason"].startswith("CSRF")


# Append-only ---------------------------------------------------------------------------------------------------


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = record(user_for("admin"), AuditAction.EXPORT, file="x.xlsx")
    event.username = "someone-else"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(username="someone-else")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["username"])
    assert AuditEvent.objects.get(pk=event.pk).username == ROLES["admin"]


def test_the_database_refuses_updates_and_on_postgresql_deletes():
    event = record(user_for("admin"), AuditAction.EXPORT, file="x.xlsx")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET username = 'forged' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).username == ROLES["admin"]


def test_deleting_a_user_leaves_their_events_as_they_were():
    from core.models import User

    user = User.objects.create_user("leaver", password="x-long-password-1")
    event = record(user, AuditAction.TOKEN_CREATED, obj=user)
    user.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.username == "leaver" and event.object_repr == "leaver"


def test_the_admin_site_offers_no_add_change_or_delete(login):
    event = record(user_for("byq"), AuditAction.EXPORT, file="x.xlsx")
    client = login("admin")
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    change = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"username": "forged"})
    assert change.status_code in (200, 403) and AuditEvent.objects.get(pk=event.pk).username == ROLES["byq"]
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_there_is_no_api_to_write_the_log(api_as):
    with pytest.raises(NoReverseMatch):
        reverse("core-api:auditevent-list")
    assert api_as("admin").post("/api/core/auditevents/", {}, format="json").status_code == 404


# Reading, filtering, exporting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["leader", "byq", "gz", "zrzy", "observer"])
def test_only_the_city_admin_reads_the_log(login, role):
    record(user_for("admin"), AuditAction.EXPORT, file="secret.xlsx")
    client = login(role)
    for url in ("/core/audit/", "/core/audit/?export=xlsx", "/core/audit/?export=csv", "/admin/core/auditevent/"):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url  # the admin site sends non-staff to its login
        assert b"secret.xlsx" not in response.content
    assert "审计日志" not in client.get("/projects/").content.decode()


def test_city_admin_filters_and_exports_the_log(login):
    record(user_for("byq"), AuditAction.EXPORT, file="a.xlsx")
    record(user_for("gz"), AuditAction.IMPORT, obj=Region.objects.get(code="210881"), file="b.xlsx")
    client = login("admin")
    page = client.get("/core/audit/")
    assert page.status_code == 200 and "审计日志" in page.content.decode()
    filtered = client.get("/core/audit/", {"action": "import"})
    table = filtered.context["table"]
    assert [row.record.username for row in table.rows] == [ROLES["gz"]]
    by_user = client.get("/core/audit/", {"username": ROLES["byq"]}).context["table"]
    assert [row.record.action for row in by_user.rows] == [AuditAction.EXPORT]
    today = timezone.localdate()
    in_range = client.get("/core/audit/", {"since": today, "until": today, "action": "import"}).context["table"]
    assert len(in_range.rows) == 1
    before = client.get("/core/audit/", {"until": today - dt.timedelta(days=1)}).context["table"]
    assert len(before.rows) == 0

    xlsx = client.get("/core/audit/", {"action": "import", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "事件", "用户名") and len(rows) == 2
    assert rows[1][1] == "导入" and rows[1][2] == ROLES["gz"] and rows[1][8] == "盖州市"

    query = {"action": "export", "q": "clerk", "export": "csv"}
    text = client.get("/core/audit/", query).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["时间", "事件", "用户名"]
    assert [(line[1], line[2]) for line in lines[1:]] == [("导出", ROLES["byq"])]
    # Reading the log's exports is itself in the log.
    assert {e.detail["query"]["export"][0] for e in events(AuditAction.EXPORT) if e.username == ROLES["admin"]} == {
        "xlsx",
        "csv",
    }
