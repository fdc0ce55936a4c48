"""Choices of the race: scheme status, period kinds, scoring methods, direction, ties, target rules, lights."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeStatus(models.TextChoices):
    """A scheme is drafted, then used; a scheme in use is never edited in place (a new version replaces it)."""

    DRAFT = "draft", _("草稿")
    IN_USE = "in_use", _("使用中")
    RETIRED = "retired", _("已停用")


class PeriodKind(models.TextChoices):
    """Which circular a scheme ranks for: 月通报, 季总结, 年考核."""

    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class Method(models.TextChoices):
    """How an item turns its measure's raw value into points (race.scoring has one function per method)."""

    RANK_POINTS = "rank_points", _("按名次计分")
    LINEAR = "linear", _("按目标线性计分")
    BANDS = "bands", _("分档计分")
    PER_PROJECT = "per_project", _("按项目计分")
    BASE_ADJUST = "base_adjust", _("基础分加减分")


class Direction(models.TextChoices):
    """Whether a higher raw value is better (investment) or a lower one (projects not started)."""

    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class TieRule(models.TextChoices):
    """Equal raw values under points by rank: all get the best place's points, or the average of the places."""

    SHARED = "shared", _("并列取高名次")
    AVERAGE = "average", _("并列取平均分")


class TargetRule(models.TextChoices):
    """What "met the target" means for the red and black lists and the summons (绵阳: the period's target)."""

    SCHEDULE = "schedule", _("投资完成率达到序时进度")
    GROWTH = "growth", _("投资增速达到年度目标")


class Light(models.TextChoices):
    """A region's light in the ranking: met target, missed it, missed it and named on the black list or summoned."""

    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class ListName(models.TextChoices):
    """The lists a circular names (红榜, 黑榜, 争先进位, 约谈)."""

    RED = "red", _("红榜")
    BLACK = "black", _("黑榜")
    IMPROVED = "improved", _("争先进位")
    SUMMONS = "summons", _("约谈")
