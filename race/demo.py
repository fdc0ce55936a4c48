"""Race demo: two schemes in use modelled on published ones, and April 2024 published so May shows rank changes.

"yingkou-100" is a 100-point scheme with additions and deductions (plan completion against 序时 40 points, −0.1
a point short, +0.2 a point between 100 and 130 %, capped ±10; growth by rank; +1 per new start up to 10, −3
per project due to start that has not; problems and reports on time). "per-project" is 延安's: +5 per new start,
+2 per continuing project, points by the size of the annual plan, progress = 60 × share of the plan done.
Both rank the county-level districts and the functional zones separately.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.choices import RegionKind
from core.models import Region, User
from race.choices import Direction, Method, PeriodKind, SchemeStatus
from race.models import RaceGroup, RaceItem, RaceScheme

D = Decimal
GROUPS = (
    ("县（市）区", (RegionKind.DISTRICT, RegionKind.COUNTY_CITY, RegionKind.COUNTY)),
    ("功能区", (RegionKind.ZONE,)),
)
# code, label, measure, weight, method, params, direction, cap_min, cap_max
YINGKOU_100 = (
    (
        "plan_completion",
        "年度计划完成率（对照序时进度）",
        "schedule_ratio",
        D("40"),
        Method.BASE_ADJUST,
        {"target": 100, "above": 0.2, "below": 0.1, "above_until": 130},
        Direction.HIGHER,
        D("30"),
        D("50"),
    ),
    (
        "yoy_growth",
        "累计投资同比增速",
        "yoy_growth",
        D("25"),
        Method.RANK_POINTS,
        {"step": 3},
        Direction.HIGHER,
        None,
        None,
    ),
    (
        "new_starts",
        "新开工项目",
        "new_starts",
        D("20"),
        Method.BASE_ADJUST,
        {"target": 0, "above": 1, "above_until": 10},
        Direction.HIGHER,
        None,
        None,
    ),
    (
        "not_started",
        "应开未开项目",
        "not_started",
        D("0"),
        Method.BASE_ADJUST,
        {"target": 0, "below": 3},
        Direction.LOWER,
        D("-15"),
        None,
    ),
    (
        "problems_on_time",
        "问题按时办结率",
        "problems_on_time",
        D("10"),
        Method.LINEAR,
        {"target": 100, "none_points": 10},
        Direction.HIGHER,
        None,
        D("10"),
    ),
    (
        "reports_on_time",
        "月报按时报送率",
        "reports_on_time",
        D("5"),
        Method.LINEAR,
        {"target": 100},
        Direction.HIGHER,
        None,
        D("5"),
    ),
)
PER_PROJECT = (
    (
        "new_starts",
        "新开工项目（每个5分）",
        "new_starts",
        D("0"),
        Method.PER_PROJECT,
        {"points": [5]},
        Direction.HIGHER,
        None,
        None,
    ),
    (
        "continuing",
        "续建项目（每个2分）",
        "continuing",
        D("0"),
        Method.PER_PROJECT,
        {"points": [2]},
        Direction.HIGHER,
        None,
        None,
    ),
    (
        "plan_size",
        "年度计划投资规模",
        "plan_size",
        D("0"),
        Method.PER_PROJECT,
        {"points": [20, 10, 6, 3]},
        Direction.HIGHER,
        None,
        None,
    ),
    (
        "progress",
        "投资进度（60×完成÷计划）",
        "plan_completion",
        D("60"),
        Method.LINEAR,
        {"target": 100},
        Direction.HIGHER,
        None,
        None,
    ),
)
SCHEMES = (
    {
        "code": "yingkou-100",
        "name": "营口市重大项目月度赛马（百分制）",
        "notes": (
            "参照百分制加减分办法：计划完成率40分对照序时进度，低1个百分点减0.1分，"
            "100%—130%之间每高1个百分点加0.2分，上下限±10分。"
        ),
        "is_default": True,
        "items": YINGKOU_100,
    },
    {
        "code": "per-project",
        "name": "营口市重大项目月度赛马（按项目计分）",
        "notes": "参照延安办法：新开工每个5分、续建每个2分，按年度计划规模分档计分，进度得分=60×完成投资÷年度计划。",
        "is_default": False,
        "items": PER_PROJECT,
    },
)
PUBLISHED = "2024-04"
PUBLISHED_AT = dt.datetime(2024, 5, 10, 9, 0)


def make_scheme(spec: dict) -> RaceScheme:
    """One demo scheme as a draft with its groups and items, then put in use."""
    from race.services import activate

    scheme = RaceScheme.objects.create(
        code=spec["code"], name=spec["name"], notes=spec["notes"], period_kind=PeriodKind.MONTH
    )
    for order, (name, kinds) in enumerate(GROUPS, start=1):
        group = RaceGroup.objects.create(scheme=scheme, name=name, sort_order=order * 10)
        group.regions.set(Region.objects.filter(kind__in=kinds))
    for order, (code, label, measure, weight, method, params, direction, low, high) in enumerate(spec["items"], 1):
        item = RaceItem(
            scheme=scheme,
            code=code,
            label=label,
            measure=measure,
            weight=weight,
            method=method,
            params=params,
            direction=direction,
            cap_min=low,
            cap_max=high,
            sort_order=order * 10,
        )
        item.full_clean()
        item.save()
    scheme.is_default = spec["is_default"]
    activate(scheme)
    return scheme


def load_race() -> None:
    """The two schemes and April 2024's publication of each (skipped when the schemes exist)."""
    from race.services import publish

    if RaceScheme.objects.exists():
        return
    admin = User.objects.filter(username="city_admin").first()
    at = timezone.make_aware(PUBLISHED_AT)
    for spec in SCHEMES:
        scheme = make_scheme(spec)
        publish(scheme, PUBLISHED, admin, at=at)
    assert RaceScheme.objects.filter(status=SchemeStatus.IN_USE).count() == len(SCHEMES)
