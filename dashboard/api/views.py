"""The dashboard's JSON: one endpoint per view (city, district), the same dict the page draws from."""

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.cache import cached_under, key_for
from dashboard.services import NOT_READ, may_see
from dashboard.views import asked, assemble, district_for

MONTH = OpenApiParameter("month", str, description="月份 YYYY-MM（有已报送数据的月份；缺省为今天所在月份）")
DESCRIPTION = (
    "tiles（开复工、本年完成投资亿元、同比、计划完成率与序时进度、重点项目库、超期问题）, regions（各县区指标、"
    "预警灯、赛马得分与名次）, projects（地图上的项目点：坐标、总投资亿元、预警灯）, trend（本年累计、上年同期、"
    "序时计划，亿元）, standings（赛马排名、约谈名单）, warnings, problems, visits, indicators（攻坚突破：导语指标、"
    "各类指标按灯计数；仅全市视图）, months, map。"
)


def dashboard_json(request, region=None):
    """The dashboard's JSON. Its bytes are kept in the figures' cache under the key of what they render (name, month,
    district, the user's scope, the language, the data version: `core.cache.key_for`), so a warm request neither
    unpickles the dict nor encodes it; the ETag names that key, so a client that sends it back (the page's wall
    screen polling for changes) gets a 304 until a write moves the version on or the scope differs. The browsable
    API (text/html) renders the dict as any other endpoint."""
    as_of, version, form = asked(request)
    if as_of is None:
        raise ValidationError(form.errors)
    if not isinstance(request.accepted_renderer, JSONRenderer):
        return Response(assemble(request.user, region, as_of, version))
    parts = (as_of.isoformat(), region.pk if region is not None else None)
    key = key_for("dashboard.json", parts, request.user, version, NOT_READ)
    render = lambda: JSONRenderer().render(assemble(request.user, region, as_of, version))  # noqa: E731
    if key is None:  # this connection's own uncommitted rows: fresh, unnamed
        return HttpResponse(render(), content_type="application/json")
    etag = f'"{key[-32:]}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(cached_under(key, render), content_type="application/json")
    response["ETag"] = etag
    return response


class CityDashboardView(APIView):
    """The city's dashboard for a month (a district operator gets the city's figures cut to their district)."""

    @extend_schema(parameters=[MONTH], responses=OpenApiTypes.OBJECT, description=DESCRIPTION)
    def get(self, request):
        if not may_see(request.user):
            raise PermissionDenied
        return dashboard_json(request)


class DistrictDashboardView(APIView):
    """One district's dashboard for a month: its tiles, projects, rank, trend, problems and visits."""

    @extend_schema(parameters=[MONTH], responses=OpenApiTypes.OBJECT, description=DESCRIPTION)
    def get(self, request, pk):
        return dashboard_json(request, district_for(request, pk))
