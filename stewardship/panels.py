"""What stewardship shows on the project page (registered as panels through core.registry): the steward and the
service teams with "一张图表" — this year's plan against the monthly completed investment — and the service
timeline with the project's problems. Every row is cut to what the user may see."""

from core.clock import today
from core.permissions import VIEW, role_allows
from stewardship.choices import UNSOLVED
from stewardship.models import Problem, ServiceLog, ServiceTeam, Stewardship

TIMELINE_LENGTH = 12


def plan_chart(project, year: int, user) -> dict | None:
    """The chart's data for a user: scheduling's month series of the project, from the reports they may see."""
    from scheduling.figures import project_month_series
    from scheduling.models import MonthlyReport

    if not role_allows(user, MonthlyReport, VIEW):
        return None
    return project_month_series(project, year, user)


def steward_panel(request, project) -> dict:
    """The project's steward(s), its teams with their named roles, and the plan-against-progress chart."""
    user = request.user
    if not role_allows(user, Stewardship, VIEW):
        return {}
    stewards = Stewardship.objects.restrict(user, VIEW).filter(project=project).select_related("steward")
    teams = ServiceTeam.objects.restrict(user, VIEW).filter(project=project).prefetch_related("members")
    chart = plan_chart(project, today().year, user)
    if not stewards and not teams and chart is None:
        return {}
    return {"stewards": stewards, "teams": teams, "chart": chart}


def problems_panel(request, project) -> dict:
    """The latest service on the project and its problems (open first), with links to log a visit or raise one."""
    user = request.user
    if not role_allows(user, Problem, VIEW):
        return {}
    logs = ServiceLog.objects.restrict(user, VIEW).filter(project=project).select_related("recorded_by")
    problems = Problem.objects.restrict(user, VIEW).filter(project=project).select_related("department")
    if not logs.exists() and not problems.exists():
        return {}
    return {
        "logs": logs[:TIMELINE_LENGTH],
        "open_problems": problems.filter(status__in=UNSOLVED).order_by("deadline"),
        "closed_problems": problems.exclude(status__in=UNSOLVED).order_by("-solved_on")[:TIMELINE_LENGTH],
    }
