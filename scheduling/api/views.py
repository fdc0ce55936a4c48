"""Scheduling API: monthly reports (read-only; writes go through `scheduling.services`), growth targets, and the
warning lights of projects and districts, all restricted to what the caller may see."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import RestrictedModelViewSet
from core.clock import today
from core.permissions import VIEW
from projects.models import Project
from scheduling.api import serializers
from scheduling.choices import PROJECT_REASON_KINDS, Light
from scheduling.filtersets import (
    GrowthTargetFilterSet,
    MonthlyReportFilterSet,
    WarningFilterForm,
    filtered_project_lights,
)
from scheduling.lights import district_lights, visible_district_ids
from scheduling.models import GrowthTarget, MonthlyReport

AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="截至日期（YYYY-MM-DD），缺省为今天")


class MonthlyReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Monthly reports the caller may see; filter by period (YYYY-MM), year, region (id), status, project."""

    queryset = MonthlyReport.objects.select_related("project__region")
    serializer_class = serializers.MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)


class GrowthTargetViewSet(RestrictedModelViewSet):
    """Each district's investment growth target per year: read by everyone, set by the city's administrators."""

    queryset = GrowthTarget.objects.select_related("region")
    serializer_class = serializers.GrowthTargetSerializer
    filterset_class = GrowthTargetFilterSet


def _warning_filters(request) -> dict:
    form = WarningFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return {**form.cleaned_data, "as_of": form.cleaned_data.get("as_of") or today()}


class ProjectWarningsView(ListAPIView):
    """Project lights (worst first) with their reasons and completion figures, for the projects the caller may see."""

    serializer_class = serializers.ProjectLightSerializer
    filter_backends = []  # the lights are computed; they are filtered by the parameters below instead

    def get_queryset(self):
        # The projects the lights are computed over; the browsable API asks for it (its filter form) and failed
        # with a 500 without it.
        return Project.objects.restrict(self.request.user, VIEW)

    @extend_schema(
        parameters=[
            AS_OF,
            OpenApiParameter("region", OpenApiTypes.INT, description="地区 id（县区）"),
            OpenApiParameter("light", OpenApiTypes.STR, enum=Light.values, description="预警颜色"),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=[kind.value for kind in PROJECT_REASON_KINDS], description="预警原因"
            ),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        filters = _warning_filters(request)
        _counts, lights = filtered_project_lights(request.user, filters)
        page = self.paginate_queryset(lights)  # a slice of LightRows: judged with sentences, those rows only
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response.data = {"as_of": filters["as_of"].isoformat(), **response.data}
        return response


class DistrictWarningsView(APIView):
    """District lights under the published rule, for the districts whose every project the caller may see."""

    @extend_schema(parameters=[AS_OF], responses=serializers.DistrictLightsSerializer)
    def get(self, request):
        as_of = _warning_filters(request)["as_of"]
        lights = district_lights(visible_district_ids(request.user), as_of)
        return Response(serializers.DistrictLightsSerializer(lights).data)
