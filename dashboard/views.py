"""The dashboard pages: the city, a district, and the wall screen (大屏); every figure from `dashboard.services`."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views import View

from core.cache import cached, request_version
from core.clock import today
from core.models import Region
from core.permissions import is_city_leader, own_district_id
from dashboard.forms import MEASURES, MonthForm
from dashboard.geo import city_geo, city_map
from dashboard.services import LIGHT_ORDER, NOT_READ, cached_dashboard, cached_months, may_see, month_as_of
from scheduling.choices import Light
from scheduling.lights import visible_district_ids

# The wall asks whether a figure changed this often; an unchanged answer is a 304 of a few hundred bytes.
WALL_REFRESH_SECONDS = 60


def home_applies(user) -> bool:
    """Leaders land on the dashboard (core.registry.register_home_page)."""
    return is_city_leader(user)


def asked(request) -> tuple[dt.date | None, int, MonthForm]:
    """The day the month asked for ends (checked against the months with data; None if refused), the data version
    the request reads everything under, and the month form."""
    version = request_version(request)
    form = MonthForm(request.GET or None, months=cached_months(version))
    if request.GET and not form.is_valid():
        return None, version, form
    month = form.cleaned_data.get("month") if request.GET else None
    return month_as_of(month, today()), version, form


def assemble(user, region: Region | None, as_of: dt.date, version: int) -> dict:
    """The dashboard's data for a month, as the page and the API both serve it."""
    map_info = cached("dashboard.map", (), city_map, version=version)
    codes = map_info["codes"] if map_info else ()
    data = cached_dashboard(as_of, user, region, codes, version)
    data["months"] = [m.strftime("%Y-%m") for m in cached_months(version)]
    data["map"] = map_info
    return data


def district_for(request, pk: int) -> Region:
    """The district asked for, if the user may see its figures (404 otherwise, as for any row out of scope)."""
    if not may_see(request.user):
        raise PermissionDenied
    region = get_object_or_404(Region.objects.ranked(), pk=pk)
    if region.pk not in visible_district_ids(request.user):
        raise Http404
    return region


class DashboardView(LoginRequiredMixin, View):
    """/dashboard/: the city's month; a district operator is sent to their district's (their dashboard)."""

    wall = False

    def get(self, request):
        if not may_see(request.user):
            raise PermissionDenied
        if own_district_id(request.user):
            district = Region.objects.filter(pk=own_district_id(request.user)).first()
            if district is not None and district.pk in visible_district_ids(request.user):
                query = f"?{request.GET.urlencode()}" if request.GET else ""
                return redirect(f"{district_url(district.pk)}{query}")
        return page(request, None, wall=self.wall or request.GET.get("wall") == "1")


class DistrictDashboardView(LoginRequiredMixin, View):
    """/dashboard/district/<pk>/: the same tiles for one district, its projects on the map, rank and trend."""

    def get(self, request, pk):
        return page(request, district_for(request, pk), wall=request.GET.get("wall") == "1")


def district_url(pk: int) -> str:
    return reverse("dashboard:district", args=[pk])


def tile_links(data: dict, region) -> dict:
    """The list behind each tile: the existing list pages, filtered to the month's year and the district."""
    from urllib.parse import urlencode

    where = {"region": region.pk} if region is not None else {}
    year = data["as_of"][:4]

    def link(name, **query):
        query = {**query, **where}
        return reverse(name) + ("?" + urlencode(query) if query else "")

    return {
        "started": link("projects:project_list", library="construction"),
        "ytd": link("scheduling:monthlyreport_list", year=year),
        "plan": link("scheduling:warnings"),
        "key": link("projects:project_list", library="key"),
        "overdue": link("stewardship:problem_list", overdue="true"),
        "visits": link("stewardship:servicelog_list"),
        "lights": {light: link("projects:project_list", light=light) for light in LIGHT_ORDER},
    }


def trend_rows(trend: dict) -> list[dict]:
    """The trend chart's numbers as table rows (its table view)."""
    return [
        {"month": month, "current": current, "previous": previous, "plan": plan, "expected": expected}
        for month, current, previous, plan, expected in zip(
            trend["months"], trend["current"], trend["previous"], trend["plan"], trend["expected_pct"], strict=True
        )
    ]


def shown(user, region: Region | None, as_of: dt.date, version: int, around: dict) -> dict:
    """What the page shows of a month: the few fields its title reads, and its body (header, month form and figures)
    as HTML. `around` is the rest of the body's context, which the cache key's parts name (month, district,
    measure, wall)."""
    data = assemble(user, region, as_of, version)
    context = {
        "data": data,
        "api_url": api_url(region),
        "links": tile_links(data, region),
        "light_words": [(light, Light(light).label) for light in LIGHT_ORDER],
        "trend_rows": trend_rows(data["trend"]),
    }
    figures = mark_safe(render_to_string("dashboard/_figures.html", context))  # escaped by its template
    head = {"scope": data["scope"]}
    body = render_to_string("dashboard/_body.html", {**around, "data": data, "figures": figures})
    return {"head": head, "body": body}


def page(request, region, wall=False):
    """Render a dashboard view; a bad month is a 400 naming it, with the form to choose another.

    The page's body — header, month form and figures — is kept as HTML in the figures' cache under the same key
    parts as the JSON (`core.cache.cached`: the month, the district, the user's scope, the language, the data
    version) plus the map's measure and the wall mode, so a warm page renders only the layout around it."""
    as_of, version, form = asked(request)
    around = {
        "form": form,
        "measures": MEASURES,
        "wall": wall,
        "refresh": WALL_REFRESH_SECONDS,
        "api_url": api_url(region),
        "city_url": reverse("dashboard:index"),
    }
    if as_of is None:
        body = render_to_string("dashboard/_body.html", {**around, "data": None})
        return render(request, "dashboard/dashboard.html", {"data": None, "body": body}, status=400)
    measure = (form.cleaned_data.get("measure") or "") if form.is_bound else ""
    parts = (as_of.isoformat(), region.pk if region else None, measure, wall)

    def compute():
        return shown(request.user, region, as_of, version, around)

    answer = cached("dashboard.page", parts, compute, user=request.user, version=version, ignoring=NOT_READ)
    body = mark_safe(answer["body"])  # rendered by our template, escaped there
    return render(request, "dashboard/dashboard.html", {"data": answer["head"], "body": body})


def api_url(region) -> str:
    if region is None:
        return reverse("dashboard-api:city")
    return reverse("dashboard-api:district", args=[region.pk])


def home(request):
    """The home page of leaders: the city's dashboard."""
    return page(request, None)


@login_required
def geo(request, code):
    """The city's boundaries from the npm package (a shipped file is a static file instead); 404 for another code."""
    body = city_geo(code)
    if body is None:
        raise Http404
    return HttpResponse(body, content_type="application/geo+json")
