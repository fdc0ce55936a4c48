"""Indicators API: the catalogue, values, province ranks (each restricted by the one policy), and the figures of
a period as the page computes them (value, growth and its origin, light, rank)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import RestrictedModelViewSet
from indicators.api import serializers as s
from indicators.figures import figures
from indicators.filtersets import (
    IndicatorCategoryFilterSet,
    IndicatorFilterSet,
    IndicatorValueFilterSet,
    ProvinceRankFilterSet,
)
from indicators.models import Indicator, IndicatorCategory, IndicatorValue, ProvinceRank
from indicators.views.pages import default_period
from scheduling.calendar import parse_period


class IndicatorCategoryViewSet(RestrictedModelViewSet):
    queryset = IndicatorCategory.objects.all()
    serializer_class = s.IndicatorCategorySerializer
    filterset_class = IndicatorCategoryFilterSet


class IndicatorViewSet(RestrictedModelViewSet):
    queryset = Indicator.objects.select_related("category", "owner")
    serializer_class = s.IndicatorSerializer
    filterset_class = IndicatorFilterSet


class IndicatorValueViewSet(RestrictedModelViewSet):
    queryset = IndicatorValue.objects.select_related("indicator", "region")
    serializer_class = s.IndicatorValueSerializer
    filterset_class = IndicatorValueFilterSet


class ProvinceRankViewSet(RestrictedModelViewSet):
    queryset = ProvinceRank.objects.select_related("indicator")
    serializer_class = s.ProvinceRankSerializer
    filterset_class = ProvinceRankFilterSet


def _text(value):
    return None if value is None else str(value)


def figure_as_json(item: dict) -> dict:
    """One indicator's figure in the API's shape: numbers as strings, as published."""
    rank = item["rank"]
    return {
        "code": item["indicator"].code,
        "name": item["indicator"].name,
        "category": item["indicator"].category.name,
        "unit": item["indicator"].unit,
        "value": _text(item["shown"]),
        "qualifier": item["qualifier"],
        "origin": item["origin"],
        "growth_pct": _text(item["growth"]),
        "growth_origin": item["growth_origin"],
        "flags": [str(flag) for flag in item["flags"]],
        "light": str(item["light"]),
        "completion_pct": _text(item["completion_pct"]),
        "expected_pct": _text(item["expected_pct"]),
        "status": item["status"],
        "rank": None if rank is None else {"rank": rank.rank, "measure": rank.measure, "source": rank.source},
    }


class FiguresView(APIView):
    """GET ?period=YYYY-MM: every indicator the user may see, with growth, light and rank."""

    @extend_schema(
        parameters=[OpenApiParameter("period", str, description="YYYY-MM")],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        text = request.query_params.get("period")
        try:
            period = parse_period(text) if text else default_period()
        except ValueError:
            raise ValidationError({"period": _("期间「%(text)s」无效，应为 YYYY-MM。") % {"text": text}}) from None
        return Response(
            {
                "period": f"{period:%Y-%m}",
                "figures": [figure_as_json(item) for item in figures(period, user=request.user)],
            }
        )
