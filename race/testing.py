"""Race test factories: a small scheme in use (imported by the root conftest like projects.testing)."""

from decimal import Decimal

from core.models import Region
from race.choices import Method, SchemeStatus
from race.models import RaceGroup, RaceItem, RaceScheme


def make_scheme(code="test-race", status=SchemeStatus.IN_USE, regions=("210804", "210881"), items=None, **fields):
    """A scheme with one group of `regions` and its items (default: plan completion, linear to 100, 100 points)."""
    scheme = RaceScheme.objects.create(code=code, name=fields.pop("name", f"测试赛马方案 {code}"), **fields)
    group = RaceGroup.objects.create(scheme=scheme, name="县（市）区", sort_order=10)
    group.regions.set(Region.objects.filter(code__in=regions))
    for order, spec in enumerate(items or [default_item()], start=1):
        RaceItem.objects.create(scheme=scheme, sort_order=order, **spec)
    if status != SchemeStatus.DRAFT:
        RaceScheme.objects.filter(pk=scheme.pk).update(status=status)
        scheme.refresh_from_db()
    return scheme


def default_item(**overrides) -> dict:
    return {
        "code": "plan",
        "label": "年度计划完成率",
        "measure": "plan_completion",
        "weight": Decimal("100"),
        "method": Method.LINEAR,
        "params": {"target": 100},
        **overrides,
    }
