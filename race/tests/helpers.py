"""Small cities for race tests: regions with a project, its annual plan and monthly reports."""

import datetime as dt
from decimal import Decimal

from projects.models import InvestmentPlan
from projects.testing import make_project
from scheduling.choices import ReportStatus
from scheduling.models import MonthlyReport


def region_with(code: str, plan, months: dict, year: int = 2024, name: str | None = None):
    """A continuing project in region `code` with `plan` (万元) for `year` and reports {month: amount}."""
    project = make_project(
        name=name or f"赛马测试项目{code}-{year}",
        region=code,
        stage="continuing",
        actual_start=dt.date(2022, 3, 1),
        total_investment=Decimal("99999"),
    )
    InvestmentPlan.objects.create(project=project, year=year, amount=Decimal(plan))
    add_reports(project, months, year)
    return project


def add_reports(project, months: dict, year: int = 2024) -> None:
    """Submitted reports for the given months (cumulative kept consistent)."""
    total = Decimal(0)
    for month in sorted(months):
        total += Decimal(months[month])
        MonthlyReport.objects.create(
            project=project,
            period=dt.date(year, month, 1),
            month_amount=Decimal(months[month]),
            ytd_amount=total,
            total_amount=total,
            status=ReportStatus.SUBMITTED,
        )
