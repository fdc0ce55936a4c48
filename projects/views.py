"""Project pages: list, detail (with libraries and why), edit, delete; lists; the library overview."""

import datetime as dt

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import VIEW, scope_q
from core.views.generic import ObjectDeleteView, ObjectEditView, ObjectListView, ObjectView
from projects.choices import Stage
from projects.filtersets import ProjectFilterSet, ProjectListFilterSet
from projects.forms import ContactFormSet, FundingFormSet, PlanFormSet, ProjectForm, ProjectListForm
from projects.libraries import libraries_with_reasons, no_library_reason
from projects.models import FundingSource, InvestmentPlan, ListMembership, Project, ProjectContact, ProjectList
from projects.services import ZERO, library_overview
from projects.stages import allowed_targets
from projects.tables import ProjectListTable, ProjectTable

PROJECT_QUERYSET = Project.objects.select_related("region", "responsible_department")


class ProjectListView(ObjectListView):
    queryset = PROJECT_QUERYSET
    filterset_class = ProjectFilterSet
    table_class = ProjectTable


class ProjectView(ObjectView):
    queryset = PROJECT_QUERYSET
    template_name = "projects/project_detail.html"
    related_history = [
        (InvestmentPlan, "project"),
        (ListMembership, "project"),
        (FundingSource, "project"),
        (ProjectContact, "project"),
    ]

    def get_extra_context(self, obj):
        memberships = list(obj.memberships.select_related("project_list__kind"))
        libraries = libraries_with_reasons(obj, memberships)
        return {
            "libraries": libraries,
            "no_library_reason": "" if libraries else no_library_reason(obj),
            "memberships": memberships,
            "plans": obj.plans.all(),
            "funding": obj.funding.all(),
            "contacts": obj.contacts.all(),
            "next_stages": [str(Stage(stage).label) for stage in allowed_targets(obj, self.request.user)],
        }


class ProjectEditView(ObjectEditView):
    queryset = Project.objects.all()
    form_class = ProjectForm
    inline_formsets = [("plans", PlanFormSet), ("funding", FundingFormSet), ("contacts", ContactFormSet)]


class ProjectDeleteView(ObjectDeleteView):
    queryset = Project.objects.all()
    allow_delete_with_reason = True  # a project with monthly reports: terminated, or deleted by the city with a reason


MONEY = DecimalField(max_digits=18, decimal_places=2)


class ProjectListsView(ObjectListView):
    queryset = ProjectList.objects.select_related("kind")
    filterset_class = ProjectListFilterSet
    table_class = ProjectListTable

    def get_queryset(self):
        # Counts and sums only over the projects this user may see.
        visible = Project.objects.restrict(self.request.user, VIEW).values("pk")
        return (
            super()
            .get_queryset()
            .annotate(
                project_count=Count("memberships", filter=_member_of(visible)),
                investment=Coalesce(
                    Sum("memberships__project__total_investment", filter=_member_of(visible)),
                    Value(ZERO),
                    output_field=MONEY,
                ),
            )
            .order_by(*ProjectList._meta.ordering)
        )


def _member_of(visible):
    return Q(memberships__project__in=visible)


class ProjectListDetailView(ObjectView):
    """One list's page: its details and its (visible) projects."""

    queryset = ProjectList.objects.select_related("kind")
    template_name = "projects/projectlist_detail.html"
    related_history = [(ListMembership, "project_list")]

    def get_extra_context(self, obj):
        projects = PROJECT_QUERYSET.restrict(self.request.user, VIEW).filter(memberships__project_list=obj)
        table = ProjectTable(projects)
        table.paginate(page=self.request.GET.get("page", 1), per_page=50)
        return {"table": table}


class ProjectListEditView(ObjectEditView):
    queryset = ProjectList.objects.all()
    form_class = ProjectListForm


class ProjectListDeleteView(ObjectDeleteView):
    queryset = ProjectList.objects.all()


class LibraryOverviewView(LoginRequiredMixin, View):
    """Counts and total investment per library, per region and per list, for what the user may see."""

    def get(self, request):
        as_of, error = None, ""
        if request.GET.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(request.GET["as_of"])
            except ValueError:
                error = _("日期「%(value)s」无法识别，请按 YYYY-MM-DD 填写；下面显示的是当前数据。") % {
                    "value": request.GET["as_of"]
                }
        overview = library_overview(as_of=as_of, scope=scope_q(request.user, Project, VIEW))
        return render(request, "projects/overview.html", {"overview": overview, "as_of": as_of, "error": error})
