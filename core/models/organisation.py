"""Regions (the city, its districts, counties, zones and townships) and departments."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import RANKED_REGION_KINDS, RegionKind
from core.models.base import BaseModel, RestrictedQuerySet


class RegionQuerySet(RestrictedQuerySet):
    """Regions with the helpers the race and the filters need."""

    def ranked(self):
        """Districts, county-level cities and functional zones: the units ranked against each other."""
        return self.filter(kind__in=RANKED_REGION_KINDS)


class Region(BaseModel):
    """An administrative unit: the city, a district / county-level city, a functional zone or a township."""

    code = models.CharField(
        _("区划代码"),
        max_length=12,
        unique=True,
        help_text=_("国家统计局区划代码；功能区使用本系统自定义代码"),
    )
    name = models.CharField(_("名称"), max_length=64)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def is_ranked(self) -> bool:
        return self.kind in RANKED_REGION_KINDS

    def subtree_ids(self) -> list[int]:
        """This region's id and all its descendants' ids, one query per level (the tree is three deep)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids


class Department(BaseModel):
    """A line department (责任单位) that answers for projects and, later, for problems."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    short_name = models.CharField(_("简称"), max_length=16, blank=True)
    # Sheets name departments the way people speak (交通局 for 交通运输局); the city keeps these words here.
    aliases = models.CharField(
        _("别名"),
        max_length=200,
        blank=True,
        help_text=_("导入时也认作本部门的其他叫法，用顿号或逗号分隔，如：交通局、交通委"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("责任部门")
        verbose_name_plural = _("责任部门")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.short_name or self.name

    @property
    def alias_list(self) -> list[str]:
        """The aliases as separate words (the field is edited as one line)."""
        return split_aliases(self.aliases)


def split_aliases(text: str) -> list[str]:
    """Split an alias line into words: 交通局、交通委, 运输局 → 交通局 / 交通委 / 运输局."""
    return [word.strip() for word in re.split(r"[、,，;；\s]+", text or "") if word.strip()]
