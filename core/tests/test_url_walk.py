"""The URL walk: every URL pattern and API route, tried by users to whom real objects belong to another scope.

The walk reads Django's resolver (UI pages, the API routers' routes and their format-suffix variants); a route
missing from MATRIX fails the test, so a new app cannot forget to say who may reach its pages. The admin site
is left to Django's own staff check, tried once below. Each route is requested with its URL arguments filled
from objects in 鲅鱼圈区 answered for by 工信局 — another district for the 盖州市 clerk, another department for the
自然资源局 user — and by the read-only city leader, who sees them but may change nothing. No answer to the first
two may contain those objects' names or notes (the leak check).
"""

import datetime as dt
import io
import time
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from core.models import Department, Region
from core.testing import user_for
from projects.testing import make_project

pytestmark = pytest.mark.django_db

ROLES = ("gz", "zrzy", "leader")  # 盖州市 clerk, 自然资源局 user, city leader (read-only)
OUT_OF_SCOPE = ("gz", "zrzy")  # the objects below are another scope's for these two
PERIOD = "2024-05"


def per(gz, zrzy, leader) -> dict:
    return {"gz": gz, "zrzy": zrzy, "leader": leader}


def everyone(status) -> dict:
    return per(status, status, status)


# Outcomes, named for what they say.
READ = everyone(200)  # reference data and each user's own pages
REFUSED = everyone(403)  # the city's alone (city-only actions, reference data kept by the city)
HIDDEN = per(404, 404, 200)  # another scope's row: it does not exist for them; the city-wide leader reads it
HIDDEN_WRITE = per(404, 404, 403)  # …and nobody of the three may change it
NOT_ALLOWED = everyone(405)
FORM_ERROR = everyone(400)
REDIRECT = everyone(302)
IMPORT_JOB = per(404, 403, 403)  # a clerk's own upload: another clerk finds nothing; the others may not import


@dataclass(frozen=True)
class Route:
    """What a route is about (the object filling its URL) and the expected status per method and role."""

    obj: str | None
    expect: dict  # method → {role: status}


API_LIST_REFERENCE = Route(None, {"GET": READ, "POST": REFUSED})
API_DETAIL_REFERENCE = Route("{}", {"GET": READ, "PATCH": REFUSED, "DELETE": REFUSED})


def api_reference(obj):
    return Route(obj, {"GET": READ, "PATCH": REFUSED, "DELETE": REFUSED})


def page_reference(obj):
    """The five pages of reference data: everyone reads, only the city keeps."""
    return {
        "_list": Route(None, {"GET": READ}),
        "_add": Route(None, {"GET": REFUSED, "POST": REFUSED}),
        "": Route(obj, {"GET": READ}),
        "_edit": Route(obj, {"GET": REFUSED, "POST": REFUSED}),
        "_delete": Route(obj, {"GET": REFUSED, "POST": REFUSED}),
    }


MATRIX: dict[str, Route] = {
    "home": Route(None, {"GET": READ}),  # the registered widgets (core.registry)
    "favicon.ico": Route(None, {"GET": everyone(204)}),
    "login": Route(None, {"GET": READ}),
    "logout": Route(None, {"GET": NOT_ALLOWED}),  # a POST would sign the walker out; tests elsewhere cover it
    "set_language": Route(None, {"GET": REDIRECT, "POST": REDIRECT}),
    **{f"core:region{k}": v for k, v in page_reference("region").items()},
    **{f"core:department{k}": v for k, v in page_reference("department").items()},
    "core:auditevent_list": Route(None, {"GET": REFUSED}),
    "core:lockouts": Route(None, {"GET": REFUSED, "POST": REFUSED}),
    "projects:overview": Route(None, {"GET": READ}),
    "projects:import": Route(None, {"GET": per(200, 403, 403), "POST": per(400, 403, 403)}),
    **{
        f"projects:import_{step}": Route("job", {"GET": IMPORT_JOB, "POST": IMPORT_JOB})
        for step in ("columns", "preview")
    },
    **{
        f"projects:import_{step}": Route("job", {"GET": IMPORT_JOB})
        for step in ("progress", "status", "result", "mapping")
    },
    "projects:import_errors": Route("job_errors", {"GET": IMPORT_JOB}),
    **{f"projects:projectlist{k}": v for k, v in page_reference("projectlist").items()},
    "projects:project_list": Route(None, {"GET": READ}),
    "projects:project_add": Route(None, {"GET": per(200, 403, 403), "POST": per(400, 403, 403)}),
    "projects:project": Route("project", {"GET": HIDDEN}),
    "projects:project_edit": Route("project", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
    "projects:project_delete": Route("project", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
    # Bulk pages name no object in their address: with nothing ticked those who may change projects get the form
    # back (400); deleting many is the city's alone.
    "projects:project_bulk_edit": Route(None, {"GET": per(400, 400, 403), "POST": per(400, 400, 403)}),
    "projects:project_bulk_delete": Route(None, {"GET": REFUSED, "POST": REFUSED}),
    "scheduling:index": Route(None, {"GET": per(302, 200, 200)}),
    # A district's month: the other district's clerk finds none; a department user sees the month with only its
    # own projects; the leader reads it. Writes: the clerk 404, the department user and the leader 403.
    "scheduling:month": Route("month", {"GET": per(404, 200, 200)}),
    "scheduling:month_row": Route("month_row", {"POST": per(404, 404, 403)}),
    "scheduling:month_row_review": Route("month_row", {"POST": per(404, 404, 403)}),
    "scheduling:month_submit": Route("month", {"POST": per(404, 403, 403)}),
    "scheduling:month_review": Route("month", {"POST": per(404, 403, 403)}),
    "scheduling:month_template": Route("month", {"GET": per(404, 403, 403)}),
    "scheduling:month_upload": Route("month", {"GET": per(404, 403, 403), "POST": per(404, 403, 403)}),
    "scheduling:monthlyreport_list": Route(None, {"GET": READ}),
    "scheduling:monthlyreport": Route("report", {"GET": HIDDEN}),
    "scheduling:monthlyreport_revise": Route("report", {"POST": HIDDEN_WRITE}),
    "scheduling:monthlyreport_photo": Route("report", {"POST": HIDDEN_WRITE}),
    "scheduling:reportphoto_file": Route("photo", {"GET": HIDDEN}),
    **{f"scheduling:holiday{k}": v for k, v in page_reference("holiday").items()},
    "scheduling:warnings": Route(None, {"GET": READ}),
    **{f"scheduling:growthtarget{k}": v for k, v in page_reference("target").items()},
    **{f"scheduling:seasonalprofile{k}": v for k, v in page_reference("profile").items()},
    # The API. Lists answer with what the caller may see; a row of another scope is 404 to those who may not.
    "api-root": Route(None, {"GET": READ}),
    "schema": Route(None, {"GET": READ}),
    "api-docs": Route(None, {"GET": READ}),
    "core-api:api-root": Route(None, {"GET": READ}),
    "core-api:region-list": API_LIST_REFERENCE,
    "core-api:region-detail": api_reference("region"),
    "core-api:department-list": API_LIST_REFERENCE,
    "core-api:department-detail": api_reference("department"),
    # Read-only endpoints: a write is refused by the policy (403) on lists and as a method (405) on rows.
    "core-api:user-list": Route(None, {"GET": READ, "POST": REFUSED}),
    "core-api:user-detail": Route("clerk", {"GET": HIDDEN, "PATCH": NOT_ALLOWED}),
    "projects-summary": Route(None, {"GET": READ}),
    "projects-api:api-root": Route(None, {"GET": READ}),
    "projects-api:project-list": Route(None, {"GET": READ, "POST": per(400, 403, 403)}),
    "projects-api:project-detail": Route("project", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE, "DELETE": HIDDEN_WRITE}),
    "projects-api:investmentplan-list": Route(None, {"GET": READ, "POST": per(400, 403, 403)}),
    "projects-api:investmentplan-detail": Route("plan", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE, "DELETE": HIDDEN_WRITE}),
    "projects-api:listkind-list": API_LIST_REFERENCE,
    "projects-api:listkind-detail": api_reference("listkind"),
    "projects-api:projectlist-list": API_LIST_REFERENCE,
    "projects-api:projectlist-detail": api_reference("projectlist"),
    # Putting a project on a list is the city's: refused to all three (issue 9: a clerk could do it).
    "projects-api:listmembership-list": Route(None, {"GET": READ, "POST": REFUSED}),
    "projects-api:listmembership-detail": Route(
        "membership", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE, "DELETE": HIDDEN_WRITE}
    ),
    "scheduling-api:api-root": Route(None, {"GET": READ}),
    "scheduling-api:warnings-projects": Route(None, {"GET": READ}),
    "scheduling-api:warnings-districts": Route(None, {"GET": READ}),
    # Reports are written through the month pages: a clerk's POST here is not a method of this endpoint.
    "scheduling-api:monthlyreport-list": Route(None, {"GET": READ, "POST": per(405, 403, 403)}),
    "scheduling-api:monthlyreport-detail": Route("report", {"GET": HIDDEN, "PATCH": NOT_ALLOWED}),
    "scheduling-api:growthtarget-list": API_LIST_REFERENCE,
    "scheduling-api:growthtarget-detail": api_reference("target"),
    # Stewardship (issue 12). The walk's problem is assigned to 工信局, on a 鲅鱼圈区 project no walker stewards.
    "stewardship:my_projects": Route(None, {"GET": READ}),
    "stewardship:quick_visit": Route(None, {"GET": per(200, 403, 200), "POST": per(400, 403, 400)}),
    "stewardship:statistics": Route(None, {"GET": READ}),
    "stewardship:notifications": Route(None, {"GET": READ}),
    "stewardship:notifications_read": Route(None, {"POST": REDIRECT}),
    "stewardship:notification_read": Route("notification", {"POST": everyone(404)}),  # another user's
    "stewardship:problem_list": Route(None, {"GET": READ}),
    "stewardship:our_problems": Route(None, {"GET": READ}),
    "stewardship:problem_add": Route(None, {"GET": per(200, 403, 200), "POST": per(400, 403, 400)}),
    "stewardship:problem": Route("problem", {"GET": HIDDEN}),
    "stewardship:problem_edit": Route("problem", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
    "stewardship:problem_delete": Route("problem", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
    "stewardship:problem_transition": Route("problem", {"POST": HIDDEN_WRITE}),
    "stewardship:problem_escalate": Route("problem", {"POST": HIDDEN_WRITE}),
    "stewardship:problem_notice": Route("problem", {"POST": HIDDEN_WRITE}),
    "stewardship:servicephoto_file": Route("servicephoto", {"GET": HIDDEN}),
    **{
        f"stewardship:stewardship{k}": v
        for k, v in {
            "_list": Route(None, {"GET": READ}),
            "_add": Route(None, {"GET": REFUSED, "POST": REFUSED}),
            "": Route("stewardship", {"GET": HIDDEN}),
            "_edit": Route("stewardship", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
            "_delete": Route("stewardship", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
        }.items()
    },
    **{
        f"stewardship:{name}{k}": v
        for name, obj in (("serviceteam", "team"), ("servicelog", "servicelog"))
        for k, v in {
            "_list": Route(None, {"GET": READ}),
            "_add": Route(None, {"GET": per(200, 403, 200), "POST": per(400, 403, 400)}),
            "": Route(obj, {"GET": HIDDEN}),
            "_edit": Route(obj, {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
            "_delete": Route(obj, {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
        }.items()
    },
    "stewardship:supervisionnotice_list": Route(None, {"GET": READ}),
    "stewardship:supervisionnotice": Route("notice", {"GET": HIDDEN}),
    "stewardship:supervisionnotice_edit": Route("notice", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
    **{f"stewardship:problemcategory{k}": v for k, v in page_reference("category").items()},
    **{f"stewardship:overduerule{k}": v for k, v in page_reference("rule").items()},
    "stewardship-api:api-root": Route(None, {"GET": READ}),
    "stewardship-api:statistics": Route(None, {"GET": READ}),
    "stewardship-api:stewardship-list": Route(None, {"GET": READ, "POST": REFUSED}),
    "stewardship-api:stewardship-detail": Route(
        "stewardship", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE, "DELETE": HIDDEN_WRITE}
    ),
    "stewardship-api:serviceteam-list": Route(None, {"GET": READ, "POST": per(400, 403, 400)}),
    "stewardship-api:serviceteam-detail": Route("team", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE, "DELETE": HIDDEN_WRITE}),
    "stewardship-api:servicelog-list": Route(None, {"GET": READ, "POST": per(400, 403, 400)}),
    "stewardship-api:servicelog-detail": Route(
        "servicelog", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE, "DELETE": HIDDEN_WRITE}
    ),
    "stewardship-api:problemcategory-list": API_LIST_REFERENCE,
    "stewardship-api:problemcategory-detail": api_reference("category"),
    "stewardship-api:problem-list": Route(None, {"GET": READ, "POST": per(400, 403, 400)}),
    "stewardship-api:problem-detail": Route("problem", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE, "DELETE": HIDDEN_WRITE}),
    "stewardship-api:problem-transition": Route("problem", {"POST": per(404, 404, 400)}),
    "stewardship-api:problem-escalate": Route("problem", {"POST": HIDDEN_WRITE}),
    "stewardship-api:supervisionnotice-list": Route(None, {"GET": READ}),
    "stewardship-api:supervisionnotice-detail": Route("notice", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE}),
    "stewardship-api:notification-list": Route(None, {"GET": READ}),
    "stewardship-api:notification-detail": Route("notification", {"GET": everyone(404)}),
    "stewardship-api:notification-read": Route("notification", {"POST": everyone(404)}),
    # The dashboard: a district clerk is sent to their district's; a district's view is hidden out of scope.
    "dashboard:index": Route(None, {"GET": per(302, 200, 200)}),
    "dashboard:wall": Route(None, {"GET": per(302, 200, 200)}),
    "dashboard:district": Route("region", {"GET": HIDDEN}),
    "dashboard:geo": Route("city", {"GET": READ}),  # public boundaries, behind the login as the dashboard
    "dashboard-api:api-root": Route(None, {"GET": READ}),
    "dashboard-api:city": Route(None, {"GET": READ}),
    "dashboard-api:district": Route("region", {"GET": HIDDEN}),
    # The race: everyone logged in reads rankings and schemes (published city-wide); only the city keeps them.
    "race:index": Route(None, {"GET": READ}),
    "race:download": Route(None, {"GET": READ}),
    "race:publish": Route(None, {"GET": REFUSED, "POST": REFUSED}),
    **{f"race:racescheme{k}": v for k, v in page_reference("racescheme").items()},
    "race:racescheme_new_version": Route("racescheme", {"POST": REFUSED}),
    "race:racescheme_activate": Route("racescheme", {"POST": REFUSED}),
    "race:racepublication_list": Route(None, {"GET": READ}),
    "race:racepublication": Route("racepublication", {"GET": READ}),
    "race:racepublication_xlsx": Route("racepublication", {"GET": READ}),
    "race-api:api-root": Route(None, {"GET": READ}),
    "race-api:results": Route(None, {"GET": FORM_ERROR}),  # without ?scheme=&period=: the fields are named
    "race-api:publish": Route(None, {"POST": REFUSED}),
    "race-api:racescheme-list": API_LIST_REFERENCE,
    "race-api:racescheme-detail": api_reference("racescheme"),
    "race-api:raceitem-list": API_LIST_REFERENCE,
    "race-api:raceitem-detail": api_reference("raceitem"),
    "race-api:racepublication-list": Route(None, {"GET": READ, "POST": REFUSED}),
    # A publication is never changed, even by the city (a correction is a new one): no PATCH or DELETE at all.
    "race-api:racepublication-detail": Route(
        "racepublication", {"GET": READ, "PATCH": NOT_ALLOWED, "DELETE": NOT_ALLOWED}
    ),
    # documents: the object is a draft, which only the city reads (a district or department reads issued ones)
    "documents:document_list": Route(None, {"GET": READ}),
    "documents:document_add": Route(None, {"GET": REFUSED, "POST": REFUSED}),
    "documents:document": Route("document", {"GET": HIDDEN}),
    "documents:document_progress": Route("document", {"GET": HIDDEN}),
    "documents:document_issue": Route("document", {"POST": HIDDEN_WRITE}),
    "documents:document_docx": Route("document", {"GET": HIDDEN}),
    "documents:document_pdf": Route("document", {"GET": HIDDEN}),
    **{f"documents:issuingbody{k}": v for k, v in page_reference("issuingbody").items()},
    **{
        f"documents:documenttemplate{k}": v
        for k, v in {
            "_list": Route(None, {"GET": READ}),  # an empty list: templates are the city's alone
            "_add": Route(None, {"GET": REFUSED, "POST": REFUSED}),
            "": Route("doctemplate", {"GET": everyone(404)}),
            "_edit": Route("doctemplate", {"GET": everyone(404), "POST": everyone(404)}),
            "_delete": Route("doctemplate", {"GET": everyone(404), "POST": everyone(404)}),
        }.items()
    },
    **{
        f"documents:sentencetemplate{k}": v
        for k, v in {
            "_list": Route(None, {"GET": READ}),  # an empty list: wordings are the city's alone
            "_add": Route(None, {"GET": REFUSED, "POST": REFUSED}),
            "": Route("sentence", {"GET": everyone(404)}),
            "_edit": Route("sentence", {"GET": everyone(404), "POST": everyone(404)}),
            "_delete": Route("sentence", {"GET": everyone(404), "POST": everyone(404)}),
        }.items()
    },
    "documents-api:api-root": Route(None, {"GET": READ}),
    "documents-api:document-list": Route(None, {"GET": READ, "POST": REFUSED}),
    "documents-api:document-detail": Route("document", {"GET": HIDDEN}),
    "documents-api:document-issue": Route("document", {"POST": HIDDEN_WRITE}),
    "documents-api:document-content": Route("document", {"GET": HIDDEN}),
    "documents-api:document-docx": Route("document", {"GET": HIDDEN}),
    "documents-api:document-pdf": Route("document", {"GET": HIDDEN}),
    "documents-api:issuingbody-list": API_LIST_REFERENCE,
    "documents-api:issuingbody-detail": api_reference("issuingbody"),
    "documents-api:documenttemplate-list": Route(None, {"GET": REFUSED}),
    "documents-api:documenttemplate-detail": Route("doctemplate", {"GET": everyone(404)}),
    "documents-api:sentencetemplate-list": Route(None, {"GET": REFUSED}),
    "documents-api:sentencetemplate-detail": Route("sentence", {"GET": everyone(404), "PATCH": everyone(404)}),
    # Indicators (攻坚突破): the department user enters its own (none of the walk's: they are 工信局's), the city
    # reviews, everyone reads the page and the catalogue; values and ranks are another scope's for gz and zrzy.
    "indicators:index": Route(None, {"GET": READ}),
    "indicators:entry": Route(None, {"GET": per(403, 200, 403), "POST": per(403, 302, 403)}),
    "indicators:review": Route(None, {"GET": REFUSED, "POST": REFUSED}),
    "indicators:template": Route(None, {"GET": per(403, 200, 403)}),
    "indicators:upload": Route(None, {"GET": per(403, 200, 403), "POST": per(403, 400, 403)}),
    "indicators:indicatorvalue_list": Route(None, {"GET": READ}),
    "indicators:indicatorvalue_add": Route(None, {"GET": per(403, 200, 403), "POST": per(403, 400, 403)}),
    "indicators:indicatorvalue": Route("indicatorvalue", {"GET": HIDDEN}),
    "indicators:indicatorvalue_edit": Route("indicatorvalue", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
    "indicators:indicatorvalue_delete": Route("indicatorvalue", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
    **{f"indicators:indicator{k}": v for k, v in page_reference("indicator").items()},
    **{f"indicators:indicatorcategory{k}": v for k, v in page_reference("indicatorcategory").items()},
    "indicators:provincerank_list": Route(None, {"GET": READ}),
    "indicators:provincerank_add": Route(None, {"GET": REFUSED, "POST": REFUSED}),
    "indicators:provincerank": Route("provincerank", {"GET": HIDDEN}),
    "indicators:provincerank_edit": Route("provincerank", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
    "indicators:provincerank_delete": Route("provincerank", {"GET": HIDDEN_WRITE, "POST": HIDDEN_WRITE}),
    "indicators-api:api-root": Route(None, {"GET": READ}),
    "indicators-api:figures": Route(None, {"GET": READ}),
    "indicators-api:indicatorcategory-list": API_LIST_REFERENCE,
    "indicators-api:indicatorcategory-detail": api_reference("indicatorcategory"),
    "indicators-api:indicator-list": API_LIST_REFERENCE,
    "indicators-api:indicator-detail": api_reference("indicator"),
    "indicators-api:indicatorvalue-list": Route(None, {"GET": READ, "POST": per(403, 400, 403)}),
    "indicators-api:indicatorvalue-detail": Route(
        "indicatorvalue", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE, "DELETE": HIDDEN_WRITE}
    ),
    "indicators-api:provincerank-list": Route(None, {"GET": READ, "POST": REFUSED}),
    "indicators-api:provincerank-detail": Route(
        "provincerank", {"GET": HIDDEN, "PATCH": HIDDEN_WRITE, "DELETE": HIDDEN_WRITE}
    ),
}


def walk(patterns=None, prefix="", namespace=""):
    """(route name or path, URL pattern) for every pattern below `patterns`, admin site excluded."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or (prefix + str(pattern.pattern)), pattern


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def other_scope(settings, tmp_path):
    """Real objects of 鲅鱼圈区 / 工信局, with names and notes that must never reach the out-of-scope users."""
    from projects.importing.jobs import ImportJob
    from projects.models import InvestmentPlan, ListKind, ListMembership, ProjectList
    from scheduling.models import GrowthTarget, Holiday, MonthlyReport, ReportPhoto, SeasonalProfile

    settings.MEDIA_ROOT = tmp_path
    project = make_project(
        name="鲅鱼圈区仅内部可见港航物流园项目",
        region="210804",
        responsible_department="gxj",
        stage="continuing",
        actual_start=dt.date(2023, 3, 1),
    )
    plan = InvestmentPlan.objects.create(project=project, year=2024, amount=Decimal("5000"))
    kind = ListKind.objects.create(code="walk-key", name="巡检重点清单类别")
    key_list = ProjectList.objects.create(kind=kind, name="巡检省重点项目清单", in_key_library=True)
    membership = ListMembership.objects.create(project=project, project_list=key_list, note="鲅鱼圈区内部备注甲")
    membership.note = "鲅鱼圈区内部备注乙"
    membership.save()  # a change, so the list's merged history has a note to show
    report = MonthlyReport.objects.create(
        project=project,
        period=dt.date(2024, 5, 1),
        month_amount=Decimal("10"),
        ytd_amount=Decimal("10"),
        total_amount=Decimal("10"),
        progress="鲅鱼圈区内部形象进度",
        status="submitted",
    )
    photo = ReportPhoto.objects.create(
        report=report, image=SimpleUploadedFile("site.png", png(), "image/png"), caption="鲅鱼圈区内部照片"
    )
    job = ImportJob.create(user_for("byq"), SimpleUploadedFile("p.csv", "项目名称\n甲\n".encode(), "text/csv"))
    objects = {
        "project": {"pk": project.pk},
        "plan": {"pk": plan.pk},
        "membership": {"pk": membership.pk},
        "report": {"pk": report.pk},
        "photo": {"pk": photo.pk},
        "job": {"job": job.id},
        "job_errors": {"job": job.id, "task": "preview", "suffix": "xlsx"},
        "clerk": {"pk": user_for("byq").pk},
        "month": {"code": "210804", "period": PERIOD},
        "month_row": {"code": "210804", "period": PERIOD, "project_id": project.pk},
        "region": {"pk": Region.objects.get(code="210804").pk},
        "city": {"code": "210800"},
        "department": {"pk": Department.objects.get(code="gxj").pk},
        "listkind": {"pk": kind.pk},
        "projectlist": {"pk": key_list.pk},
        "holiday": {"pk": Holiday.objects.create(date=dt.date(2024, 10, 1), name="国庆节").pk},
        "target": {
            "pk": GrowthTarget.objects.create(region=Region.objects.get(code="210804"), year=2024, target_pct=8).pk
        },
        "profile": {
            "pk": SeasonalProfile.objects.create(
                region=Region.objects.get(code="210804"),
                name="巡检曲线",
                **{f"m{m:02d}": min(m * 9, 100) for m in range(1, 13)},
            ).pk
        },
    }
    objects.update(_stewardship_objects(project))
    objects.update(_race_objects())
    objects.update(_document_objects(tmp_path))
    objects.update(_indicator_objects())
    secrets = [
        *(project.name, "鲅鱼圈区内部备注", "鲅鱼圈区内部形象进度", "鲅鱼圈区内部照片", "工信局内部问题甲"),
        "巡检公文草稿甲",
        "工信局内部指标说明",
    ]
    return objects, secrets


def _stewardship_objects(project) -> dict:
    """A steward (not one of the walkers), a team, a log with a photo, a problem for 工信局 with a notice, a category,
    a rule, and a notification for the 鲅鱼圈区 clerk (nobody else's to read)."""
    from core.models import User
    from stewardship.models import (
        Notification,
        OverdueRule,
        Problem,
        ProblemCategory,
        ServiceLog,
        ServicePhoto,
        ServiceTeam,
        Stewardship,
        SupervisionNotice,
    )

    steward = User.objects.create(username="walk_steward", role="city_leader", last_name="巡")
    stewardship = Stewardship.objects.create(project=project, steward=steward, start=dt.date(2024, 2, 20))
    team = ServiceTeam.objects.create(project=project, name="巡检帮办团队", start=dt.date(2024, 2, 20))
    log = ServiceLog.objects.create(project=project, date=dt.date(2024, 5, 3), participants="巡检管家")
    photo = ServicePhoto.objects.create(log=log, image=SimpleUploadedFile("v.png", png(), "image/png"))
    category = ProblemCategory.objects.create(name="巡检类别")
    problem = Problem.objects.create(
        project=project,
        category=category,
        title="工信局内部问题甲",
        department=Department.objects.get(code="gxj"),
        raised_by=steward,
        raised_on=dt.date(2024, 5, 3),
        deadline=dt.date(2024, 5, 20),
    )
    notice = SupervisionNotice.objects.create(
        problem=problem,
        number="WALK-1",
        issued_on=dt.date(2024, 5, 21),
        deadline=dt.date(2024, 5, 28),
        requirement="报送方案",
    )
    rule = OverdueRule.objects.create(light="yellow", min_days=1)
    note = Notification.objects.create(recipient=user_for("byq"), problem=problem, title="巡检通知")
    return {
        "stewardship": {"pk": stewardship.pk},
        "team": {"pk": team.pk},
        "servicelog": {"pk": log.pk},
        "servicephoto": {"pk": photo.pk},
        "category": {"pk": category.pk},
        "problem": {"pk": problem.pk},
        "notice": {"pk": notice.pk},
        "rule": {"pk": rule.pk},
        "notification": {"pk": note.pk},
    }


def _race_objects() -> dict:
    """A scheme in use ranking 鲅鱼圈区 and 盖州市, with one item, and its May 2024 publication."""
    from race.services import publish
    from race.testing import make_scheme

    scheme = make_scheme()
    publication = publish(scheme, PERIOD)
    return {
        "racescheme": {"pk": scheme.pk},
        "raceitem": {"pk": scheme.items.first().pk},
        "racepublication": {"pk": publication.pk},
    }


def _document_objects(tmp_path) -> dict:
    """An issuing body, a draft document (only the city reads drafts), an uploaded Word template and a wording."""
    from django.core.files import File

    from documents.docx_template import build_default_template
    from documents.models import Document, DocumentTemplate, IssuingBody, SentenceTemplate

    body = IssuingBody.objects.create(
        name="巡检发文机关", mark="巡检发文机关文件", number_prefix="巡发", signature="巡检"
    )
    draft = Document.objects.create(
        kind="circular", period=PERIOD, year=2024, issuing_body=body, title="巡检公文草稿甲"
    )
    build_default_template(tmp_path / "walk.docx")
    with open(tmp_path / "walk.docx", "rb") as handle:
        template = DocumentTemplate.objects.create(kind="circular", name="巡检模板", file=File(handle, "walk.docx"))
    wording, _created = SentenceTemplate.objects.get_or_create(
        kind="midyear", key="bullet", defaults={"text": "{name}{value}"}
    )
    return {
        "issuingbody": {"pk": body.pk},
        "document": {"pk": draft.pk},
        "doctemplate": {"pk": template.pk},
        "sentence": {"pk": wording.pk},
    }


def _indicator_objects() -> dict:
    """A 工信局 indicator with a city value (its note secret) and a province rank."""
    from indicators.testing import make_indicator, make_rank, make_value

    indicator = make_indicator(code="walk_projects", name="巡检技术创新项目")
    value = make_value(indicator, note="工信局内部指标说明")
    return {
        "indicator": {"pk": indicator.pk},
        "indicatorcategory": {"pk": indicator.category_id},
        "indicatorvalue": {"pk": value.pk},
        "provincerank": {"pk": make_rank(indicator).pk},
    }


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _request(client, method: str, url: str, is_api: bool):
    if method == "GET":
        # API routes without a format suffix answer as the browsable API, with its filter and POST forms, whose
        # choices are leak-checked too; the ".json" variants answer JSON.
        return client.get(url, headers={"accept": "text/html, */*;q=0.8"} if is_api else {})
    if is_api:
        return client.generic(method, url, "{}", content_type="application/json")
    return client.post(url, {})


def test_every_route_is_in_the_matrix_and_answers_as_it_says(client, other_scope):
    objects, secrets = other_scope
    routes = list(walk())
    missing = sorted({name for name, _pattern in routes if name not in MATRIX})
    assert not missing, f"routes with no line in the URL-walk matrix: {missing}"
    stale = sorted(set(MATRIX) - {name for name, _pattern in routes})
    assert not stale, f"matrix lines for routes that no longer exist: {stale}"

    started = time.monotonic()
    mismatches, leaks, requests = [], [], 0
    seen_by_leader: set[str] = set()
    for role in ROLES:
        client.force_login(user_for(role))
        for name, pattern in routes:
            route = MATRIX[name]
            kwargs = dict(objects[route.obj]) if route.obj else {}
            if "format" in pattern.pattern.regex.groupindex:
                kwargs["format"] = "json"
            url = reverse(name, kwargs=kwargs) if ":" in name or pattern.name else "/" + name
            is_api = url.startswith("/api/")
            for method, outcome in route.expect.items():
                response = _request(client, method, url, is_api)
                requests += 1
                if response.status_code != outcome[role]:
                    mismatches.append(f"{role} {method} {url} ({name}): {response.status_code}, not {outcome[role]}")
                body = _body(response)
                if role in OUT_OF_SCOPE:
                    leaks += [f"{role} {method} {url}: «{secret}»" for secret in secrets if secret in body]
                else:
                    seen_by_leader.update(secret for secret in secrets if secret in body)
    elapsed = time.monotonic() - started
    print(f"URL walk: {len(routes)} routes, {requests} requests, {len(leaks)} leaks, {elapsed:.1f} s")
    assert not mismatches, "\n".join(mismatches)
    assert not leaks, "\n".join(leaks)
    # The control: the city-wide leader does meet every one of those names on some page, so the objects were real
    # and the routes reached them.
    assert seen_by_leader == set(secrets)


def test_the_admin_site_is_for_the_city_only(client):
    """The admin site, left out of the walk, lets none of the three in, even when one of them carries the staff
    flag (its door asks the policy too); the city administrator enters."""
    for role in ROLES:
        user = user_for(role)
        user.is_staff = True
        user.save()
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"], role
    client.force_login(user_for("admin"))
    assert client.get(reverse("admin:index")).status_code == 200
