"""REST API: token and session auth, the same filters as the UI, stage rules, the schema, the token command."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from core.testing import user_for
from projects.testing import make_project

pytestmark = pytest.mark.django_db


def test_token_command_prints_a_working_token(two_projects):
    out = StringIO()
    call_command("token", "byq_clerk", stdout=out)
    token = out.getvalue().strip()
    again = StringIO()
    call_command("token", "byq_clerk", stdout=again)
    assert again.getvalue().strip() == token  # created once, then reused
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listed = api.get(reverse("projects-api:project-list")).json()
    assert {p["region"] for p in listed["results"]} == {"210804"}
    assert api.get(reverse("projects-api:project-detail", args=[two_projects["gz"].pk])).status_code == 404


def test_session_auth_works_for_the_browser(client, two_projects):
    client.force_login(user_for("gz"))
    listed = client.get(reverse("projects-api:project-list")).json()
    assert [p["name"] for p in listed["results"]] == [two_projects["gz"].name]


def test_api_filters_match_the_ui(api_as):
    make_project(name="储备甲", total_investment=1000)
    make_project(name="在建乙", stage="new_start", actual_start=dt.date(2024, 3, 18), total_investment=200000)
    api = api_as("admin")
    names = {
        p["name"] for p in api.get(reverse("projects-api:project-list"), {"library": "construction"}).json()["results"]
    }
    assert names == {"在建乙"}
    names = {
        p["name"] for p in api.get(reverse("projects-api:project-list"), {"investment_band": "lt1"}).json()["results"]
    }
    assert names == {"储备甲"}


def test_api_enforces_stage_rules_and_explains(api_as):
    project = make_project(stage="preliminary")
    url = reverse("projects-api:project-detail", args=[project.pk])
    response = api_as("byq").patch(url, {"stage": "new_start"}, format="json")
    assert response.status_code == 400
    assert "实际开工日期" in str(response.json()["actual_start"])
    response = api_as("byq").patch(url, {"stage": "new_start", "actual_start": "2024-03-18"}, format="json")
    assert response.status_code == 200, response.json()
    assert {lib["library"] for lib in response.json()["libraries"]} == {"construction"}
    response = api_as("byq").patch(url, {"stage": "terminated"}, format="json")
    assert response.status_code == 400
    assert "市发改委管理员" in str(response.json()["stage"])


def test_api_rejects_bad_codes_with_reasons(api_as):
    payload = {"name": "坏代码", "owner": "x", "region": "210804", "total_investment": "1", "national_code": "2024-1"}
    response = api_as("admin").post(reverse("projects-api:project-list"), payload, format="json")
    assert response.status_code == 400
    assert "格式不正确" in str(response.json()["national_code"])


def test_schema_and_docs_are_served(client):
    client.force_login(user_for("admin"))
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/projects/projects/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()  # assets come from the installed sidecar, not a CDN


def test_api_summary_is_restricted(api_as, two_projects):
    body = api_as("gz").get(reverse("projects-summary")).json()
    assert body["libraries"]["reserve"]["count"] == 1
    assert [r["code"] for r in body["regions"]] == ["210881"]


def test_a_listed_project_is_its_detail(api_as, demo_data):
    """The list's prefetched memberships and plans (plain lists) give what the detail's managers give."""
    api = api_as("admin")
    listed = api.get(reverse("projects-api:project-list"), {"limit": 500}).json()["results"]
    in_lists = [row for row in listed if row["lists"] and row["plans"]]
    assert in_lists and any(len(row["libraries"]) > 1 for row in listed)
    for row in in_lists[:30] + listed[:10] + [row for row in listed if len(row["libraries"]) > 1][:5]:
        assert row == api.get(reverse("projects-api:project-detail", args=[row["id"]])).json()
