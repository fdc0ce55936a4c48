"""The dashboard's cache is never stale and never crosses scopes: a report saved through the month page, an Excel
import or a plan written through the API changes the next response; two districts' operators never share one.

Each test's transaction never commits, so `commit_data_version` moves the data version on as the commit would
(until then core.cache computes afresh for the writing connection, which proves nothing about the cache).
"""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.cache import data_version
from core.testing import commit_data_version, user_for
from dashboard import services
from projects.testing import make_project
from scheduling.choices import ReportStatus
from scheduling.excel.columns import COLUMNS
from scheduling.models import MonthlyReport

pytestmark = pytest.mark.django_db

COL = {column.key: index for index, column in enumerate(COLUMNS, start=1)}


def submitted_report(project, period: dt.date, amount: str) -> MonthlyReport:
    """A submitted report of `amount` 万元 for `period`, the project's only one (year to date and total = the month)."""
    return MonthlyReport.objects.create(
        project=project,
        period=period,
        month_amount=Decimal(amount),
        ytd_amount=Decimal(amount),
        total_amount=Decimal(amount),
        site_status="working",
        status=ReportStatus.SUBMITTED,
    )


@pytest.fixture
def computed(monkeypatch):
    """How many times the dashboard was computed (not served from the cache)."""
    calls = []
    real = services.dashboard

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "dashboard", counting)
    return calls


@pytest.fixture
def projects(settings):
    """Two 鲅鱼圈区 projects owing May, and a 盖州市 project whose April report is counted (so months have data)."""
    settings.GONGJIAN_TODAY = "2024-06-30"
    started = {"stage": "continuing", "actual_start": dt.date(2023, 3, 1), "total_investment": Decimal("90000")}
    found = {
        "a": make_project(name="鲅鱼圈甲项目", region="210804", **started),
        "b": make_project(name="鲅鱼圈乙项目", region="210804", **started),
        "gz": make_project(name="盖州丁项目", region="210881", **started),
    }
    submitted_report(found["gz"], dt.date(2024, 4, 1), "10000")
    commit_data_version()
    return found


def city(client) -> dict:
    response = client.get(reverse("dashboard-api:city"))
    assert response.status_code == 200, response.content
    return response.json()


def byq_row(data) -> dict:
    return next(row for row in data["regions"] if row["code"] == "210804")


def cached_then_stale_free(client, computed) -> dict:
    """The city's dashboard twice: computed once, then served from the cache."""
    first = city(client)
    assert city(client) == first and len(computed) == 1
    return first


def test_a_report_saved_and_submitted_on_the_month_page_changes_the_next_dashboard(projects, client, computed):
    client.force_login(user_for("admin"))
    before = cached_then_stale_free(client, computed)
    assert before["tiles"]["ytd_yi"] == "1.00" and byq_row(before)["ytd_yi"] == "0.00"
    clerk = client.__class__()
    clerk.force_login(user_for("byq"))
    row = reverse("scheduling:month_row", args=["210804", "2024-05", projects["a"].pk])
    saved = clerk.post(
        row, {"month_amount": "5000", "site_status": "working", "progress": "主体"}, HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 200
    assert clerk.post(reverse("scheduling:month_submit", args=["210804", "2024-05"])).status_code == 302
    commit_data_version()
    after = city(client)
    assert len(computed) == 2, "the write must make the next request compute afresh"
    assert after["tiles"]["ytd_yi"] == "1.50" and byq_row(after)["ytd_yi"] == "0.50"
    assert after["tiles"]["started_count"] == before["tiles"]["started_count"] + 1


def test_an_excel_import_changes_the_next_dashboard(projects, client, computed):
    from core.models import Region
    from scheduling.excel.template import month_template_bytes

    client.force_login(user_for("leader"))
    cached_then_stale_free(client, computed)
    version = data_version()
    clerk = client.__class__()
    clerk.force_login(user_for("byq"))
    workbook = load_workbook(
        io.BytesIO(month_template_bytes(user_for("byq"), Region.objects.get(code="210804"), dt.date(2024, 5, 1)))
    )
    sheet = workbook.worksheets[0]
    rows = {sheet.cell(r, COL["project_id"]).value: r for r in range(3, sheet.max_row + 1)}
    for key, amount in (("a", 2000), ("b", 3000)):
        sheet.cell(rows[projects[key].pk], COL["month_amount"]).value = amount
        sheet.cell(rows[projects[key].pk], COL["site_status"]).value = "在建"
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("may.xlsx", buffer.getvalue())
    page = clerk.post(reverse("scheduling:month_upload", args=["210804", "2024-05"]), {"file": upload, "mode": "all"})
    assert page.status_code == 200 and page.context["result"].created == 2
    commit_data_version()
    assert data_version() != version, "an import moves the data version on by itself"
    assert city(client)["tiles"]["ytd_yi"] == "1.00"  # drafts are not counted yet
    # …and the bulk submission (one UPDATE of many rows) moves it again.
    MonthlyReport.objects.filter(project__region__code="210804").update(status=ReportStatus.SUBMITTED)
    commit_data_version()
    after = city(client)
    assert after["tiles"]["ytd_yi"] == "1.50" and byq_row(after)["ytd_yi"] == "0.50" and len(computed) == 3


def test_a_plan_written_through_the_api_changes_the_next_dashboard(projects, client, computed, api_as):
    client.force_login(user_for("leader"))
    before = cached_then_stale_free(client, computed)
    assert before["tiles"]["plan_yi"] == "0.00"
    response = api_as("admin").post(
        reverse("projects-api:investmentplan-list"),
        {"project": projects["a"].pk, "year": 2024, "amount": "30000"},
        format="json",
    )
    assert response.status_code == 201, response.content
    commit_data_version()
    after = city(client)
    assert after["tiles"]["plan_yi"] == "3.00" and byq_row(after)["plan_yi"] == "3.00" and len(computed) == 2


def test_two_districts_operators_never_see_each_others_cached_dashboard(projects, client, computed):
    """Each operator's dashboard is their district's: the second is computed for its own scope, not served the
    first's. Users with the same reach (two city leaders) share one computation."""
    submitted_report(projects["a"], dt.date(2024, 4, 1), "4000")
    commit_data_version()
    byq, gz = user_for("byq"), user_for("gz")
    assert byq.region_id != gz.region_id
    answers = {}
    for user in (byq, gz):
        client.force_login(user)
        answers[user.username] = client.get(reverse("dashboard-api:city")).json()
    assert len(computed) == 2
    mine = {row["code"] for row in answers[byq.username]["regions"]}
    theirs = {row["code"] for row in answers[gz.username]["regions"]}
    assert "210804" in mine and "210881" not in mine and "210881" in theirs and "210804" not in theirs
    assert all(p["region_id"] == byq.region_id for p in answers[byq.username]["projects"])
    assert all(p["region_id"] == gz.region_id for p in answers[gz.username]["projects"])
    # A colleague of the same district, with the same reach, is served the first one's answer.
    from core.models import User

    colleague = User.objects.create_user("byq_colleague", role=byq.role, region=byq.region)
    client.force_login(colleague)
    assert client.get(reverse("dashboard-api:city")).json() == answers[byq.username] and len(computed) == 2
    # Two city leaders reach the same rows everywhere: the second is served the first's answer.
    client.force_login(user_for("leader"))
    leaders = client.get(reverse("dashboard-api:city")).json()
    client.force_login(User.objects.create_user("leader_li", role=user_for("leader").role))
    assert client.get(reverse("dashboard-api:city")).json() == leaders and len(computed) == 3
    assert {row["code"] for row in leaders["regions"]} >= {"210804", "210881"}


def test_the_page_and_the_api_share_the_cached_computation(projects, client, computed):
    client.force_login(user_for("leader"))
    assert client.get(reverse("dashboard:index")).status_code == 200
    assert city(client)["tiles"]["ytd_yi"] == "1.00" and len(computed) == 1


def test_the_etag_answers_304_until_a_write_and_never_across_scopes_or_languages(projects, client, computed):
    """The JSON's ETag names the cached bytes' key: sent back, it gets a 304 (no body) while nothing changed; after
    a write the same ETag gets the new figures; another district's operator or another language never gets a 304
    for it."""
    url = reverse("dashboard-api:city")
    client.force_login(user_for("byq"))
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag and first["Cache-Control"] == "no-store"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag and len(computed) == 1
    # A cached answer's bytes are what DRF renders for the dict.
    assert client.get(url).content == first.content and json.loads(first.content) == first.json()
    client.cookies["django_language"] = "en"
    english = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert english.status_code == 200 and english["ETag"] != etag
    del client.cookies["django_language"]
    other = client.__class__()
    other.force_login(user_for("gz"))
    theirs = other.get(url, HTTP_IF_NONE_MATCH=etag)
    assert theirs.status_code == 200 and theirs["ETag"] != etag
    assert {row["code"] for row in theirs.json()["regions"]} == {"210881"}
    submitted_report(projects["a"], dt.date(2024, 4, 1), "4000")
    commit_data_version()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag and byq_row(changed.json())["ytd_yi"] == "0.40"


def test_the_browsable_api_still_renders_the_dict(projects, client):
    client.force_login(user_for("leader"))
    page = client.get(reverse("dashboard-api:city"), HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html") and "tiles" in page.text


def test_the_page_names_its_json_and_no_longer_carries_it(projects, client):
    """The page links its endpoint (the charts and the map's table are drawn from it) instead of embedding the
    dict and a row per point: its HTML stays small whatever the number of projects."""
    client.force_login(user_for("leader"))
    page = client.get(reverse("dashboard:index"), {"month": "2024-04"})
    assert page.status_code == 200 and 'data-source="/api/dashboard/city/?month=2024-04"' in page.text
    assert 'id="dashboard-data"' not in page.text and 'data-testid="project-details"' in page.text


def warm_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_projects(count: int) -> None:
    """`count` started projects with a counted May report, in two districts."""
    for n in range(count):
        project = make_project(
            name=f"计数项目{n:03d}",
            region=["210804", "210881"][n % 2],
            stage="continuing",
            actual_start=dt.date(2023, 3, 1),
            total_investment=Decimal("90000"),
        )
        submitted_report(project, dt.date(2024, 5, 1), "10")


def test_a_warm_dashboard_request_needs_as_many_queries_for_30_projects_as_for_3(client, settings):
    """Served from the cache (after the commit), the page and the endpoint read the session, the user and the data
    version whatever the data: 3 projects or 30 (tests/test_query_counts.py counts the computation itself)."""
    settings.GONGJIAN_TODAY = "2024-06-30"
    client.force_login(user_for("leader"))
    urls = [reverse("dashboard-api:city") + "?month=2024-05", reverse("dashboard:index") + "?month=2024-05"]
    counts = []
    for more in (3, 27):
        add_projects(more)
        commit_data_version()
        counts.append([warm_queries(client, url) for url in urls])
    assert counts[0] == counts[1], f"warm queries (3 projects, 30 projects): {counts}"
    assert counts[0][0] == 3, "the endpoint's warm answer reads the session, the user and the data version only"


def test_the_cached_page_body_follows_the_measure_and_the_wall_mode(projects, client, computed):
    """The page's body is cached as HTML per month, measure and wall mode: each asks shows its own choice."""
    submitted_report(projects["b"], dt.date(2024, 5, 1), "3000")
    commit_data_version()
    client.force_login(user_for("leader"))

    def body(url: str, **query) -> str:
        response = client.get(url, query)
        assert response.status_code == 200
        return response.content.decode()

    index, wall = reverse("dashboard:index"), reverse("dashboard:wall")
    for _ in range(2):  # computed, then served from the cache
        for measure in ("growth", "light"):
            page = body(index, month="2024-05", measure=measure)
            assert f'<option value="{measure}" selected>' in page and "dashboard-wall" not in page
        assert 'data-bs-theme="dark"' in body(wall, month="2024-05") and "dashboard-wall" not in body(index)
        assert '<option value="2024-04" selected>' in body(index, month="2024-04", measure="growth")
    # May, April and the default month (today's): once each, whatever the measure or the mode
    assert len(computed) == 3
