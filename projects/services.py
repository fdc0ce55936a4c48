"""Library overview: counts and investment per library, per region and per list, live or as of a past date.

The web overview page, the API, `gongjian summary` and the tests all call `library_overview`; one figure, one
code path. Aggregation happens in the database; 万元 are kept exact and turned into 亿元 only for display.
"""

import datetime as dt

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import registry
from core.clock import today
from core.models import Region
from core.money import MONEY_DIGITS, ZERO, cents, to_yi
from projects.choices import Library
from projects.libraries import library_q
from projects.models import ListMembership, Project, ProjectList

LIBRARY_ORDER = [Library.CONSTRUCTION, Library.RESERVE, Library.KEY]


def snapshot(as_of: dt.date | None = None):
    """(projects, memberships) querysets as they stood at the end of `as_of`, or live when it is None.

    Past states come from the change history, so an as-of figure is what the records said on that day, not
    today's data relabelled.
    """
    if as_of is None:
        return Project.objects.all(), ListMembership.objects.all()
    moment = timezone.make_aware(dt.datetime.combine(as_of, dt.time.max))
    projects = Project.history.as_of(moment)
    memberships = ListMembership.history.as_of(moment)
    return projects, memberships


def library_figures(projects, memberships) -> dict:
    """{region id: {library: {"count", "investment"}}} for every region holding one of `projects`.

    The three libraries are counted in one grouped pass with conditional aggregates, so an as-of snapshot (a
    correlated query over the history tables) is derived once for them rather than once per library and total.
    """
    aggregates = {}
    for library in LIBRARY_ORDER:
        members = library_q(library, memberships)
        aggregates[f"n_{library.value}"] = Count("id", filter=members)
        aggregates[f"sum_{library.value}"] = Coalesce(
            Sum("total_investment", filter=members), Value(ZERO), output_field=DecimalField()
        )
    rows = projects.values("region_id").annotate(**aggregates).order_by()
    return {
        row["region_id"]: {
            library.value: {"count": row[f"n_{library.value}"], "investment": cents(row[f"sum_{library.value}"])}
            for library in LIBRARY_ORDER
        }
        for row in rows
    }


def library_overview(as_of: dt.date | None = None, scope: Q | None = None) -> dict:
    """Counts and total investment (万元) per library, per ranked region and per list.

    `scope` is the requesting user's restriction (from `core.permissions.scope_q`); None means the whole city.
    """
    projects, memberships = snapshot(as_of)
    if scope is not None:
        projects = projects.filter(scope)
    grouped = library_figures(projects, memberships)
    libraries = {
        library.value: {
            "count": sum(figures[library.value]["count"] for figures in grouped.values()),
            "investment": cents(sum((figures[library.value]["investment"] for figures in grouped.values()), ZERO)),
        }
        for library in LIBRARY_ORDER
    }
    # A scoped user sees the regions where at least one of their projects sits in a library.
    by_region = {
        region_id: figures
        for region_id, figures in grouped.items()
        if any(entry["count"] for entry in figures.values())
    }
    empty = {"count": 0, "investment": ZERO}
    visible_regions = None if scope is None else list(grouped)
    # Other apps' sections (scheduling's investment figures …), registered with core.registry.register_summary_section.
    sections = {section.key: section.function(as_of, visible_regions) for section in registry.summary_sections()}
    regions = []
    for region in Region.objects.ranked().order_by("sort_order", "code"):
        if scope is not None and region.pk not in by_region:
            continue
        figures = by_region.get(region.pk, {})
        regions.append(
            {
                "code": region.code,
                "name": region.name,
                "kind": region.kind,
                "libraries": {lib.value: figures.get(lib.value, empty) for lib in LIBRARY_ORDER},
                **{name: section["regions"].get(region.pk, section.get("empty")) for name, section in sections.items()},
            }
        )
    return {
        "as_of": as_of,
        "libraries": libraries,
        **{name: section["city"] for name, section in sections.items()},
        "lists": list_figures(projects, memberships),
        "regions": regions,
    }


def list_figures(projects, memberships) -> list[dict]:
    """Count and total investment of the (visible) projects on each list, grouped by list in the database."""
    investment = projects.filter(id=OuterRef("project_id")).values("total_investment")[:1]
    rows = (
        memberships.filter(project_id__in=projects.values("id"))
        .annotate(investment=Subquery(investment, output_field=DecimalField(**MONEY_DIGITS)))
        .values("project_list_id")
        .annotate(count=Count("id"), total=Coalesce(Sum("investment"), Value(ZERO), output_field=DecimalField()))
        .order_by()
    )
    figures = {row["project_list_id"]: row for row in rows}
    result = []
    for project_list in ProjectList.objects.select_related("kind").order_by(*ProjectList._meta.ordering):
        row = figures.get(project_list.pk, {"count": 0, "total": ZERO})
        result.append(
            {
                "id": project_list.pk,
                "name": project_list.name,
                "kind": project_list.kind.name,
                "kind_code": project_list.kind.code,
                "date": project_list.date,
                "in_key_library": project_list.in_key_library,
                "count": row["count"],
                "investment": cents(row["total"]),
            }
        )
    return result


def overview_as_json(overview: dict) -> dict:
    """The overview in the published JSON shape: 亿元 as decimal strings, dates as ISO strings."""

    def figures(entry):
        return {"count": entry["count"], "investment_yi": str(to_yi(entry["investment"]))}

    return {
        "as_of": overview["as_of"].isoformat() if overview["as_of"] else today().isoformat(),
        "libraries": {name: figures(entry) for name, entry in overview["libraries"].items()},
        "lists": [
            {
                "name": item["name"],
                "kind": item["kind"],
                "kind_code": item["kind_code"],
                "date": item["date"].isoformat() if item["date"] else None,
                "in_key_library": item["in_key_library"],
                **figures(item),
            }
            for item in overview["lists"]
        ],
        **{section.key: overview[section.key] for section in registry.summary_sections()},
        "regions": [
            {
                "code": region["code"],
                "name": region["name"],
                "kind": region["kind"],
                "libraries": {name: figures(entry) for name, entry in region["libraries"].items()},
                **{section.key: region[section.key] for section in registry.summary_sections()},
            }
            for region in overview["regions"]
        ],
    }
