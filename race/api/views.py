"""Race API: schemes, items and publications (every row through the one policy), the ranking of a period
(`results/?scheme=&period=`, the published snapshot unless `draft=1`) and publishing."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import RestrictedModelViewSet
from core.permissions import ADD, VIEW, role_allows
from race.api import serializers as s
from race.filtersets import RacePublicationFilterSet, RaceSchemeFilterSet
from race.models import RaceItem, RacePublication, RaceScheme
from race.models.schemes import not_editable_message
from race.periods import Period
from race.services import as_json, compute, publish, result_for


class DraftOnlyDestroyMixin:
    """Only a draft's rows are deleted: a scheme in use changes through a new version."""

    def draft_scheme(self, instance):
        return instance if isinstance(instance, RaceScheme) else instance.scheme

    def perform_destroy(self, instance):
        scheme = self.draft_scheme(instance)
        if not scheme.is_editable:
            raise ValidationError({"detail": [not_editable_message(scheme)]})
        super().perform_destroy(instance)


class RaceSchemeViewSet(DraftOnlyDestroyMixin, RestrictedModelViewSet):
    queryset = RaceScheme.objects.prefetch_related("groups__regions")
    serializer_class = s.RaceSchemeSerializer
    filterset_class = RaceSchemeFilterSet


class RaceItemViewSet(DraftOnlyDestroyMixin, RestrictedModelViewSet):
    queryset = RaceItem.objects.select_related("scheme")
    serializer_class = s.RaceItemSerializer
    filterset_fields = ["scheme", "measure", "method"]


class RacePublicationViewSet(RestrictedModelViewSet):
    """Publications as issued (read only here: `publish/` makes one)."""

    queryset = RacePublication.objects.select_related("scheme")
    serializer_class = s.RacePublicationSerializer
    filterset_class = RacePublicationFilterSet
    http_method_names = ["get", "head", "options"]


def _scheme_and_period(request, data):
    scheme_value, period_value = data.get("scheme"), data.get("period")
    if not scheme_value or not period_value:
        raise ValidationError({"scheme": ["请指定方案（id 或代码）。"], "period": ["请指定期次，如 2024-05。"]})
    schemes = RaceScheme.objects.restrict(request.user, VIEW)
    scheme = (
        schemes.filter(pk=int(scheme_value)).first()
        if str(scheme_value).isdigit()
        else schemes.filter(code=scheme_value, status="in_use").order_by("-version").first()
    )
    if scheme is None:
        raise NotFound(f"找不到方案“{scheme_value}”。")
    try:
        period = Period.parse(period_value)
    except ValueError as error:
        raise ValidationError({"period": [str(error)]}) from error
    return scheme, period


class ResultsView(APIView):
    """The ranking of a scheme for a period: the latest publication's frozen result, or the live draft."""

    @extend_schema(
        parameters=[
            OpenApiParameter("scheme", str, description="方案 id 或代码（代码取使用中的版本）", required=True),
            OpenApiParameter("period", str, description="期次：2024-05、2024-Q2 或 2024", required=True),
            OpenApiParameter("draft", bool, description="1 = 按当前数据实时计算（不取已发布结果）"),
        ],
        responses=dict,
    )
    def get(self, request):
        if not role_allows(request.user, RaceScheme, VIEW):
            raise PermissionDenied("您无权查看赛马排名。")
        scheme, period = _scheme_and_period(request, request.query_params)
        draft = request.query_params.get("draft") in ("1", "true")
        try:
            result = (compute if draft else result_for)(scheme, period, request.user)
        except ValueError as error:
            raise ValidationError({"period": [str(error)]}) from error
        return Response(as_json(result))


class PublishView(APIView):
    """POST {scheme, period[, corrects, note]}: freeze the ranking as published (the city only)."""

    @extend_schema(request=dict, responses=s.RacePublicationSerializer)
    def post(self, request):
        if not role_allows(request.user, RacePublication, ADD):
            raise PermissionDenied("只有市级管理员可以发布赛马通报。")
        scheme, period = _scheme_and_period(request, request.data)
        corrects = None
        if request.data.get("corrects"):
            corrects = RacePublication.objects.filter(pk=request.data["corrects"]).first()
            if corrects is None:
                raise ValidationError({"corrects": ["要更正的通报不存在。"]})
        try:
            publication = publish(scheme, period, request.user, corrects=corrects, note=request.data.get("note", ""))
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
            ) from error
        except ValueError as error:
            raise ValidationError({"period": [str(error)]}) from error
        return Response(s.RacePublicationSerializer(publication).data, status=201)
