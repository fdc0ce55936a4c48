"""The race's figures: a scheme's ranking for a period (the contract documents, the dashboard and the CLI read),
its publication, and a scheme's versions.

`compute` recomputes a live draft now; `result_for` returns the latest publication's frozen snapshot when one
exists, so a published circular never changes; `default_scheme` is the scheme the city uses for a kind of period.
The result is plain data (Decimals, strings, ints), JSON-ready after Decimal → str (`as_json`).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import cached
from race.choices import Light, ListName, Method, SchemeStatus, TargetRule
from race.measures import MEASURES, Figures, Reads
from race.periods import Period
from race.scoring import (
    ZERO,
    Score,
    bands,
    base_adjust,
    clamp,
    competition_ranks,
    fmt,
    linear,
    per_project,
    rank_points,
)

HUNDRED = Decimal("100")


def _raw_value(raw):
    """A banded measure's counts are summed for the row's raw value (the counts are kept beside it)."""
    if isinstance(raw, (tuple, list)):
        return Decimal(sum(raw))
    return raw


def _describe(item, raw) -> str:
    """The raw value in words: "完成序时进度105.20%"."""
    measure = MEASURES[item.measure]
    if raw is None:
        return _("%(label)s无数据") % {"label": measure.label}
    if isinstance(raw, (tuple, list)):
        parts = "、".join(f"{band}{count}个" for band, count in zip(measure.bands, raw, strict=True))
        return f"{measure.label}：{parts}"
    return f"{measure.label}{fmt(raw)}{measure.unit}"


def score_group(item, values: dict) -> dict:
    """{region_id: Score} of one item for one group, before caps."""
    params = item.params or {}
    if item.method == Method.RANK_POINTS:
        return rank_points(values, item.weight, params["step"], item.direction, item.tie_rule)
    found = {}
    for region_id, raw in values.items():
        if raw is None:
            points = Decimal(str(params.get("none_points", 0)))
            found[region_id] = Score(points, _("按无数据处理，得%(points)s分") % {"points": fmt(points)})
        elif item.method == Method.LINEAR:
            found[region_id] = linear(raw, item.weight, params["target"], item.direction)
        elif item.method == Method.BANDS:
            found[region_id] = bands(raw, params["bands"], item.direction)
        elif item.method == Method.PER_PROJECT:
            found[region_id] = per_project(raw, params["points"], MEASURES[item.measure].bands)
        else:
            found[region_id] = base_adjust(
                raw,
                item.weight,
                params["target"],
                params.get("above", 0),
                params.get("below", 0),
                params.get("above_until"),
                item.direction,
            )
    return found


def _item_entry(item, raw, score: Score) -> dict:
    points = clamp(score.points, item.cap_min, item.cap_max)
    explain = f"{_describe(item, raw)}，{score.reason}"
    if points != score.points:
        explain += _("，按上下限计%(points)s分") % {"points": fmt(points)}
    entry = {"raw": _raw_value(raw), "score": points, "explain": explain}
    if isinstance(raw, (tuple, list)):
        entry["counts"] = list(raw)
    return entry


def _targets(scheme, period: Period, figures: Figures, raws: dict) -> dict:
    """{region_id: True/False}: whether each region met the period's target, as the scheme's rule says."""
    if scheme.target_rule == TargetRule.GROWTH:
        from scheduling.models import GrowthTarget

        targets = dict(
            GrowthTarget.objects.filter(year=period.year, region_id__in=figures.region_ids).values_list(
                "region_id", "target_pct"
            )
        )
        growth = raws.get("yoy_growth") or MEASURES["yoy_growth"](figures)
        return {
            rid: growth.get(rid) is not None and rid in targets and growth[rid] >= targets[rid]
            for rid in figures.region_ids
        }
    ratio = raws.get("schedule_ratio") or MEASURES["schedule_ratio"](figures)
    return {rid: ratio.get(rid) is not None and ratio[rid] >= HUNDRED for rid in figures.region_ids}


def _previous(scheme, period: Period, with_changes: bool):
    """How the period before is ranked for the rank changes: (its publication, None) when published, (None, the
    period) when it has counted reports to recompute from, (None, None) without data or changes."""
    from scheduling.figures import counted_reports

    if not with_changes:
        return None, None
    previous = period.previous()
    published = latest_publication(scheme, previous)
    if published is not None:
        return published, None
    if not counted_reports(previous.year, previous.through).exists():
        return None, None
    return None, previous


def _lists(scheme, rows: list, met: dict) -> None:
    """Red and black lists, summons and most improved within one group; the light from target and lists."""
    size = len(rows)
    changes = [row["rank_change"] for row in rows if row["rank_change"] is not None and row["rank_change"] > 0]
    best_changes = sorted(set(changes), reverse=True)[: scheme.improved_top_n]
    for row in rows:
        hit = met[row["region_id"]]
        lists = []
        if hit and row["rank"] <= scheme.red_top_n:
            lists.append(ListName.RED)
        if not hit and row["rank"] > size - scheme.black_bottom_n:
            lists.append(ListName.BLACK)
        if row["rank_change"] is not None and row["rank_change"] in best_changes:
            lists.append(ListName.IMPROVED)
        if not hit and row["rank"] > size - scheme.summons_bottom_n:
            lists.append(ListName.SUMMONS)
        row["lists"] = [str(name) for name in lists]
        row["met_target"] = hit
        if hit:
            row["light"] = str(Light.GREEN)
        elif ListName.BLACK in lists or ListName.SUMMONS in lists:
            row["light"] = str(Light.RED)
        else:
            row["light"] = str(Light.YELLOW)


def _compute(scheme, period, with_changes: bool = True, reads: Reads | None = None) -> tuple[dict, dict]:
    """The ranking and the raw figures it read (a publication freezes both); the previous period, when it is
    recomputed for the rank changes, shares this ranking's reads (its reports read in the same statements)."""
    period = Period.parse(period)
    if period.kind != scheme.period_kind:
        raise ValueError(
            _("方案“%(scheme)s”用于%(kind)s排名，期次“%(period)s”不符。")
            % {"scheme": scheme.name, "kind": scheme.get_period_kind_display(), "period": period}
        )
    groups = list(scheme.groups.prefetch_related("regions").order_by("sort_order", "pk"))
    items = list(scheme.items.order_by("sort_order", "pk"))
    members = {group.pk: sorted(group.regions.all(), key=lambda r: (r.sort_order, r.code)) for group in groups}
    region_ids = [region.pk for regions in members.values() for region in regions]
    published, recompute = _previous(scheme, period, with_changes)
    reads = reads or Reads(region_ids, [period] + ([recompute] if recompute else []))
    figures = Figures(period, region_ids, reads)
    raws = {}
    for item in items:
        if item.measure not in raws:
            raws[item.measure] = MEASURES[item.measure](figures)
    met = _targets(scheme, period, figures, raws)
    previous = None
    if published is not None:
        previous = {row["region_id"]: row["rank"] for row in published.snapshot["rows"]}
    elif recompute is not None:
        ranked, _inputs = _compute(scheme, recompute, with_changes=False, reads=reads)
        previous = {row["region_id"]: row["rank"] for row in ranked["rows"]}
    result_groups, all_rows = [], []
    for group in groups:
        regions = members[group.pk]
        entries = {region.pk: {} for region in regions}
        for item in items:
            values = {region.pk: raws[item.measure].get(region.pk) for region in regions}
            for region_id, score in score_group(item, values).items():
                entries[region_id][item.code] = _item_entry(item, values[region_id], score)
        totals = {
            rid: scheme.base_score + sum((e["score"] for e in entry.values()), ZERO) for rid, entry in entries.items()
        }
        ranks = competition_ranks(totals)
        rows = []
        for region in regions:
            before = previous.get(region.pk) if previous else None
            rows.append(
                {
                    "region_id": region.pk,
                    "region_code": region.code,
                    "region": region.name,
                    "group": group.name,
                    "score": totals[region.pk],
                    "rank": ranks[region.pk],
                    "rank_change": None if before is None else before - ranks[region.pk],
                    "items": entries[region.pk],
                }
            )
        rows.sort(key=lambda row: (row["rank"], row["region_code"]))
        _lists(scheme, rows, met)
        result_groups.append({"name": group.name, "rows": rows})
        all_rows.extend(rows)
    result = {
        "period": str(period),
        "period_kind": period.kind,
        "period_label": period.label,
        "cumulative_label": period.cumulative_label,
        "scheme": scheme.name,
        "scheme_code": scheme.code,
        "scheme_id": scheme.pk,
        "scheme_version": scheme.version,
        "published": False,
        "publication_id": None,
        "published_at": None,
        "items": [
            {"code": i.code, "label": i.label, "weight": i.weight, "method": i.method, "measure": i.measure}
            for i in items
        ],
        "groups": result_groups,
        "rows": all_rows,
        "summons": [row["region"] for row in all_rows if ListName.SUMMONS in row["lists"]],
    }
    inputs = {"regions": figures.inputs(), "measures": _json_raws(raws)}
    return result, inputs


def _json_raws(raws: dict) -> dict:
    return {
        code: {str(rid): (list(v) if isinstance(v, tuple) else (None if v is None else str(v))) for rid, v in m.items()}
        for code, m in raws.items()
    }


def compute(scheme, period, user=None) -> dict:
    """The live draft ranking of `scheme` for `period`, recomputed now (city-wide: `user` restricts nothing;
    callers ask the policy whether the user may see it).

    Kept under the data version (`core.cache`): the race page, the dashboard's standings, the documents and the API
    ask for the same ranking many times between two writes, and at province scale each computation reads millions
    of reports. Any committed write (a report, a scheme's item, a publication) moves the version on, so a kept
    ranking is never older than the data; the key names the scheme and the period, the language names the
    explanations' wording.
    """
    period = Period.parse(period)
    return cached("race.compute", (scheme.pk, str(period)), lambda: _compute(scheme, period)[0])


def latest_publication(scheme, period):
    """The latest publication of any version of the scheme for the period (a correction replaces the earlier)."""
    from race.models import RacePublication

    return (
        RacePublication.objects.filter(scheme__code=scheme.code, period=str(Period.parse(period)))
        .select_related("scheme")
        .order_by("-published_at", "-pk")
        .first()
    )


DECIMAL_ROW_FIELDS = ("score",)


def revive(snapshot: dict) -> dict:
    """A stored snapshot with its Decimals back (JSON keeps them as strings), in compute's shape."""

    def dec(value):
        return None if value is None else Decimal(str(value))

    result = dict(snapshot)
    result["items"] = [{**item, "weight": dec(item["weight"])} for item in snapshot["items"]]
    revived = {}
    for row in snapshot["rows"]:
        items = {
            code: {**entry, "raw": dec(entry["raw"]), "score": dec(entry["score"])}
            for code, entry in row["items"].items()
        }
        revived[(row["group"], row["region_id"])] = {**row, "score": dec(row["score"]), "items": items}
    result["groups"] = [
        {"name": g["name"], "rows": [revived[(g["name"], r["region_id"])] for r in g["rows"]]}
        for g in snapshot["groups"]
    ]
    result["rows"] = [row for group in result["groups"] for row in group["rows"]]
    return result


def result_for(scheme, period, user=None) -> dict:
    """The latest publication's frozen ranking for the period when there is one, else the live draft."""
    publication = latest_publication(scheme, period)
    if publication is None:
        return compute(scheme, period, user)
    return revive(publication.snapshot)


def default_scheme(period_kind: str = "month"):
    """The scheme the city uses by default for that kind of period: the default in use, else any in use."""
    from race.models import RaceScheme

    in_use = RaceScheme.objects.filter(period_kind=period_kind, status=SchemeStatus.IN_USE)
    return in_use.order_by("-is_default", "code", "-version").first()


def as_json(value):
    """Decimals → strings, recursively: the result as the API, the CLI and a snapshot store it."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(item) for item in value]
    return value


@transaction.atomic
def publish(scheme, period, user=None, corrects=None, note: str = "", at=None):
    """Freeze the ranking as published: the scheme version, the result and the raw figures it read.

    Only a scheme in use publishes; a period already published is republished only as a correction naming the
    publication it corrects, with a reason.
    """
    from race.models import RacePublication

    period = Period.parse(period)
    if scheme.status != SchemeStatus.IN_USE:
        raise ValidationError(_("方案“%(scheme)s”不在使用中，不能发布。") % {"scheme": scheme})
    existing = latest_publication(scheme, period)
    if existing is not None and corrects is None:
        raise ValidationError(
            _("%(period)s已发布第%(number)s期；如需修改，请发布更正并写明原因。")
            % {"period": period, "number": existing.number}
        )
    if corrects is not None and not note.strip():
        raise ValidationError({"note": _("发布更正须写明更正原因。")})
    result, inputs = _compute(scheme, period)
    number = RacePublication.objects.filter(scheme__code=scheme.code, period__startswith=str(period.year)).count() + 1
    publication = RacePublication(
        scheme=scheme,
        period=str(period),
        number=number,
        snapshot={},
        inputs=inputs,
        published_at=at or timezone.now(),
        published_by=user if getattr(user, "is_authenticated", False) else None,
        corrects=corrects,
        note=note,
    )
    publication.save()
    result.update(published=True, publication_id=publication.pk, published_at=publication.published_at.isoformat())
    publication.snapshot = as_json(result)
    publication.save(update_fields=["snapshot"])
    return publication


@transaction.atomic
def new_version(scheme):
    """A draft copy of `scheme` as the next version (groups, regions and items copied): how a scheme in use is
    changed without touching what was published under it."""
    from race.models import RaceScheme

    latest = RaceScheme.objects.filter(code=scheme.code).order_by("-version").first()
    groups = list(scheme.groups.prefetch_related("regions"))
    items = list(scheme.items.all())
    copy = RaceScheme.objects.get(pk=scheme.pk)
    copy.pk = None
    copy.version = latest.version + 1
    copy.status = SchemeStatus.DRAFT
    copy.is_default = False
    copy.supersedes = scheme
    copy.save()
    for group in groups:
        regions = list(group.regions.all())
        group.pk = None
        group.scheme = copy
        group._prefetched_objects_cache = {}  # else set() compares with the old group's cached regions
        group.save()
        group.regions.set(regions)
    for item in items:
        item.pk = None
        item.scheme = copy
        item.save()
    return copy


@transaction.atomic
def activate(scheme):
    """Put a draft version in use; the version it supersedes (and any other in use under the code) retires."""
    from race.models import RaceScheme

    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError(_("只有草稿方案可以启用。"))
    if not scheme.items.exists() or not scheme.groups.exists():
        raise ValidationError(_("方案至少需要一个分组和一个指标才能启用。"))
    others = RaceScheme.objects.filter(code=scheme.code, status=SchemeStatus.IN_USE).exclude(pk=scheme.pk)
    was_default = others.filter(is_default=True).exists()
    for other in others:
        other.status = SchemeStatus.RETIRED
        other._status_change = True
        other.save()
    scheme.status = SchemeStatus.IN_USE
    scheme.is_default = scheme.is_default or was_default
    scheme._status_change = True
    scheme.save()
    return scheme


def default_period(scheme, as_of=None) -> Period:
    """The period the race page opens on: the last one of the scheme's kind ended by `as_of` (today), no later
    than the last month with counted reports (a page opened after the data ends shows the last ranked period)."""
    from django.db.models import Max

    from core.clock import today
    from race.periods import current_period
    from scheduling.calendar import month_end
    from scheduling.choices import COUNTED_STATUSES
    from scheduling.models import MonthlyReport

    as_of = as_of or today()
    last = MonthlyReport.objects.filter(status__in=COUNTED_STATUSES, period__lte=as_of).aggregate(last=Max("period"))
    if last["last"] is not None and month_end(last["last"]) < as_of:
        as_of = month_end(last["last"])
    return current_period(scheme.period_kind, as_of)
