"""Stewardship statistics for any period and level (city / district / department / steward): service counts,
problems raised / solved / verified / overdue, and days to solve. The page, the API, the .xlsx export and
`gongjian summary` (the "stewardship" section) all call these functions: one figure, one code path.

Counting happens in the database (grouped COUNTs); days to solve are read as date pairs of the solved problems in
the group and averaged / ranked here, since a 90th percentile has no portable SQL form.
"""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.models import Department, Region, User
from core.money import PERCENT_STEP, ZERO, cents, round_to, to_yi
from stewardship.choices import SOLVED, UNSOLVED, ProblemStatus, ServiceKind, ServiceLevel
from stewardship.models import Problem, ServiceLog, Stewardship

DAY_STEP = PERCENT_STEP  # average days to solve are published to one decimal, as percentages are

# level → (label, ORM path of the group key on a service log, on a problem)
LEVELS = {
    "city": (_("全市"), None, None),
    "district": (_("县区"), "project__region", "project__region"),
    "department": (_("责任部门"), "project__responsible_department", "department"),
    "steward": (_("项目管家"), "project__stewardships__steward", "project__stewardships__steward"),
}
COUNTS = {
    "visits": Q(kind=ServiceKind.VISIT),
    "phone_surveys": Q(kind=ServiceKind.PHONE),
    "meetings": Q(kind=ServiceKind.MEETING),
    "steward_site_visits": Q(kind=ServiceKind.VISIT, level=ServiceLevel.STEWARD),
    "steward_phone_surveys": Q(kind=ServiceKind.PHONE, level=ServiceLevel.STEWARD),
    "city_team_site_visits": Q(kind=ServiceKind.VISIT, level=ServiceLevel.CITY_TEAM),
    "county_team_site_visits": Q(kind=ServiceKind.VISIT, level=ServiceLevel.COUNTY_TEAM),
}
HEADLINE_COUNTS = ("steward_site_visits", "steward_phone_surveys", "city_team_site_visits", "county_team_site_visits")
PROBLEM_FIGURES = ("raised", "solved", "verified", "overdue")
# Column order of the page, the API rows and the export.
FIGURES = (*COUNTS, *PROBLEM_FIGURES, "avg_days_to_solve", "p90_days_to_solve")
FIGURE_LABELS = {
    "visits": _("现场调研"),
    "phone_surveys": _("电话调研"),
    "meetings": _("协调会议"),
    "steward_site_visits": _("管家现场调研"),
    "steward_phone_surveys": _("管家电话调研"),
    "city_team_site_visits": _("市级团队现场调研"),
    "county_team_site_visits": _("县区团队现场调研"),
    "raised": _("提出问题"),
    "solved": _("解决问题"),
    "verified": _("销号问题"),
    "overdue": _("超期未办结"),
    "avg_days_to_solve": _("平均办结天数"),
    "p90_days_to_solve": _("90%办结天数"),
}


@dataclass(frozen=True)
class Period:
    """From `start` (None: since the beginning) to `end`, both days included."""

    start: dt.date | None
    end: dt.date

    def q(self, field: str) -> Q:
        q = Q(**{f"{field}__lte": self.end})
        return q & Q(**{f"{field}__gte": self.start}) if self.start else q


def _restricted(queryset, user):
    return queryset if user is None else queryset.restrict(user)


def _key(row, path):
    return row[path] if path else None


def percentile(values: list[int], pct: int) -> Decimal | None:
    """The nearest-rank percentile (90th: the smallest value at or above 90 % of the values)."""
    if not values:
        return None
    ordered = sorted(values)
    return Decimal(ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)])


def statistics(period: Period, level: str = "city", user=None, region_ids=None) -> list[dict]:
    """One row per group of `level` with every figure; `user` restricts to the rows they may see (None: all),
    `region_ids` to projects in those regions (None: all)."""
    if level not in LEVELS:
        raise ValueError(level)
    _label, log_path, problem_path = LEVELS[level]
    rows: dict = {}

    def row(key):
        return rows.setdefault(key, {"key": key, **dict.fromkeys(FIGURES[:-2], 0), "_days": []})

    logs = _restricted(ServiceLog.objects.all(), user).filter(period.q("date"))
    problems = _restricted(Problem.objects.all(), user)
    if region_ids is not None:
        logs = logs.filter(project__region_id__in=region_ids)
        problems = problems.filter(project__region_id__in=region_ids)
    counts = {name: Count("id", filter=q) for name, q in COUNTS.items()}
    for item in _grouped(logs, log_path, counts):
        row(_key(item, log_path)).update({name: item[name] for name in COUNTS})

    solved = Q(status__in=SOLVED) & period.q("solved_on")
    overdue = Q(raised_on__lte=period.end, deadline__lt=period.end) & (
        Q(status__in=UNSOLVED) | Q(solved_on__gt=period.end)
    )
    counts = {
        "raised": Count("id", filter=period.q("raised_on")),
        "solved": Count("id", filter=solved),
        "verified": Count("id", filter=Q(status=ProblemStatus.VERIFIED) & period.q("verified_on")),
        "overdue": Count("id", filter=overdue),
    }
    for item in _grouped(problems, problem_path, counts):
        row(_key(item, problem_path)).update({name: item[name] for name in PROBLEM_FIGURES})
    pairs = problems.filter(solved).values_list(*([problem_path] if problem_path else []), "raised_on", "solved_on")
    for pair in pairs:
        key = pair[0] if problem_path else None
        row(key)["_days"].append((pair[-1] - pair[-2]).days)

    if level == "city":
        row(None)
    names = _names(level, [key for key in rows if key is not None])
    result = []
    for key, item in rows.items():
        days = item.pop("_days")
        item["avg_days_to_solve"] = round_to(Decimal(sum(days)) / len(days), DAY_STEP) if days else None
        item["p90_days_to_solve"] = percentile(days, 90)
        item["name"] = str(_("全市")) if level == "city" else names.get(key, str(_("（未指定）")))
        result.append(item)
    return sorted(result, key=lambda item: item["name"])


def _grouped(queryset, path, counts) -> list[dict]:
    """COUNTs per group of `path` (GROUP BY in the database), or one row of COUNTs over everything when None."""
    if path is None:
        return [queryset.aggregate(**counts)]
    return list(queryset.values(path).annotate(**counts).order_by())


def _names(level, keys) -> dict:
    if level == "district":
        return {r.pk: r.name for r in Region.objects.filter(pk__in=keys)}
    if level == "department":
        return {d.pk: str(d) for d in Department.objects.filter(pk__in=keys)}
    if level == "steward":
        return {u.pk: u.display_name for u in User.objects.filter(pk__in=keys)}
    return {}


def active_stewardships(as_of: dt.date, region_ids=None):
    """The stewardships in force on `as_of` (started, not yet ended), optionally in some regions only."""
    queryset = Stewardship.objects.filter(start__lte=as_of).filter(Q(end__isnull=True) | Q(end__gte=as_of))
    if region_ids is not None:
        queryset = queryset.filter(project__region_id__in=region_ids)
    return queryset


def headline(as_of: dt.date, region_ids=None) -> dict:
    """The seed's figures as of a day: stewarded projects and their investment, stewards, the service counts since
    the campaign began, problems solved. Per region when `region_ids` is given (None: the whole city)."""
    from projects.models import Project

    stewarded = active_stewardships(as_of, region_ids)
    projects = Project.objects.filter(pk__in=stewarded.values("project_id"))
    investment = projects.aggregate(total=Coalesce(Sum("total_investment"), Value(ZERO), output_field=DecimalField()))[
        "total"
    ]
    # The service counts and problems solved are the statistics page's city row, since the campaign began.
    (city,) = statistics(Period(None, as_of), "city", region_ids=region_ids)
    counts = {name: city[name] for name in HEADLINE_COUNTS}
    return {
        "projects": projects.count(),
        "investment": cents(investment),
        "stewards": stewarded.values("steward_id").distinct().count(),
        **counts,
        "problems_solved": city["solved"],
    }


def headline_as_json(figures: dict) -> dict:
    """The published shape: investment in 亿元 as a decimal string, the rest as counts."""
    result = {"projects": figures["projects"], "investment_yi": str(to_yi(figures["investment"]))}
    result.update({name: value for name, value in figures.items() if name not in result and name != "investment"})
    return result


def headlines_by_region(as_of: dt.date, region_ids=None) -> dict:
    """{region_id: `headline` figures} of every region with a stewarded project or a service or problem, by the
    project's own region, in a fixed number of grouped queries (not one headline per region)."""
    from projects.models import Project

    stewarded = active_stewardships(as_of, region_ids)
    result: dict = {}

    def place(region_id) -> dict:
        return result.setdefault(
            region_id,
            {
                "projects": 0,
                "investment": ZERO,
                "stewards": 0,
                **dict.fromkeys(HEADLINE_COUNTS, 0),
                "problems_solved": 0,
            },
        )

    projects = Project.objects.filter(pk__in=stewarded.values("project_id")).values("region_id")
    for row in projects.annotate(count=Count("id"), investment=Sum("total_investment")).order_by():
        place(row["region_id"]).update(projects=row["count"], investment=cents(row["investment"] or ZERO))
    stewards = stewarded.values("project__region_id").annotate(count=Count("steward_id", distinct=True)).order_by()
    for row in stewards:
        place(row["project__region_id"])["stewards"] = row["count"]
    for row in statistics(Period(None, as_of), "district", region_ids=region_ids):
        if row["key"] is not None:
            place(row["key"]).update({name: row[name] for name in HEADLINE_COUNTS}, problems_solved=row["solved"])
    return result


def summary_section(as_of: dt.date | None, region_ids=None) -> dict:
    """The "stewardship" section of `gongjian summary` and the summary API, per city and per ranked region."""
    from core.clock import today

    as_of = as_of or today()
    ranked = set(Region.objects.ranked().values_list("pk", flat=True))
    by_region = headlines_by_region(as_of, region_ids)
    regions = {pk: headline_as_json(figures) for pk, figures in by_region.items() if pk in ranked}
    empty = {
        "projects": 0,
        "investment": ZERO,
        "stewards": 0,
        "problems_solved": 0,
        **dict.fromkeys(HEADLINE_COUNTS, 0),
    }
    return {"city": headline_as_json(headline(as_of, region_ids)), "regions": regions, "empty": headline_as_json(empty)}
