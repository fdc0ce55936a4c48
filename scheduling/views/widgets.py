"""What scheduling shows on pages other apps own, registered through core.registry in the app's `ready()`:
the home page's headline figures and the project page's monthly figures and light."""

from core.clock import today
from core.permissions import VIEW, role_allows
from projects.models import Project
from scheduling.figures import headline
from scheduling.models import MonthlyReport
from scheduling.views.warnings import light_badge
from scheduling.warnings import project_lights, visible_district_ids


def headline_widget(request) -> dict:
    """开复工, year to date, growth and plan against 序时 as of the (demo's) today, for the city and the districts.

    The city row is everyone's who may see projects (the circulars publish it, and district lights are judged
    against it); the district rows are those whose lights the user may see (every district for city-wide roles,
    their own for a district, none for a department user, whose view of a district is partial).
    """
    if not role_allows(request.user, Project, VIEW):
        return {}
    return {"headline": headline(today(), visible_district_ids(request.user))}


def project_panel(request, project) -> dict:
    """The project's light today with its reasons, and this year's monthly reports the user may see."""
    if not role_allows(request.user, MonthlyReport, VIEW):
        return {}
    as_of = today()
    reports = (
        MonthlyReport.objects.restrict(request.user, VIEW)
        .filter(project=project, period__year=as_of.year)
        .order_by("period")
    )
    lights = project_lights(Project.objects.filter(pk=project.pk), as_of)
    light = lights[0] if lights else None
    return {
        "as_of": as_of,
        "reports": reports,
        "light": light,
        "badge": light_badge(light.light) if light else "",
    }
