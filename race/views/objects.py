"""The scheme list, page and editor (a draft only; a scheme in use changes through a new version) and the
publication archive, declared with register_model_view."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import CHANGE, VIEW, role_allows
from core.views.generic import ObjectDeleteView, ObjectEditView, ObjectListView, ObjectView
from core.views.registration import register_model_view
from race import filtersets, forms, tables
from race.models import RaceGroup, RaceItem, RacePublication, RaceScheme
from race.models.schemes import not_editable_message
from race.services import activate, new_version

SCHEMES = RaceScheme.objects.select_related("supersedes")
PUBLICATIONS = RacePublication.objects.select_related("scheme", "published_by", "corrects__scheme")


@register_model_view(RaceScheme, "list", detail=False)
class RaceSchemeListView(ObjectListView):
    queryset = SCHEMES
    table_class = tables.RaceSchemeTable
    filterset_class = filtersets.RaceSchemeFilterSet


@register_model_view(RaceScheme)
class RaceSchemeView(ObjectView):
    """A scheme version: its rules, groups and items, its other versions, and the steps open to the city."""

    queryset = SCHEMES
    template_name = "race/racescheme_detail.html"
    related_history = [(RaceItem, "scheme"), (RaceGroup, "scheme")]

    def get_extra_context(self, obj) -> dict:
        return {
            "groups": obj.groups.prefetch_related("regions"),
            "items": obj.items.all(),
            "versions": RaceScheme.objects.filter(code=obj.code).order_by("-version"),
            "can_change": role_allows(self.request.user, RaceScheme, CHANGE) and obj.is_editable,
            "can_version": role_allows(self.request.user, RaceScheme, CHANGE),
        }


@register_model_view(RaceScheme, "add", detail=False)
@register_model_view(RaceScheme, "edit")
class RaceSchemeEditView(ObjectEditView):
    """A draft scheme with its groups and items, validated together (parameters named field by field)."""

    queryset = RaceScheme.objects.all()
    form_class = forms.RaceSchemeForm
    inline_formsets = [("groups", forms.RaceGroupFormSet), ("items", forms.RaceItemFormSet)]

    def get_object(self):
        obj = super().get_object()
        if obj.pk and not obj.is_editable:
            raise PermissionDenied(not_editable_message(obj))
        return obj


@register_model_view(RaceScheme, "delete")
class RaceSchemeDeleteView(ObjectDeleteView):
    queryset = RaceScheme.objects.all()

    def get_object(self):
        obj = super().get_object()
        if not obj.is_editable:
            raise PermissionDenied(not_editable_message(obj))
        return obj


class SchemeStepView(LoginRequiredMixin, View):
    """A step on a scheme (new version, put in use), posted from its page by the city."""

    def post(self, request, pk):
        scheme = get_object_or_404(RaceScheme.objects.restrict(request.user, VIEW), pk=pk)
        if not role_allows(request.user, RaceScheme, CHANGE):
            raise PermissionDenied(_("您无权修改赛马方案。"))
        try:
            result = self.step(scheme)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(scheme.get_absolute_url())
        return redirect(result.get_absolute_url())


@register_model_view(RaceScheme, "new_version", path="new-version")
class NewVersionView(SchemeStepView):
    def step(self, scheme):
        copy = new_version(scheme)
        messages.success(self.request, _("已生成第%(version)s版草稿，修改后启用。") % {"version": copy.version})
        return copy


@register_model_view(RaceScheme, "activate")
class ActivateView(SchemeStepView):
    def step(self, scheme):
        activate(scheme)
        messages.success(self.request, _("“%(scheme)s”已启用，此前使用的版本已停用。") % {"scheme": scheme})
        return scheme


@register_model_view(RacePublication, "list", detail=False)
class RacePublicationListView(ObjectListView):
    queryset = PUBLICATIONS
    table_class = tables.RacePublicationTable
    filterset_class = filtersets.RacePublicationFilterSet


@register_model_view(RacePublication)
class RacePublicationView(ObjectView):
    """A publication as it was issued: the frozen ranking, with its corrections linked both ways."""

    queryset = PUBLICATIONS
    template_name = "race/racepublication_detail.html"

    def get_extra_context(self, obj) -> dict:
        from race.views.ranking import ranking_context

        return {
            **ranking_context(obj.scheme, obj.period, draft=False, publication=obj),
            "corrections": obj.corrections.select_related("scheme"),
        }


@register_model_view(RacePublication, "xlsx")
class RacePublicationXlsxView(LoginRequiredMixin, View):
    """The publication's ranking as a workbook, from its frozen snapshot."""

    def get(self, request, pk):
        from race.views.ranking import xlsx_download

        publication = get_object_or_404(PUBLICATIONS.restrict(request.user, VIEW), pk=pk)
        from race.services import revive

        return xlsx_download(revive(publication.snapshot))
