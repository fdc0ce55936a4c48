"""The standard pages (list, detail, edit, delete) of stewardship's models, declared with register_model_view, and
the photo file view (asks the policy; no media URL serves photos)."""

from pathlib import Path

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.views import View

from core import files
from core.permissions import VIEW
from core.views.generic import ObjectDeleteView, ObjectEditView, ObjectListView, ObjectView, register_standard_views
from core.views.registration import register_model_view
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

STEWARDSHIPS = Stewardship.objects.select_related("project__region", "steward")
TEAMS = ServiceTeam.objects.select_related("project")
LOGS = ServiceLog.objects.select_related("project__region", "recorded_by")
NOTICES = SupervisionNotice.objects.select_related("problem", "issued_by")


# Stewardships (包联): which city leader stewards which project.
@register_model_view(Stewardship, "list", detail=False)
class StewardshipListView(ObjectListView):
    queryset = STEWARDSHIPS
    table_class = tables.StewardshipTable
    filterset_class = filtersets.StewardshipFilterSet


@register_model_view(Stewardship)
class StewardshipView(ObjectView):
    queryset = STEWARDSHIPS


@register_model_view(Stewardship, "add", detail=False)
@register_model_view(Stewardship, "edit")
class StewardshipEditView(ObjectEditView):
    queryset = STEWARDSHIPS
    form_class = forms.StewardshipForm


@register_model_view(Stewardship, "delete")
class StewardshipDeleteView(ObjectDeleteView):
    queryset = STEWARDSHIPS


# Service teams with their members (named roles, 1+1+N).
@register_model_view(ServiceTeam, "list", detail=False)
class ServiceTeamListView(ObjectListView):
    queryset = TEAMS
    table_class = tables.ServiceTeamTable
    filterset_class = filtersets.ServiceTeamFilterSet


@register_model_view(ServiceTeam)
class ServiceTeamView(ObjectView):
    queryset = TEAMS
    template_name = "stewardship/serviceteam_detail.html"
    related_history = [(TeamMember, "team")]


@register_model_view(ServiceTeam, "add", detail=False)
@register_model_view(ServiceTeam, "edit")
class ServiceTeamEditView(ObjectEditView):
    """A team with its members (named roles, 1+1+N) edited together."""

    queryset = ServiceTeam.objects.all()
    form_class = forms.ServiceTeamForm
    inline_formsets = [("members", forms.TeamMemberFormSet)]


@register_model_view(ServiceTeam, "delete")
class ServiceTeamDeleteView(ObjectDeleteView):
    queryset = ServiceTeam.objects.all()


# The service log (服务台账) with its photos.
@register_model_view(ServiceLog, "list", detail=False)
class ServiceLogListView(ObjectListView):
    queryset = LOGS
    table_class = tables.ServiceLogTable
    filterset_class = filtersets.ServiceLogFilterSet


@register_model_view(ServiceLog)
class ServiceLogView(ObjectView):
    """A log entry with its photos and the problems raised during it that the user may see."""

    queryset = LOGS
    template_name = "stewardship/servicelog_detail.html"
    related_history = [(ServicePhoto, "log")]

    def get_extra_context(self, obj):
        return {"photos": obj.photos.all(), "problems": obj.problems.restrict(self.request.user, VIEW)}


@register_model_view(ServiceLog, "add", detail=False)
@register_model_view(ServiceLog, "edit")
class ServiceLogEditView(ObjectEditView):
    queryset = LOGS
    form_class = forms.ServiceLogForm


@register_model_view(ServiceLog, "delete")
class ServiceLogDeleteView(ObjectDeleteView):
    queryset = LOGS


@register_model_view(ServicePhoto, "file", path="image")
class ServicePhotoFileView(LoginRequiredMixin, View):
    """A service photo's image, for those who may see its log; anyone else gets 404."""

    def get(self, request, pk):
        photo = get_object_or_404(ServicePhoto.objects.restrict(request.user, VIEW).select_related("log"), pk=pk)
        name = f"{photo.log.date:%Y%m%d}-{photo.pk}{Path(photo.image.name).suffix.lower()}"
        return files.serve(request, photo, photo.image, download_name=name)


# Supervision notices are issued on a problem's page (problem_notice); here they are listed, read and answered.
@register_model_view(SupervisionNotice, "list", detail=False)
class SupervisionNoticeListView(ObjectListView):
    queryset = NOTICES
    table_class = tables.SupervisionNoticeTable
    filterset_class = filtersets.SupervisionNoticeFilterSet


@register_model_view(SupervisionNotice)
class SupervisionNoticeView(ObjectView):
    queryset = NOTICES


@register_model_view(SupervisionNotice, "edit")
class SupervisionNoticeEditView(ObjectEditView):
    """The department's answer to a notice (the notice itself is issued on the problem's page)."""

    queryset = NOTICES
    form_class = forms.NoticeAnswerForm


# Reference data of the city: problem categories and the overdue rules.
register_standard_views(
    ProblemCategory,
    queryset=ProblemCategory.objects.all(),
    table=tables.ProblemCategoryTable,
    filterset=filtersets.ProblemCategoryFilterSet,
    form=forms.ProblemCategoryForm,
)


register_standard_views(
    OverdueRule,
    queryset=OverdueRule.objects.all(),
    table=tables.OverdueRuleTable,
    filterset=filtersets.OverdueRuleFilterSet,
    form=forms.OverdueRuleForm,
)
