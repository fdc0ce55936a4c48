"""No 500 from bad input: every filter of every filterset (UI and API) refuses values the database cannot take, list
pages and API lists stay within their page-size ceiling, and a page beyond the end is a clean answer.

The filters are found from the filtersets themselves, so a filter added later is tested with the same bad values.
"""

import django_filters
import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.api.filters import ScopedFilterBackend
from core.api.pagination import MAX_PAGE_SIZE
from core.filtersets import (
    AuditEventFilterSet,
    BaseFilterSet,
    DepartmentFilterSet,
    IPAddressFilter,
    RegionFilterSet,
    ValidatedFiltersMixin,
)
from core.tables import MAX_PER_PAGE
from core.testing import user_for
from projects.filtersets import ProjectFilterSet, ProjectListFilterSet
from projects.testing import make_project
from scheduling.filtersets import GrowthTargetFilterSet, HolidayFilterSet, MonthlyReportFilterSet

pytestmark = pytest.mark.django_db

HUGE_ID = str(2**63)  # one beyond the largest 64-bit id
NUL = "营口\x00"
LONG = "长" * 5000

FILTERSETS = [
    RegionFilterSet,
    DepartmentFilterSet,
    AuditEventFilterSet,
    ProjectFilterSet,
    ProjectListFilterSet,
    MonthlyReportFilterSet,
    HolidayFilterSet,
    GrowthTargetFilterSet,
]


def api_filtersets():
    """The filtersets DRF builds from each API view's `filterset_fields` (and the declared ones it uses)."""
    from core.api.urls import router as core_router
    from projects.api.urls import router as projects_router
    from scheduling.api.urls import router as scheduling_router

    found = []
    for router in (core_router, projects_router, scheduling_router):
        for _prefix, viewset, _basename in router.registry:
            view = viewset()
            filterset_class = ScopedFilterBackend().get_filterset_class(view, viewset.queryset)
            if filterset_class is not None:
                found.append(filterset_class)
    return found


def bad_values(model_filter) -> list[tuple[str, bool]]:
    """(value, must be refused) for a filter, by its kind: refused values are those no row can match and the
    database would choke on; long text need not be refused but must not fail."""
    values = [(NUL, True), (LONG, False)]
    if isinstance(model_filter, django_filters.ModelMultipleChoiceFilter | django_filters.ModelChoiceFilter):
        values += [(HUGE_ID, True), ("-" + HUGE_ID + "0", True), ("1.5", True), ("abc", True)]
    elif isinstance(model_filter, django_filters.NumberFilter):
        values += [("abc", True), ("NaN", True), ("1e400", False), ("-1e400", False)]
        if model_filter.lookup_expr.endswith("year") or model_filter.field_name == "year":
            values += [("0", True), ("-3.6e16", True), ("99999", True)]
    elif isinstance(model_filter, django_filters.DateFilter):
        values += [("2024-13-01", True), ("2024-02-30", True), ("0000-01-01", True)]
    elif isinstance(model_filter, django_filters.BooleanFilter):
        values = [(NUL, True), (LONG, True), ("maybe", True)]  # only yes, no or "either" (blank) are accepted
    elif isinstance(model_filter, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        values += [("no-such-choice", True)]
    elif isinstance(model_filter, IPAddressFilter):
        values += [("999.1.1.1", True), ("10.0.0", True)]
    elif model_filter.field_name == "period" or getattr(model_filter, "method", None) == "filter_period":
        values += [("2024-13", True), ("2024", True), ("0-01", True)]
    return values


def _admin_request():
    request = RequestFactory().get("/")
    request.user = user_for("admin")
    return request


@pytest.mark.parametrize("filterset_class", FILTERSETS + api_filtersets(), ids=lambda cls: cls.__name__)
def test_every_filter_refuses_bad_values_without_failing(filterset_class, two_projects):
    request = _admin_request()
    queryset = filterset_class._meta.model.objects.all()
    checked = 0
    for name, model_filter in filterset_class.base_filters.items():
        for value, must_refuse in bad_values(model_filter):
            filterset = filterset_class({name: value}, queryset=queryset, request=request)
            valid = filterset.is_valid()
            if must_refuse:
                assert not valid, (filterset_class.__name__, name, value)
                assert name in filterset.errors
            list(filterset.qs)  # whatever the verdict, the database is asked nothing it cannot answer
            checked += 1
    assert checked >= 2 * len(filterset_class.base_filters)


def test_every_filterset_carries_the_validation():
    """The apps' filtersets extend BaseFilterSet and the API's generated ones ScopedFilterSet: both validate."""
    assert all(issubclass(cls, BaseFilterSet) for cls in FILTERSETS)
    assert all(issubclass(cls, ValidatedFiltersMixin) for cls in api_filtersets())


LIST_PAGES = [
    ("core:region_list", {"parent": HUGE_ID}),
    ("core:department_list", {"q": NUL}),
    ("core:auditevent_list", {"since": "2024-13-01"}),
    ("projects:project_list", {"region": [HUGE_ID, "1"], "investment_min": "abc"}),
    ("projects:projectlist_list", {"year": "0"}),
    ("scheduling:monthlyreport_list", {"period": "2024-13", "year": "-3.6e16", "project": HUGE_ID}),
    ("scheduling:holiday_list", {"year": "0"}),
    ("scheduling:growthtarget_list", {"region": HUGE_ID}),
    ("scheduling:warnings", {"as_of": "0120-11-14"}),
]


@pytest.mark.parametrize(("url_name", "params"), LIST_PAGES)
def test_list_pages_show_the_error_instead_of_failing(url_name, params, login, two_projects):
    response = login("admin").get(reverse(url_name), params)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


API_LISTS = [
    ("/api/core/regions/", {"parent": HUGE_ID}),
    ("/api/core/users/", {"role": NUL}),
    ("/api/projects/projects/", {"region": [HUGE_ID, "-" + HUGE_ID + "0"], "q": LONG}),
    ("/api/projects/plans/", {"project": HUGE_ID, "year": "0"}),
    ("/api/projects/memberships/", {"project_list": "abc"}),
    ("/api/projects/lists/", {"year": "99999"}),
    ("/api/scheduling/reports/", {"period": "2024-13", "year": "0"}),
    ("/api/scheduling/targets/", {"year": "abc"}),
    ("/api/scheduling/warnings/projects/", {"as_of": "2024-13-01", "region": HUGE_ID}),
    ("/api/scheduling/warnings/districts/", {"as_of": "0120-11-14"}),
    ("/api/projects/summary/", {"as_of": "0000-01-01"}),
]


@pytest.mark.parametrize(("url", "params"), API_LISTS)
def test_api_answers_bad_values_with_400(url, params, api_as, two_projects):
    for role in ("byq", "admin"):
        response = api_as(role).get(url, params)
        assert response.status_code == 400, (role, response.content)
        assert set(response.json()) <= set(params) | {"non_field_errors"}


def test_api_page_size_has_a_ceiling(api_as):
    for index in range(MAX_PAGE_SIZE + 5):
        make_project(name=f"分页测试项目{index:04d}")
    api = api_as("admin")
    body = api.get("/api/projects/projects/", {"limit": 10**30}).json()
    assert len(body["results"]) == MAX_PAGE_SIZE
    beyond = api.get("/api/projects/projects/", {"offset": 10**30}).json()
    assert beyond["results"] == [] and beyond["count"] == MAX_PAGE_SIZE + 5
    for junk in ("abc", "-5", "0", NUL):
        assert api.get("/api/projects/projects/", {"limit": junk, "offset": junk}).status_code == 200


def test_list_page_size_has_a_ceiling_and_pages_beyond_the_end_are_clean(login):
    for index in range(MAX_PER_PAGE + 5):
        make_project(name=f"分页测试项目{index:04d}")
    client = login("admin")
    url = reverse("projects:project_list")
    page = client.get(url, {"per_page": 10**6})
    assert page.status_code == 200
    assert len(page.context["table"].page.object_list) == MAX_PER_PAGE
    for per_page in ("-5", "0", "abc"):
        assert client.get(url, {"per_page": per_page}).status_code == 200
    for beyond in ("abc", "99999", str(2**64), "-1"):
        assert client.get(url, {"page": beyond}).status_code in (200, 404)
    assert client.get(url, {"page": "last"}).status_code == 200


def test_api_unknown_address_is_json_404(api_as):
    response = api_as("admin").get("/api/projects/projects/1.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize("key", ["abc\x00def", "x" * 5000])
def test_a_malformed_token_is_refused_not_looked_up(key):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/projects/projects/").status_code == 403


def test_the_schema_states_error_answers_and_month_formats(api_as):
    schema = api_as("admin").get("/api/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "403" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method == "delete":
                assert "409" in codes, (method, path)
            if operation.get("parameters") or "requestBody" in operation:
                assert "400" in codes, (method, path)
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/scheduling/reports/"]["get"]["parameters"]}
    assert parameters["period"]["pattern"] == r"^\d{4}-\d{2}$"
    assert (parameters["year"]["minimum"], parameters["year"]["maximum"]) == (2000, 2100)
    components = schema["components"]["schemas"]
    assert components["MonthlyReport"]["properties"]["period"]["pattern"] == r"^\d{4}-\d{2}$"
    assert "null" in str(components["User"]["properties"]["region"])


@pytest.mark.parametrize(
    "url",
    [
        f"/projects/{2**64}/",
        f"/projects/{2**64}/edit/",
        f"/projects/{2**64}/delete/",
        f"/scheduling/reports/{2**64}/",
        f"/api/projects/projects/{2**64}/",
        f"/api/scheduling/reports/{2**64}/",
    ],
)
def test_ids_beyond_the_integer_range_in_addresses_are_404(url, login):
    assert login("admin").get(url).status_code == 404


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("True", True), ("false", False), ("", None)])
def test_a_yes_no_filter_reads_yes_no_and_either(value, expected, two_projects):
    """The strict yes/no filter still reads what the page's select and the API send."""
    from projects.filtersets import ProjectFilterSet
    from projects.models import Project

    filterset = ProjectFilterSet({"has_code": value}, queryset=Project.objects.all(), request=_admin_request())
    assert filterset.is_valid(), filterset.errors
    assert filterset.form.cleaned_data["has_code"] is expected
