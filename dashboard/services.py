"""The command dashboard's figures (一张图): the city's or one district's month on one screen, as plain data.

Nothing here computes a figure of its own: the tiles are `scheduling.figures` (开复工, year to date, growth, plan
against 序时), the lights are `scheduling.lights`, the problems `stewardship.overdue`, the visits the service log,
the standings `race.services.result_for`. This module picks them for a scope (city or district) and a month, and
shapes them into the one dict the page, the JSON endpoint, the wall screen and the tests all read.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.apps import apps
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from core.cache import cached
from core.models import Region
from core.money import ZERO, cents, percent, round_pct, to_yi
from core.permissions import VIEW, restrict, role_allows
from projects.choices import Library
from projects.libraries import library_q
from projects.models import InvestmentPlan, Project
from scheduling.calendar import month_end
from scheduling.choices import COUNTED_STATUSES, Light
from scheduling.figures import (
    _city,
    counted_reports,
    entry,
    investment_figures,
    last_complete_period,
    plan_entry,
    plan_figures,
)
from scheduling.light_sql import judged_rows
from scheduling.lights import district_lights, visible_district_ids
from scheduling.models import MonthlyReport
from scheduling.models.profiles import Profiles, expected_share
from stewardship.models import Problem, ServiceLog
from stewardship.overdue import overdue_q

LATEST = 8  # rows of the overdue problems and latest visits lists
LIGHT_ORDER = (Light.RED, Light.YELLOW, Light.GREEN, Light.GREY)
# Models the dashboard never reads, whose own-rows lines in the policy would keep users of the same reach from
# sharing a cached dashboard (core.cache.scope_key). A model the dashboard comes to read must leave this list.
NOT_READ = ("core.User", "stewardship.Notification", "projects.ImportJob")


def _pct(value) -> str | None:
    return None if value is None else str(value)


def _yi(wan) -> str:
    return str(to_yi(wan or ZERO))


def data_months() -> list[dt.date]:
    """The months that have counted reports (the slider's stops), oldest first: one query."""
    periods = MonthlyReport.objects.filter(status__in=COUNTED_STATUSES).values_list("period", flat=True)
    return sorted(set(periods.distinct().order_by()))


def month_as_of(month: dt.date | None, today: dt.date) -> dt.date:
    """The day a month is shown as of: its last day, or today while it is still running; today without a month."""
    if month is None:
        return today
    return min(month_end(month), today) if month <= today else month_end(month)


def _light_label(light: str) -> str:
    return str(Light(light).label) if light in Light.values else ""


def trend(as_of: dt.date, plan: Decimal, region=None, region_ids=None) -> dict:
    """Month by month: this year's cumulative investment, the same months last year's, and the plan's 序时 curve
    (`plan`, the place's plan of `plan_figures`, × the region's seasonal share by each month end), in 亿元; months
    not yet ended are None. Sums the same counted reports as `investment_figures` (grouped by month in the
    database), so the last point equals the headline's year to date.
    """
    through = last_complete_period(as_of)
    months = through.month if through else 0

    def cumulative(year: int) -> list:
        rows = (
            counted_reports(year, through, region_ids)
            .values("period__month")
            .annotate(total=Sum("month_amount"))
            .order_by()
        )
        by_month = {row["period__month"]: cents(row["total"]) for row in rows}
        values, running = [], ZERO
        for month in range(1, 13):
            running += by_month.get(month, ZERO)
            values.append(str(to_yi(running)) if month <= months else None)
        return values

    profiles = Profiles.load()
    # expected_share is in percent (exact), the region's (or its city's) seasonal profile by each month end.
    shares = [expected_share(region, dt.date(as_of.year, month, 1), profiles) for month in range(1, 13)]
    return {
        "year": as_of.year,
        "months": [_("%(month)s月") % {"month": month} for month in range(1, 13)],
        "current": cumulative(as_of.year),
        "previous": cumulative(as_of.year - 1),
        "plan": [str(to_yi(plan * Decimal(s.numerator) / Decimal(s.denominator) / 100)) for s in shares],
        "plan_yi": str(to_yi(plan)),
        "expected_pct": [str(round_pct(Decimal(s.numerator) / Decimal(s.denominator))) for s in shares],
    }


def key_library(as_of: dt.date, projects) -> dict:
    """重点项目库 progress: how many key projects the user sees, this year's counted investment against their plans."""
    key = projects.filter(library_q(Library.KEY))
    count = key.count()
    last = last_complete_period(as_of)
    done = cents(
        counted_reports(as_of.year, last)
        .filter(project__in=key.values("pk"))
        .aggregate(total=Sum("month_amount"))["total"]
    )
    plan = cents(
        InvestmentPlan.objects.filter(year=as_of.year, project__in=key.values("pk")).aggregate(total=Sum("amount"))[
            "total"
        ]
    )
    return {"count": count, "ytd_yi": _yi(done), "plan_yi": _yi(plan), "completion_pct": _pct(percent(done, plan))}


def standings(as_of: dt.date, user=None) -> dict | None:
    """The race's standings for the month shown (`race.services.result_for`, frozen when published), or None when
    the race app is not installed or the city has no monthly scheme. The dashboard never scores anything itself."""
    if not apps.is_installed("race"):
        return None
    from race import services as race

    scheme = race.default_scheme("month")
    if scheme is None:
        return None
    return race.result_for(scheme, as_of.strftime("%Y-%m"), user)


def standings_as_json(result: dict | None, region_ids=None) -> dict | None:
    """The race result cut to what the dashboard shows: rank, change, score, light, lists; and the summons."""
    if not result:
        return None
    rows = [
        {
            "region_id": row["region_id"],
            "region": row["region"],
            "group": row["group"],
            "score": str(row["score"]),
            "rank": row["rank"],
            "rank_change": row["rank_change"],
            "light": row["light"],
            "light_label": _light_label(row["light"]),
            "summoned": "summons" in row.get("lists", ()),
        }
        for row in result["rows"]
        if region_ids is None or row["region_id"] in region_ids
    ]
    return {
        "scheme": result["scheme"],
        "period": result["period"],
        "published": result["published"],
        "rows": rows,
        "summons": list(result.get("summons", [])),
    }


def _visible_projects(user):
    return Project.objects.restrict(user, VIEW) if user is not None else Project.objects.all()


def _points(projects, rows) -> list[dict]:
    """The map's project points: coordinates, size (total investment), light in colour and words, link. `rows` are
    the projects judged in the database (worst first); only those with coordinates are read, in one query. The points
    go best first so the worst are drawn last, on top, where a tap reaches them."""
    placed = {
        project["pk"]: project
        for project in projects.filter(longitude__isnull=False, latitude__isnull=False).values(
            "pk", "name", "region_id", "longitude", "latitude", "total_investment"
        )
    }
    points = []
    for row in reversed(rows):
        project = placed.get(row.pk)
        if project is None:
            continue
        points.append(
            {
                "id": project["pk"],
                "name": project["name"],
                "region_id": project["region_id"],
                "lng": str(project["longitude"]),
                "lat": str(project["latitude"]),
                "investment_yi": _yi(project["total_investment"]),
                "light": row.light,
                "light_label": _light_label(row.light),
                "url": reverse("projects:project", args=[project["pk"]]),
            }
        )
    return points


def _problems(user, as_of: dt.date, region_ids=None) -> dict:
    problems = Problem.objects.filter(overdue_q(as_of), raised_on__lte=as_of)
    if user is not None:
        problems = restrict(problems, user, VIEW)
    if region_ids is not None:
        problems = problems.filter(project__region_id__in=region_ids)
    rows = problems.select_related("project", "department").order_by("deadline", "pk")[:LATEST]
    return {
        "count": problems.count(),
        "rows": [
            {
                "id": problem.pk,
                "title": problem.title,
                "project": problem.project.name,
                "department": str(problem.department) if problem.department_id else "",
                "deadline": problem.deadline.isoformat(),
                "days_overdue": (as_of - problem.deadline).days,
                "url": problem.get_absolute_url(),
            }
            for problem in rows
        ],
    }


def _visits(user, as_of: dt.date, region_ids=None) -> list[dict]:
    logs = ServiceLog.objects.filter(date__lte=as_of)
    if user is not None:
        logs = restrict(logs, user, VIEW)
    if region_ids is not None:
        logs = logs.filter(project__region_id__in=region_ids)
    rows = logs.select_related("project").order_by("-date", "-pk")[:LATEST]
    return [
        {
            "id": log.pk,
            "date": log.date.isoformat(),
            "project": log.project.name,
            "kind": log.get_kind_display(),
            "level": log.get_level_display(),
            "participants": log.participants,
            "url": log.get_absolute_url(),
        }
        for log in rows
    ]


def indicators_panel(as_of: dt.date, user=None) -> dict:
    """The 攻坚突破 panel: each category's indicators counted by light and the headline indicators entered by their
    departments (value, unit, growth, light) for `as_of`'s month, from `indicators.figures.figures` — the figures
    the indicators page and the mid-year report show — cut to what the user may see."""
    from indicators.figures import figures as indicator_figures

    period = as_of.replace(day=1)
    categories, items = {}, []
    for item in indicator_figures(period, user=user):
        indicator = item["indicator"]
        row = categories.setdefault(
            indicator.category_id, {"name": indicator.category.name, **{light.value: 0 for light in LIGHT_ORDER}}
        )
        row[Light(item["light"]).value] += 1
        if indicator.headline and not indicator.is_computed:
            items.append(
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "value": str(item["shown"]) if item["shown"] is not None else None,
                    "unit": indicator.unit,
                    "growth_pct": str(item["growth"]) if item["growth"] is not None else None,
                    "light": item["light"],
                    "light_label": _light_label(item["light"]),
                }
            )
    return {
        "period": f"{period:%Y-%m}",
        "url": f"{reverse('indicators:index')}?period={period:%Y-%m}",
        "categories": list(categories.values()),
        "headline": items,
    }


def _region_row(region, figures: dict, plans: dict, lights: dict, race_rows: dict, on_map: set) -> dict:
    found = figures["regions"].get(region.pk, entry())
    plan = plans["regions"].get(region.pk, plan_entry())
    light = lights.get(region.pk)
    race_row = race_rows.get(region.pk) or {}
    return {
        "id": region.pk,
        "code": region.code,
        "name": region.name,
        "kind": region.kind,
        "on_map": region.code in on_map,
        "started_count": found["started_count"],
        "ytd_yi": _yi(found["ytd"]),
        "yoy_pct": _pct(found["yoy_pct"]),
        "plan_yi": _yi(plan["plan"]),
        "completion_pct": _pct(plan["completion_pct"]),
        "expected_pct": _pct(plan["expected_pct"]),
        "light": light.light if light else None,
        "light_label": _light_label(light.light) if light else "",
        "race_score": race_row.get("score"),
        "race_rank": race_row.get("rank"),
        "url": reverse("dashboard:district", args=[region.pk]),
    }


def dashboard(as_of: dt.date, user=None, region: Region | None = None, map_codes=()) -> dict:
    """Everything one dashboard view shows, as JSON-ready data: the city's (region None) or one district's.

    `user` cuts the projects, problems and visits to what they may see (None: everything, for the CLI and
    benches); district figures only for the districts whose lights the user may see (a department user's view
    of a district is partial, so they get the city's published figures and their own projects and problems).
    `map_codes` are the division codes the map draws, so a row knows whether it is on the map.
    """
    district_ids = (
        visible_district_ids(user) if user is not None else list(Region.objects.ranked().values_list("pk", flat=True))
    )
    region_ids = region.subtree_ids() if region is not None else None
    figures = investment_figures(as_of)
    plans = plan_figures(as_of, investment=figures)
    city_lights = {item.region.pk: item for item in district_lights(district_ids, as_of)["districts"]}
    race = standings_as_json(standings(as_of, user))
    race_rows = {row["region_id"]: row for row in race["rows"]} if race else {}
    regions = [
        _region_row(r, figures, plans, city_lights, race_rows, set(map_codes))
        for r in Region.objects.filter(pk__in=district_ids).order_by("sort_order", "code")
    ]
    if region is None:
        place, place_plan = figures["city"], plans["city"]
    else:
        place, place_plan = figures["regions"].get(region.pk, entry()), plans["regions"].get(region.pk, plan_entry())
    projects = _visible_projects(user)
    if region_ids is not None:
        projects = projects.filter(region_id__in=region_ids)
    # Judged in the database, as the warnings page judges them: no Python rule over every project of the city.
    lights = judged_rows(projects, as_of)
    counts = lights.light_counts()
    # A district's view counts its own light only; the city's every district's.
    district_counts = Counter(
        row["light"] for row in regions if row["light"] and (region is None or row["id"] == region.pk)
    )
    through = figures["through"]
    problems = _problems(user, as_of, region_ids)
    return {
        "as_of": as_of.isoformat(),
        "month": through.strftime("%Y-%m") if through else None,
        "scope": {
            "level": "district" if region is not None else "city",
            "region": {"id": region.pk, "code": region.code, "name": region.name} if region is not None else None,
        },
        "tiles": {
            "started_count": place["started_count"],
            "ytd_yi": _yi(place["ytd"]),
            "previous_ytd_yi": _yi(place["previous_ytd"]),
            "yoy_pct": _pct(place["yoy_pct"]),
            "plan_yi": _yi(place_plan["plan"]),
            "completion_pct": _pct(place_plan["completion_pct"]),
            "expected_pct": _pct(place_plan["expected_pct"]),
            "key": key_library(as_of, projects),
            "overdue_problems": problems["count"],
        },
        "regions": regions,
        "region": next((row for row in regions if region is not None and row["id"] == region.pk), None),
        "projects": _points(projects, lights),
        "warnings": {
            "projects": {light: counts.get(light, 0) for light in LIGHT_ORDER},
            "districts": {light: district_counts.get(light, 0) for light in LIGHT_ORDER},
        },
        "trend": trend(as_of, place_plan["plan"], region if region is not None else _city(), region_ids),
        "standings": race,
        "problems": problems,
        "visits": _visits(user, as_of, region_ids),
        # The indicators are the city's (its departments report city-wide figures): shown on the city's view.
        "indicators": indicators_panel(as_of, user) if region is None else None,
    }


def cached_dashboard(as_of: dt.date, user=None, region: Region | None = None, map_codes=(), version=None) -> dict:
    """`dashboard(...)` kept in the figures' cache (core.cache) under the user's scope, the language, the day, the
    district and the data version, so that the page, the wall screen and the API compute a view once per change of
    the data, not once per request, and never serve it after a write."""
    parts = (as_of.isoformat(), region.pk if region is not None else None, tuple(map_codes))
    compute = lambda: dashboard(as_of, user, region, map_codes)  # noqa: E731
    return cached("dashboard", parts, compute, user=user, version=version, ignoring=NOT_READ)


def cached_months(version=None) -> list[dt.date]:
    """`data_months()` kept in the figures' cache (the same for every user: months of the city's reports)."""
    return cached("dashboard.months", (), data_months, version=version)


def may_see(user) -> bool:
    """Whether the user may open a dashboard at all: whoever may see projects."""
    return role_allows(user, Project, VIEW)
