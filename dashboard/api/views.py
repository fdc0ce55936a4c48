"""The dashboard's JSON: one endpoint per view (city, district), the same dict the page draws from."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboard.services import may_see
from dashboard.views import answer, district_for

MONTH = OpenApiParameter("month", str, description="月份 YYYY-MM（有已报送数据的月份；缺省为今天所在月份）")
DESCRIPTION = (
    "tiles（开复工、本年完成投资亿元、同比、计划完成率与序时进度、重点项目库、超期问题）, regions（各县区指标、"
    "预警灯、赛马得分与名次）, projects（地图上的项目点：坐标、总投资亿元、预警灯）, trend（本年累计、上年同期、"
    "序时计划，亿元）, standings（赛马排名、约谈名单）, warnings, problems, visits, indicators（攻坚突破：导语指标、"
    "各类指标按灯计数；仅全市视图）, months, map。"
)


class CityDashboardView(APIView):
    """The city's dashboard for a month (a district operator gets the city's figures cut to their district)."""

    @extend_schema(parameters=[MONTH], responses=OpenApiTypes.OBJECT, description=DESCRIPTION)
    def get(self, request):
        if not may_see(request.user):
            raise PermissionDenied
        data, form = answer(request)
        if data is None:
            raise ValidationError(form.errors)
        return Response(data)


class DistrictDashboardView(APIView):
    """One district's dashboard for a month: its tiles, projects, rank, trend, problems and visits."""

    @extend_schema(parameters=[MONTH], responses=OpenApiTypes.OBJECT, description=DESCRIPTION)
    def get(self, request, pk):
        region = district_for(request, pk)
        data, form = answer(request, region)
        if data is None:
            raise ValidationError(form.errors)
        return Response(data)
