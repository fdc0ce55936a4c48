"""Test rows of stewardship: a steward (leader_zhang) on a 鲅鱼圈区 project, a category, problems."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import Department
from core.testing import user_for
from projects.testing import make_project
from stewardship.models import Problem, ProblemCategory, Stewardship

RAISED = dt.date(2024, 5, 6)


def png(name="site.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def stewarded_project(**kwargs):
    """A 鲅鱼圈区 project stewarded by leader_zhang."""
    project = make_project(**{"region": "210804", "responsible_department": "zrzyj", **kwargs})
    Stewardship.objects.create(project=project, steward=user_for("leader"), start=dt.date(2024, 2, 20))
    return project


def category(name="用地") -> ProblemCategory:
    return ProblemCategory.objects.get_or_create(name=name)[0]


def problem(project=None, department="zrzyj", raiser="leader", **kwargs) -> Problem:
    """A problem raised by `raiser` on `project` (a fresh stewarded one by default), for `department`."""
    fields = {
        "project": project or stewarded_project(),
        "category": category(),
        "title": "建设用地指标不足",
        "department": Department.objects.get(code=department),
        "raised_by": user_for(raiser),
        "raised_on": RAISED,
        "deadline": RAISED + dt.timedelta(days=20),
        **kwargs,
    }
    return Problem.objects.create(**fields)


def plan_and_reports(project, plan: str, ytd_by_month: dict, year: int = 2024) -> None:
    """The project's annual plan and approved monthly reports with the given year-to-date figures (the chart's data)."""
    from projects.models import InvestmentPlan
    from scheduling.models import MonthlyReport

    InvestmentPlan.objects.create(project=project, year=year, amount=plan)
    for month, ytd in ytd_by_month.items():
        MonthlyReport.objects.create(
            project=project,
            period=dt.date(year, month, 1),
            month_amount="1",
            ytd_amount=ytd,
            total_amount=ytd,
            status="approved",
        )
