"""Race schemes as data: one row per version, its groups of regions ranked separately and its scored items."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from race.choices import Direction, Method, PeriodKind, SchemeStatus, TargetRule, TieRule

POINTS = {"max_digits": 7, "decimal_places": 2}


def measure_choices():
    """The registered measures (race.measures), read when a form or a migration asks."""
    from race.measures import MEASURES

    return [(code, measure.label) for code, measure in MEASURES.items()]


def not_editable_message(scheme) -> str:
    """The refusal of an edit to a scheme in use, in the same words on every path."""
    return _("“%(scheme)s”已启用或停用，不能直接修改；请先生成新版本再修改。") % {"scheme": scheme}


def guard_draft(scheme) -> None:
    """Items and groups change only while their scheme is a draft."""
    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError(not_editable_message(scheme))


class RaceScheme(BaseModel):
    """One version of a scoring scheme (赛马方案): the city's rules for ranking its regions in a kind of period.

    The same `code` runs through all versions; a scheme in use is never edited in place, so every publication
    keeps pointing at the exact rules it was scored by (race.services.new_version makes the next version).
    """

    code = models.SlugField(_("方案代码"), max_length=48, help_text=_("各版本相同，如 yingkou-100"))
    name = models.CharField(_("方案名称"), max_length=100)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    period_kind = models.CharField(_("期次类型"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.MONTH)
    status = models.CharField(_("状态"), max_length=8, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    is_default = models.BooleanField(_("默认方案"), default=False, help_text=_("该期次类型下通报默认使用的方案"))
    supersedes = models.ForeignKey(
        "self", verbose_name=_("取代版本"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("说明"), blank=True, help_text=_("依据的文件、与上一版本的差别"))
    base_score = models.DecimalField(
        _("基础分"), default=Decimal("0"), help_text=_("各项得分之外的起点分，百分制多为 0"), **POINTS
    )
    target_rule = models.CharField(
        _("达标口径"), max_length=12, choices=TargetRule.choices, default=TargetRule.SCHEDULE
    )
    red_top_n = models.PositiveSmallIntegerField(_("红榜：达标且前 N 名"), default=3)
    black_bottom_n = models.PositiveSmallIntegerField(_("黑榜：未达标且后 N 名"), default=2)
    summons_bottom_n = models.PositiveSmallIntegerField(_("约谈：未达标且后 N 名"), default=1)
    improved_top_n = models.PositiveSmallIntegerField(_("争先进位：名次上升最多的 N 个"), default=1)

    class Meta:
        verbose_name = _("赛马方案")
        verbose_name_plural = _("赛马方案")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="race_scheme_code_version")]

    def __str__(self):
        return f"{self.name}（第{self.version}版）"

    # What a scheme in use guards: its rules change only through a new version (status and default may move).
    GUARDED_FIELDS = (
        "code",
        "name",
        "version",
        "period_kind",
        "base_score",
        "target_rule",
        "red_top_n",
        "black_bottom_n",
        "summons_bottom_n",
        "improved_top_n",
    )

    def save(self, *args, **kwargs):
        """Refuse any change to the rules of a scheme that is no longer a draft, whatever path tries it."""
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values("status", *self.GUARDED_FIELDS).first()
            if stored and stored["status"] != SchemeStatus.DRAFT:
                if any(getattr(self, name) != stored[name] for name in self.GUARDED_FIELDS):
                    raise ValidationError(not_editable_message(self))
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        """Only a draft is edited in place; a scheme in use or retired changes through a new version."""
        return self.status == SchemeStatus.DRAFT


class RaceGroup(BaseModel):
    """Regions ranked together (县（市）区, 功能区): most cities rank districts and zones separately."""

    scheme = models.ForeignKey(RaceScheme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("分组名称"), max_length=32)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=10)
    regions = models.ManyToManyField("core.Region", verbose_name=_("参赛地区"), related_name="+")

    class Meta:
        verbose_name = _("赛马分组")
        verbose_name_plural = _("赛马分组")
        ordering = ["scheme", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="race_group_name_per_scheme")]

    def __str__(self):
        return f"{self.scheme} · {self.name}"

    def save(self, *args, **kwargs):
        guard_draft(self.scheme)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        guard_draft(self.scheme)
        return super().delete(*args, **kwargs)


class RaceItem(BaseModel):
    """One scored item of a scheme: which measure, how it is scored (method + parameters), weight and caps."""

    scheme = models.ForeignKey(RaceScheme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("指标代码"), max_length=48)
    label = models.CharField(_("指标名称"), max_length=64)
    measure = models.CharField(_("取数口径"), max_length=32, choices=measure_choices)
    weight = models.DecimalField(
        _("分值"), help_text=_("名次计分为第一名得分；线性计分为达到目标的得分；基础分加减分为基础分"), **POINTS
    )
    method = models.CharField(_("计分方法"), max_length=16, choices=Method.choices)
    params = models.JSONField(_("计分参数"), default=dict, blank=True)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    tie_rule = models.CharField(_("并列规则"), max_length=8, choices=TieRule.choices, default=TieRule.SHARED)
    cap_min = models.DecimalField(_("最低得分"), null=True, blank=True, **POINTS)
    cap_max = models.DecimalField(_("最高得分"), null=True, blank=True, **POINTS)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=10, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("赛马指标")
        verbose_name_plural = _("赛马指标")
        ordering = ["scheme", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="race_item_code_per_scheme")]

    def __str__(self):
        return f"{self.label}（{self.weight}分）"

    def save(self, *args, **kwargs):
        guard_draft(self.scheme)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        guard_draft(self.scheme)
        return super().delete(*args, **kwargs)

    def clean(self):
        from race.scoring import validate_params

        errors = {}
        problems = validate_params(self.method, self.params, self.measure)
        if problems:
            errors["params"] = problems
        if self.cap_min is not None and self.cap_max is not None and self.cap_min > self.cap_max:
            errors["cap_max"] = _("最高得分（%(max)s）不能低于最低得分（%(min)s）。") % {
                "max": self.cap_max,
                "min": self.cap_min,
            }
        if errors:
            raise ValidationError(errors)
