"""Library overview: counts and investment per library, per region and per list, live or as of a past date.

The web overview page, the API, `gongjian summary` and the tests all call `library_overview`; one figure, one
code path. Aggregation happens in the database; 万元 are kept exact and turned into 亿元 only for display.
"""

import datetime as dt
from decimal import Decimal

from django.db import connections
from django.db.models import Q
from django.utils import timezone

from core import registry
from core.clock import today
from core.models import Region
from core.money import ZERO, cents, to_yi
from projects.choices import Library, Stage
from projects.libraries import stage_library
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


def snapshot_figures(projects, memberships) -> tuple[dict, dict]:
    """(library figures {region id: {library: {"count", "investment"}}}, {list id: (count, investment)}) in one query.

    As of a past date `projects` and `memberships` are snapshots derived from the history tables (a correlated
    query per row), the costly part at province scale: the query derives each once (materialised) and groups the
    projects by region, stage and key-list membership, and the memberships by list, from them. The libraries then
    follow from the groups by the Python form of the rule (`stage_library`; key lists unless terminated), which
    `projects/tests` hold equal to `library_q`.
    """
    project_sql, project_params = (
        projects.order_by().values("id", "region_id", "stage", "stage_before_pause", "total_investment").query
    ).sql_with_params()
    member_sql, member_params = memberships.order_by().values("project_id", "project_list_id").query.sql_with_params()
    lists = ProjectList._meta.db_table
    cents_of = "CAST(ROUND(s.total_investment * 100) AS BIGINT)"  # summed as integers: SQLite sums decimals as floats
    # A snapshot is derived once (materialised); the live tables are read directly.
    once = "MATERIALIZED" if projects.model is not Project else "NOT MATERIALIZED"
    sql = (
        f"WITH s AS {once} ({project_sql}), m AS {once} ({member_sql}), "
        f"k AS (SELECT DISTINCT m.project_id FROM m JOIN {lists} l ON l.id = m.project_list_id "
        f"WHERE l.in_key_library), "
        f"g AS (SELECT s.*, CASE WHEN k.project_id IS NULL THEN 0 ELSE 1 END AS is_key FROM s "
        f"LEFT JOIN k ON k.project_id = s.id) "
        f"SELECT 0, s.region_id, s.stage, s.stage_before_pause, s.is_key, COUNT(*), SUM({cents_of}) FROM g s "
        f"GROUP BY s.region_id, s.stage, s.stage_before_pause, s.is_key "
        f"UNION ALL SELECT 1, m.project_list_id, NULL, NULL, NULL, COUNT(*), SUM({cents_of}) "
        f"FROM m JOIN s ON s.id = m.project_id GROUP BY m.project_list_id"
    )
    grouped, by_list = {}, {}
    with connections[projects.db].cursor() as cursor:
        cursor.execute(sql, (*project_params, *member_params))
        for kind, key, stage, before_pause, is_key, count, total in cursor.fetchall():
            investment = Decimal(total or 0) / 100
            if kind == 1:
                by_list[key] = (count, investment)
                continue
            figures = grouped.setdefault(
                key, {library.value: {"count": 0, "investment": ZERO} for library in LIBRARY_ORDER}
            )
            libraries = [stage_library(stage, before_pause)]
            if is_key and stage != Stage.TERMINATED:
                libraries.append(Library.KEY)
            for library in filter(None, libraries):
                figures[library]["count"] += count
                figures[library]["investment"] += investment
    return grouped, by_list


def library_figures(projects, memberships) -> dict:
    """{region id: {library: {"count", "investment"}}} for every region holding one of `projects`."""
    return snapshot_figures(projects, memberships)[0]


def city_libraries(grouped: dict) -> dict:
    """{library: {"count", "investment"}} of the whole city from `snapshot_figures`' per-region groups."""
    return {
        library.value: {
            "count": sum(figures[library.value]["count"] for figures in grouped.values()),
            "investment": cents(sum((figures[library.value]["investment"] for figures in grouped.values()), ZERO)),
        }
        for library in LIBRARY_ORDER
    }


def library_totals(as_of: dt.date | None = None) -> dict:
    """{library: {"count", "investment"}} of the whole city as of a day (live when None): the overview's figures,
    for documents that cite the libraries without the rest of the overview."""
    return city_libraries(snapshot_figures(*snapshot(as_of))[0])


def overview_for(user, as_of: dt.date | None = None) -> dict:
    """`library_overview` of what the user may see, as the page, the home cards and the API show it: kept in the
    figures' cache (`core.cache.cached`: the user's scope, the language, the data version, the date asked and
    today's), so leaders opening it before a meeting share one computation until a write moves the version on."""
    from core.cache import cached
    from core.permissions import VIEW, scope_q

    def compute():
        return library_overview(as_of=as_of, scope=scope_q(user, Project, VIEW))

    parts = (as_of.isoformat() if as_of else None, today().isoformat())
    return cached("projects.overview", parts, compute, user=user)


def library_overview(as_of: dt.date | None = None, scope: Q | None = None) -> dict:
    """Counts and total investment (万元) per library, per ranked region and per list.

    `scope` is the requesting user's restriction (from `core.permissions.scope_q`); None means the whole city.
    """
    projects, memberships = snapshot(as_of)
    if scope is not None:
        projects = projects.filter(scope)
    grouped, by_list = snapshot_figures(projects, memberships)
    libraries = city_libraries(grouped)
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
        "lists": list_figures(projects, memberships, by_list),
        "regions": regions,
    }


def list_figures(projects, memberships, by_list: dict | None = None) -> list[dict]:
    """Count and total investment of the (visible) projects on each list (`by_list` from `snapshot_figures`, derived
    here when not given)."""
    if by_list is None:
        by_list = snapshot_figures(projects, memberships)[1]
    result = []
    for project_list in ProjectList.objects.select_related("kind").order_by(*ProjectList._meta.ordering):
        count, investment = by_list.get(project_list.pk, (0, ZERO))
        result.append(
            {
                "id": project_list.pk,
                "name": project_list.name,
                "kind": project_list.kind.name,
                "kind_code": project_list.kind.code,
                "date": project_list.date,
                "in_key_library": project_list.in_key_library,
                "count": count,
                "investment": investment,
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
