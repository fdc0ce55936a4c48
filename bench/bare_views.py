"""The bench's yardsticks: bare Django views returning the same rows (or one SQL aggregate of the same figures).

Mounted under /bare/ beside the product's URLs (this module is the bench's ROOT_URLCONF), so a bare view goes
through the same middleware, session and login as the page it is compared with. Each returns the rows its page
shows (the same restriction, ordering and page size) rendered by one small template, or as JSON for the API.
"""

import datetime as dt

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template import Context, Template
from django.template.response import TemplateResponse
from django.urls import include, path

from core.models import AuditEvent, Region
from core.permissions import VIEW
from projects.models import Project
from scheduling.models import MonthlyReport
from scheduling.services import expected_projects

ROWS = Template(
    "<table>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table>"
    "<p>{{ count }}</p>"
)
PROJECT_COLUMNS = (
    "pk",
    "name",
    "region__name",
    "industry",
    "stage",
    "total_investment",
    "planned_start",
    "responsible_department__name",
)
REPORT_COLUMNS = ("pk", "project__name", "period", "month_amount", "ytd_amount", "total_amount", "status")


def frame(request):
    """The product's layout (navigation, bell, user menu, footer) with nothing in it: the floor of every page."""
    return TemplateResponse(request, "base.html", {})


def _rows(rows, count=None) -> HttpResponse:
    return HttpResponse(ROWS.render(Context({"rows": rows, "count": count})))


def project_list(request):
    projects = Project.objects.restrict(request.user, VIEW)
    return _rows(list(projects.values_list(*PROJECT_COLUMNS)[:50]), projects.count())


def project_detail(request, pk):
    project = Project.objects.restrict(request.user, VIEW).values_list(*PROJECT_COLUMNS).get(pk=pk)
    history = Project.history.filter(id=pk).values_list("history_date", "history_type", "history_user__username")
    plans = Project.objects.get(pk=pk).plans.values_list("year", "amount")
    return _rows([project, *history[:200], *plans])


def report_list(request):
    reports = MonthlyReport.objects.restrict(request.user, VIEW)
    return _rows(list(reports.values_list(*REPORT_COLUMNS)[:50]), reports.count())


def audit_list(request):
    events = AuditEvent.objects.all()
    return _rows(list(events.values_list("time", "action", "username", "path", "object_repr")[:50]), events.count())


def month_page(request, code, period):
    """The district's projects due in the month beside their report, in one query."""
    first = dt.date.fromisoformat(period + "-01")
    region = Region.objects.get(code=code)
    projects = expected_projects([region.pk], first).restrict(request.user, VIEW)
    rows = projects.values_list("pk", "name", "total_investment")
    reports = dict(
        MonthlyReport.objects.filter(project__in=projects.values("pk"), period=first).values_list(
            "project_id", "month_amount"
        )
    )
    return _rows([(*row, reports.get(row[0])) for row in rows])


def sql(query: str, params=()) -> list:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def overview(request):
    """The overview's figures in one hand-written statement (`summary_sql`: libraries and lists, investment, plan),
    as of the date asked (default the bench's today: the live tables)."""
    from pages_bench import TODAY
    from summary_sql import summary_params, summary_sql

    as_of = request.GET.get("as_of")
    params = summary_params(dt.date.fromisoformat(as_of or TODAY))
    return _rows(sql(summary_sql(snapshot=as_of is not None), params))


def month_index(request):
    """The month index's figures in one hand-written statement (`month_index_sql`), for June 2024."""
    from month_index_sql import MONTH_INDEX_SQL, month_index_params

    return _rows(sql(MONTH_INDEX_SQL, month_index_params(dt.date(2024, 6, 1))))


def warnings(request):
    """The warnings page's figures in one hand-written statement (`warnings_sql`: every subject's light by the same
    rule, the 50 worst, the counts per light, the districts' two years), as of the bench's today; `?projects` for
    the API's list, which has no districts."""
    from pages_bench import TODAY
    from warnings_sql import warnings_sql

    statement, params = warnings_sql(dt.date.fromisoformat(TODAY), districts="projects" not in request.GET)
    return _rows(sql(statement, params))


def api_projects(request):
    projects = Project.objects.restrict(request.user, VIEW)
    return JsonResponse({"count": projects.count(), "results": list(projects.values(*PROJECT_COLUMNS)[:50])})


def api_reports(request):
    reports = MonthlyReport.objects.restrict(request.user, VIEW)
    return JsonResponse({"count": reports.count(), "results": list(reports.values(*REPORT_COLUMNS)[:50])})


def api_schema(request):
    return HttpResponse("openapi: 3.0.3\n", content_type="application/vnd.oai.openapi")


bare = [
    path("frame/", frame),
    path("projects/", project_list),
    path("projects/<int:pk>/", project_detail),
    path("overview/", overview),
    path("scheduling/", month_index),
    path("scheduling/<str:code>/<str:period>/", month_page),
    path("reports/", report_list),
    path("warnings/", warnings),
    path("audit/", audit_list),
    path("api/projects/", api_projects),
    path("api/reports/", api_reports),
    path("api/schema/", api_schema),
]

urlpatterns = [path("bare/", include(bare)), path("", include("gongjian.urls"))]
handler404 = "core.views.errors.page_not_found"
