"""The standard pages (list, detail, edit, delete) of stewardship's models, built from the generic views, and the
photo file view (asks the policy; no media URL serves photos)."""

from pathlib import Path

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.views import View

from core import files
from core.permissions import VIEW
from core.views.generic import ObjectDeleteView, ObjectEditView, ObjectListView, ObjectView
from stewardship import filtersets, forms, tables
from stewardship.models import (
    OverdueRule,
    ProblemCategory,
    ServiceLog,
    ServicePhoto,
    ServiceTeam,
    Stewardship,
    SupervisionNotice,
    TeamMember,
)


def standard_views(queryset, table_class, filterset_class, form_class=None, **detail):
    """(list, detail, edit, delete) view classes of one model, configured the generic way."""
    name = queryset.model.__name__
    list_view = type(
        f"{name}ListView",
        (ObjectListView,),
        {"queryset": queryset, "table_class": table_class, "filterset_class": filterset_class},
    )
    detail_view = type(f"{name}View", (ObjectView,), {"queryset": queryset, **detail})
    edit_view = type(f"{name}EditView", (ObjectEditView,), {"queryset": queryset, "form_class": form_class})
    delete_view = type(f"{name}DeleteView", (ObjectDeleteView,), {"queryset": queryset})
    return list_view, detail_view, edit_view, delete_view


STEWARDSHIP_VIEWS = standard_views(
    Stewardship.objects.select_related("project__region", "steward"),
    tables.StewardshipTable,
    filtersets.StewardshipFilterSet,
    forms.StewardshipForm,
)
CATEGORY_VIEWS = standard_views(
    ProblemCategory.objects.all(),
    tables.ProblemCategoryTable,
    filtersets.ProblemCategoryFilterSet,
    forms.ProblemCategoryForm,
)
RULE_VIEWS = standard_views(
    OverdueRule.objects.all(), tables.OverdueRuleTable, filtersets.OverdueRuleFilterSet, forms.OverdueRuleForm
)


class ServiceTeamEditView(ObjectEditView):
    """A team with its members (named roles, 1+1+N) edited together."""

    queryset = ServiceTeam.objects.all()
    form_class = forms.ServiceTeamForm
    inline_formsets = [("members", forms.TeamMemberFormSet)]


TEAM_VIEWS = (
    *standard_views(
        ServiceTeam.objects.select_related("project"),
        tables.ServiceTeamTable,
        filtersets.ServiceTeamFilterSet,
        template_name="stewardship/serviceteam_detail.html",
        related_history=[(TeamMember, "team")],
    )[:2],
    ServiceTeamEditView,
    standard_views(ServiceTeam.objects.all(), None, None)[3],
)


class ServiceLogView(ObjectView):
    """A log entry with its photos and the problems raised during it that the user may see."""

    queryset = ServiceLog.objects.select_related("project__region", "recorded_by")
    template_name = "stewardship/servicelog_detail.html"
    related_history = [(ServicePhoto, "log")]

    def get_extra_context(self, obj):
        return {"photos": obj.photos.all(), "problems": obj.problems.restrict(self.request.user, VIEW)}


LOG_VIEWS = standard_views(
    ServiceLog.objects.select_related("project__region", "recorded_by"),
    tables.ServiceLogTable,
    filtersets.ServiceLogFilterSet,
    forms.ServiceLogForm,
)
LOG_VIEWS = (LOG_VIEWS[0], ServiceLogView, *LOG_VIEWS[2:])
NOTICE_VIEWS = standard_views(
    SupervisionNotice.objects.select_related("problem", "issued_by"),
    tables.SupervisionNoticeTable,
    filtersets.SupervisionNoticeFilterSet,
    forms.NoticeAnswerForm,
)


class ServicePhotoFileView(LoginRequiredMixin, View):
    """A service photo's image, for those who may see its log; anyone else gets 404."""

    def get(self, request, pk):
        photo = get_object_or_404(ServicePhoto.objects.restrict(request.user, VIEW).select_related("log"), pk=pk)
        name = f"{photo.log.date:%Y%m%d}-{photo.pk}{Path(photo.image.name).suffix.lower()}"
        return files.serve(request, photo, photo.image, download_name=name)
