"""Project pages: list, detail (with libraries and why), edit, delete; lists; the library overview."""

import datetime as dt

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.money import MONEY_DIGITS
from core.permissions import VIEW
from core.views.bulk import ObjectBulkActionView, ObjectBulkDeleteView
from core.views.generic import ObjectDeleteView, ObjectEditView, ObjectListView, ObjectView
from core.views.plugins import project_panels, project_tabs
from core.views.registration import register_model_view
from projects.bulk import bulk_delete_projects, bulk_edit_projects
from projects.choices import Stage
from projects.filtersets import ProjectFilterSet, ProjectListFilterSet
from projects.forms import (
    ContactFormSet,
    FundingFormSet,
    PlanFormSet,
    ProjectBulkEditForm,
    ProjectForm,
    ProjectListForm,
)
from projects.libraries import libraries_with_reasons, no_library_reason
from projects.models import FundingSource, InvestmentPlan, ListMembership, Project, ProjectContact, ProjectList
from projects.services import ZERO, overview_for
from projects.stages import allowed_targets
from projects.tables import ProjectListTable, ProjectTable

PROJECT_QUERYSET = Project.objects.select_related("region", "responsible_department")


@register_model_view(Project, "list", detail=False)
class ProjectListView(ObjectListView):
    queryset = PROJECT_QUERYSET
    filterset_class = ProjectFilterSet
    table_class = ProjectTable


@register_model_view(Project)
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
            # Other apps' cards and links about the project (monthly figures, stewards …), as they registered them.
            "panels": project_panels(self.request, obj),
            "tabs": project_tabs(self.request, obj),
        }


@register_model_view(Project, "add", detail=False)
@register_model_view(Project, "edit")
class ProjectEditView(ObjectEditView):
    queryset = Project.objects.all()
    form_class = ProjectForm
    inline_formsets = [("plans", PlanFormSet), ("funding", FundingFormSet), ("contacts", ContactFormSet)]


@register_model_view(Project, "delete")
class ProjectDeleteView(ObjectDeleteView):
    queryset = Project.objects.all()
    allow_delete_with_reason = True  # a project with monthly reports: terminated, or deleted by the city with a reason


@register_model_view(Project, "bulk_edit", detail=False, path="edit")
class ProjectBulkEditView(ObjectBulkActionView):
    """Change department, lists or stage of the ticked projects (projects.bulk checks every row)."""

    queryset = Project.objects.all()
    form_class = ProjectBulkEditForm
    title = gettext_lazy("批量修改项目")
    done_message = gettext_lazy("已修改 %(count)d 个项目，变更已记入各项目的历史。")

    def apply(self, ids, data):
        return bulk_edit_projects(
            self.request.user,
            ids,
            responsible_department=data.get("responsible_department"),
            stage=data.get("stage") or "",
            add_lists=data.get("add_lists") or (),
            remove_lists=data.get("remove_lists") or (),
            reason=data.get("reason") or "",
        )


@register_model_view(Project, "bulk_delete", detail=False, path="delete")
class ProjectBulkDeleteView(ObjectBulkDeleteView):
    """Delete the ticked projects; those with monthly reports only by the city administrator, with a reason."""

    queryset = Project.objects.all()
    title = gettext_lazy("批量删除项目")
    done_message = gettext_lazy("已删除 %(count)d 个项目。")

    def apply(self, ids, data):
        return bulk_delete_projects(self.request.user, ids, data.get("reason") or "", request=self.request)


MONEY = DecimalField(**MONEY_DIGITS)


@register_model_view(ProjectList, "list", detail=False)
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


@register_model_view(ProjectList)
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


@register_model_view(ProjectList, "add", detail=False)
@register_model_view(ProjectList, "edit")
class ProjectListEditView(ObjectEditView):
    queryset = ProjectList.objects.all()
    form_class = ProjectListForm


@register_model_view(ProjectList, "delete")
class ProjectListDeleteView(ObjectDeleteView):
    queryset = ProjectList.objects.all()


def libraries_widget(request) -> dict:
    """The home page's library cards (core.registry home widget): counts and investment the user may see."""
    overview = overview_for(request.user)
    return {"libraries": overview["libraries"]}


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
        overview = overview_for(request.user, as_of)
        return render(request, "projects/overview.html", {"overview": overview, "as_of": as_of, "error": error})
