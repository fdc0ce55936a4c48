"""Query counts do not grow with the data: each main page and API list answers with as many queries for 3 projects
as for 30 (with their plans, lists, monthly reports, returned and recalculated months, change history and audit
events), so a new N+1 pattern fails here before it reaches a city with 3,000 projects per district.

Each page is requested twice at each size and the second count is compared (the first may fill per-process
caches: content types, the schema, translations).
"""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent, Department, Region
from core.testing import user_for
from projects.models import InvestmentPlan, ListKind, ListMembership, ProjectList
from projects.testing import make_project
from scheduling.choices import ReportStatus
from scheduling.models import MonthlyReport, PendingRecalculation

pytestmark = pytest.mark.django_db
REGIONS = ["210804", "210881"]


class City:
    """Grows a city's data in steps: projects with everything a page may show per row, and one project whose own
    history, lists and plans grow (the detail page's N+1 patterns)."""

    def __init__(self):
        kind = ListKind.objects.create(code="qc", name="测试清单类", sort_order=1)
        self.kind = kind
        self.lists = [ProjectList.objects.create(kind=kind, name="重点测试清单", in_key_library=True)]
        self.departments = list(Department.objects.order_by("pk")[:4])
        self.count = 0
        self.first = None

    def grow(self, to: int) -> None:
        while self.count < to:
            self.add_project(self.count)
            self.count += 1
        self.grow_first()

    def add_project(self, n: int) -> None:
        project = make_project(
            name=f"查询计数项目{n:03d}",
            region=REGIONS[n % 2],
            stage="continuing",
            actual_start=dt.date(2023, 3, 1),
            responsible_department=self.departments[n % 2],
        )
        self.first = self.first or project
        InvestmentPlan.objects.create(project=project, year=2024, amount=D("1200"))
        ListMembership.objects.create(project=project, project_list=self.lists[0])
        reports = []
        for month in range(1, 7):
            status = ReportStatus.APPROVED if month < 6 else [ReportStatus.RETURNED, ReportStatus.SUBMITTED][n % 2]
            reports.append(
                MonthlyReport.objects.create(
                    project=project,
                    period=dt.date(2024, month, 1),
                    month_amount=D("10"),
                    ytd_amount=D("10") * month,
                    total_amount=D("10") * month,
                    status=status,
                    review_comment="请补充形象进度" if status == ReportStatus.RETURNED else "",
                )
            )
        PendingRecalculation.objects.create(
            report=reports[4], cause=reports[3], ytd_delta=D("1"), total_delta=D("1"), reason="测试重算"
        )
        # History with changed foreign keys (each resolved for display) and a changed amount.
        project.responsible_department = self.departments[2 + n % 2]
        project.total_investment += 1
        project.save()
        AuditEvent.objects.create(action="login", username=f"user{n}", path="/login/")

    def grow_first(self) -> None:
        """The detail page's project gets another list, another year's plan and two more changes per step."""
        step = len(self.lists)
        extra = ProjectList.objects.create(kind=self.kind, name=f"测试清单{step}", in_key_library=step % 2 == 0)
        self.lists.append(extra)
        ListMembership.objects.create(project=self.first, project_list=extra)
        InvestmentPlan.objects.create(project=self.first, year=2024 - step, amount=D("100"))
        for department in self.departments[:2]:
            self.first.responsible_department = department
            self.first.region = Region.objects.get(code=REGIONS[step % 2])
            self.first.save()


def pages(city: City) -> list[tuple[str, str]]:
    first = city.first.pk
    byq = Region.objects.get(code="210804").pk
    return [
        ("admin", "/projects/"),
        ("admin", "/projects/?stage=continuing&sort=name"),
        ("admin", f"/projects/{first}/"),
        ("admin", "/projects/lists/"),
        ("admin", "/projects/overview/"),
        ("admin", "/projects/overview/?as_of=2024-12-31"),
        ("admin", "/scheduling/?period=2024-06"),
        ("byq", "/scheduling/210804/2024-06/"),
        ("admin", "/scheduling/210804/2024-05/"),
        ("admin", "/scheduling/reports/"),
        ("admin", "/scheduling/warnings/?as_of=2024-07-15"),
        # Judged in the database (scheduling.light_sql): filters, a district's scope and the 预警 filter too.
        ("admin", "/scheduling/warnings/?as_of=2024-07-15&light=red&kind=completion"),
        ("byq", "/scheduling/warnings/?as_of=2024-07-15&page=1"),
        ("admin", "/projects/?light=yellow"),
        ("admin", "/core/audit/"),
        ("admin", "/api/projects/projects/"),
        ("admin", "/api/projects/projects/?light=red"),
        ("admin", "/api/projects/memberships/"),
        ("admin", "/api/scheduling/reports/"),
        ("admin", "/api/scheduling/warnings/projects/?as_of=2024-07-15"),
        ("admin", "/api/scheduling/warnings/districts/?as_of=2024-07-15"),
        ("admin", "/dashboard/?month=2024-05"),
        ("admin", f"/dashboard/district/{byq}/?month=2024-05"),
        ("byq", f"/dashboard/district/{byq}/?month=2024-05"),
        ("zrzy", "/dashboard/?month=2024-05"),
        ("admin", "/api/dashboard/city/?month=2024-05"),
    ]


def count_queries(client, url: str) -> int:
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_every_main_page_needs_as_many_queries_for_30_projects_as_for_3(client):
    city = City()
    counts = {}
    for size in (3, 30):
        city.grow(size)
        for role, url in pages(city):
            client.force_login(user_for(role))
            # Keyed by role too: the same page may be counted as two users (a clerk's district, the city's).
            counts.setdefault(f"{role} {url}", []).append(count_queries(client, url))
    grew = {url: pair for url, pair in counts.items() if pair[0] != pair[1]}
    assert not grew, f"queries (3 projects, 30 projects) grew with the data: {grew}"
