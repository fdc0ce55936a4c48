"""Every page bounded: lists stop paging after MAX_PAGE_ROWS rows with a message, and the API's region field offers
only the regions the user may put a row in."""

import pytest
from django.apps import apps
from django.urls import reverse

import core.tables
from core.models import Region
from core.testing import user_for

pytestmark = pytest.mark.django_db


def test_a_page_beyond_the_cap_shows_the_last_allowed_page_and_says_so(login, monkeypatch):
    monkeypatch.setattr(core.tables, "MAX_PAGE_ROWS", 3)
    assert Region.objects.count() > 4
    client = login("admin")
    response = client.get(reverse("core:region_list"), {"per_page": 1, "page": 9})
    assert response.status_code == 200
    table = response.context["table"]
    assert (table.capped_page, table.max_page, table.page.number) == (9, 3, 3)
    assert "列表最多翻到第 3 页" in response.content.decode()
    allowed = client.get(reverse("core:region_list"), {"per_page": 1, "page": 3})
    assert allowed.context["table"].capped_page is None
    assert 'data-testid="page-capped"' not in allowed.content.decode()


def test_an_unreadable_page_number_is_the_first_page(login):
    response = login("admin").get(reverse("core:region_list"), {"page": "x"})
    assert response.status_code == 200
    assert response.context["table"].page.number == 1


def _region_codes(role, instance=None):
    from django.test import RequestFactory

    from projects.api.serializers import ProjectSerializer

    request = RequestFactory().get("/")
    request.user = user_for(role)
    field = ProjectSerializer(instance, context={"request": request}).fields["region"]
    return set(field.get_queryset().values_list("code", flat=True))


def test_the_api_region_field_offers_the_users_regions_only():
    district = user_for("byq")
    offered = _region_codes("byq")
    ranked = Region.objects.ranked()
    assert offered == set(ranked.filter(pk__in=district.region_scope_ids).values_list("code", flat=True))
    assert "210804" in offered and "210802" not in offered
    assert _region_codes("admin") == set(ranked.values_list("code", flat=True))
    assert _region_codes("observer") == set()


def test_the_api_refuses_a_region_outside_the_users_scope(api_as):
    payload = {"name": "越界项目", "owner": "x", "region": "210802", "total_investment": "1"}
    response = api_as("byq").post(reverse("projects-api:project-list"), payload, format="json")
    assert response.status_code == 403  # the region exists: the policy refuses it, saying why
    assert not apps.get_model("projects", "Project").objects.filter(name="越界项目").exists()
    unknown = api_as("byq").post(reverse("projects-api:project-list"), {**payload, "region": "999999"}, format="json")
    assert unknown.status_code == 400 and "region" in unknown.json()


def test_a_project_field_with_many_choices_searches_the_api(monkeypatch):
    import core.forms
    from projects.testing import make_project
    from stewardship.forms import ProblemForm

    for number in range(3):
        make_project(name=f"搜索项目{number}")
    admin = user_for("admin")
    plain = ProblemForm(user=admin)
    assert "data-autocomplete" not in str(plain["project"])
    assert str(plain["project"]).count("<option") == 4  # the empty choice and the three projects
    monkeypatch.setattr(core.forms, "AUTOCOMPLETE_OVER", 2)
    searched = ProblemForm(user=admin)
    html = str(searched["project"])
    assert 'data-autocomplete="/api/projects/projects/"' in html
    assert "搜索项目0" not in html and html.count("<option") == 1
    chosen = ProblemForm({"project": "x"}, user=admin)
    assert "project" in chosen.errors  # still validated against the policy-scoped choices
