"""A steward's "my projects" (tablet and phone), the quick visit form (a 390 px phone), the statistics page with
its .xlsx export, and the user's notifications (the bell)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.clock import today
from core.exports import rows_to_xlsx, xlsx_response
from core.permissions import ADD, CHANGE, VIEW, role_allows
from core.views.generic import ObjectListView
from projects.models import Project
from stewardship import forms
from stewardship.choices import UNSOLVED
from stewardship.filtersets import NotificationFilterSet
from stewardship.models import Notification, Problem, ServiceLog, ServicePhoto
from stewardship.statistics import FIGURE_LABELS, FIGURES, LEVELS, Period, statistics
from stewardship.tables import NotificationTable
from stewardship.transitions import raise_problem
from stewardship.views.problems import add_errors


def my_projects(user, as_of):
    """The projects `user` stewards now, each with its light, open problems, last service and the year's plan
    against monthly progress (the project panel's chart, through the same scheduling figure)."""
    from scheduling.lights import project_lights
    from stewardship.panels import plan_chart
    from stewardship.statistics import active_stewardships

    ids = active_stewardships(as_of).filter(steward=user).values("project_id")
    projects = (
        Project.objects.filter(pk__in=ids)
        .select_related("region")
        .annotate(last_service=Max("service_logs__date"))
        .order_by("name")
    )
    lights = {item.project.pk: item.light for item in project_lights(Project.objects.filter(pk__in=ids), as_of)}
    open_problems = {}
    for problem in Problem.objects.filter(project__in=ids, status__in=UNSOLVED).select_related("department"):
        open_problems.setdefault(problem.project_id, []).append(problem)
    return [
        {
            "project": p,
            "light": lights.get(p.pk, ""),
            "problems": open_problems.get(p.pk, []),
            "last_service": p.last_service,
            "chart": plan_chart(p, as_of.year, user),
            "chart_id": f"plan-chart-{p.pk}",
        }
        for p in projects
    ]


class MyProjectsView(LoginRequiredMixin, View):
    """A steward's projects as cards: light, open problems, last visit, and a button to log a visit."""

    def get(self, request):
        as_of = today()
        return render(
            request,
            "stewardship/my_projects.html",
            {
                "cards": my_projects(request.user, as_of),
                "as_of": as_of,
                "can_log": role_allows(request.user, ServiceLog, ADD),
            },
        )


class QuickVisitView(LoginRequiredMixin, View):
    """Log a visit, phone survey or meeting with photos and a problem found on the spot, in one transaction."""

    def _check(self, request):
        if not role_allows(request.user, ServiceLog, ADD):
            raise PermissionDenied(_("您无权记录服务。"))

    def _page(self, request, form, status=200):
        return render(request, "stewardship/quick_visit.html", {"form": form}, status=status)

    def get(self, request):
        self._check(request)
        initial = {"project": request.GET["project"]} if request.GET.get("project", "").isdigit() else {}
        return self._page(request, forms.QuickVisitForm(initial=initial, user=request.user))

    def post(self, request):
        self._check(request)
        form = forms.QuickVisitForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self._page(request, form, status=400)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                log = form.save(commit=False)
                log.recorded_by = request.user
                log.save()
                if not ServiceLog.objects.restrict(request.user, ADD).filter(pk=log.pk).exists():
                    raise ValidationError(
                        {"project": _("项目「%(project)s」不在您的服务或管辖范围内。") % {"project": log.project}}
                    )
                for upload in data["photos"]:
                    ServicePhoto.objects.create(log=log, image=upload, caption=upload.name[:200])
                if data.get("problem_title"):
                    raise_problem(
                        Problem(
                            project=log.project,
                            category=data["problem_category"],
                            title=data["problem_title"],
                            department=data["problem_department"],
                            raised_on=log.date,
                            deadline=data["problem_deadline"],
                            service_log=log,
                        ),
                        request.user,
                    )
        except ValidationError as error:
            add_errors(form, error)
            return self._page(request, form, status=400)
        messages.success(request, _("已记录：%(log)s。") % {"log": log})
        return redirect("stewardship:my_projects")


class StatisticsView(LoginRequiredMixin, View):
    """Service and problem figures for a period and level, over what the user may see; ?export=xlsx downloads."""

    def get(self, request):
        form = forms.StatisticsForm(request.GET or None)
        rows, period, level = [], None, "city"
        if not request.GET or form.is_valid():
            data = form.cleaned_data if request.GET else {}
            level = data.get("level") or "city"
            period = Period(data.get("start"), data.get("end") or today())
            rows = statistics(period, level, request.user)
            if request.GET.get("export") == "xlsx":
                header = [str(LEVELS[level][0]), *(str(FIGURE_LABELS[name]) for name in FIGURES)]
                body = [[row["name"], *(row[name] for name in FIGURES)] for row in rows]
                name = _("项目管家统计")
                return xlsx_response(rows_to_xlsx(name, header, body), f"{name}-{period.end:%Y%m%d}.xlsx")
        return render(
            request,
            "stewardship/statistics.html",
            {
                "form": form,
                "rows": [{"name": row["name"], "values": [row[name] for name in FIGURES]} for row in rows],
                "period": period,
                "level_label": LEVELS[level][0],
                "columns": [(name, FIGURE_LABELS[name]) for name in FIGURES],
                "export_query": request.GET.urlencode() + "&export=xlsx" if request.GET else "export=xlsx",
            },
            status=200 if rows or not request.GET or form.is_valid() else 400,
        )


class NotificationListView(ObjectListView):
    """The user's own notifications (the bell opens it)."""

    queryset = Notification.objects.select_related("problem")
    table_class = NotificationTable
    filterset_class = NotificationFilterSet


class NotificationReadView(LoginRequiredMixin, View):
    """POST: mark one notification read (pk) or all of the user's (no pk)."""

    def post(self, request, pk=None):
        mine = Notification.objects.restrict(request.user, CHANGE).filter(read_at__isnull=True)
        if pk is not None:
            note = get_object_or_404(Notification.objects.restrict(request.user, VIEW), pk=pk)
            mine = mine.filter(pk=note.pk)
        mine.update(read_at=timezone.now())
        target = request.POST.get("next", "")
        return redirect(
            target if target.startswith("/") and not target.startswith("//") else "stewardship:notifications"
        )
