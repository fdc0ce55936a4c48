"""API endpoints for the project libraries."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.views import RestrictedModelViewSet
from core.forms import BoundedDateField
from projects.api import serializers
from projects.filtersets import ProjectFilterSet, ProjectListFilterSet
from projects.models import InvestmentPlan, ListKind, ListMembership, Project, ProjectList
from projects.services import overview_as_json, overview_for


class ProjectViewSet(RestrictedModelViewSet):
    queryset = Project.objects.select_related("region", "responsible_department").prefetch_related(
        "memberships__project_list", "plans"
    )
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilterSet

    def get_queryset(self):
        """A list's rows get their memberships (with lists, in one join) and plans as plain lists (`to_attr`):
        Django builds a queryset per row and relation to hold prefetched rows otherwise, a third of the list's
        time. One object (read, then maybe written and shown again) keeps the managers DRF refreshes."""
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        memberships = ListMembership._default_manager.select_related("project_list")
        return queryset.prefetch_related(None).prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr=serializers.MEMBERSHIPS),
            Prefetch("plans", queryset=InvestmentPlan._default_manager.all(), to_attr=serializers.PLANS),
        )


class InvestmentPlanViewSet(RestrictedModelViewSet):
    queryset = InvestmentPlan.objects.select_related("project")
    serializer_class = serializers.InvestmentPlanSerializer
    filterset_fields = ["project", "year"]


class ListKindViewSet(RestrictedModelViewSet):
    queryset = ListKind.objects.all()
    serializer_class = serializers.ListKindSerializer


class ProjectListViewSet(RestrictedModelViewSet):
    queryset = ProjectList.objects.select_related("kind")
    serializer_class = serializers.ProjectListSerializer
    filterset_class = ProjectListFilterSet


class ListMembershipViewSet(RestrictedModelViewSet):
    queryset = ListMembership.objects.select_related("project", "project_list")
    serializer_class = serializers.ListMembershipSerializer
    filterset_fields = ["project", "project_list"]


@extend_schema(
    parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="截至日期（YYYY-MM-DD），缺省为当前")],
    responses={200: OpenApiTypes.OBJECT},
)
@api_view(["GET"])
def summary(request):
    """Library overview (same figures as the web page and `gongjian summary`), for what the caller may see."""
    try:
        as_of = BoundedDateField(required=False).clean(request.query_params.get("as_of"))
    except DjangoValidationError as error:
        raise ValidationError({"as_of": error.messages}) from error
    overview = overview_for(request.user, as_of)
    return Response(overview_as_json(overview))
