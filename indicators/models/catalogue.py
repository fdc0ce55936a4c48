"""The indicator catalogue as data: categories (the seed's groups) and indicators with their owner and rules."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from indicators.choices import Accumulation, Direction, Frequency, Level, Source

MONEY_UNITS = ("万元", "亿元")  # values of these units are held in 万元 (core.money); 亿元 only when shown


class IndicatorCategory(BaseModel):
    """A group of the 攻坚突破 list (工业、科技、农业 …) with the lead sentence its bullet opens with."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)
    lead = models.CharField(
        _("导语"), max_length=100, blank=True, help_text=_("报告中该类要点的开头，如“农业生产稳中有升”")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("指标类别")
        verbose_name_plural = _("指标类别")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class Indicator(BaseModel):
    """One development indicator: what it measures, who owns it, how often and how it adds up, and whether a
    department enters it or the product computes it from another app (investment, 开复工, stewardship …)."""

    code = models.SlugField(_("代码"), max_length=48, unique=True)
    name = models.CharField(_("名称"), max_length=64, help_text=_("如“蔬菜及食用菌产量”"))
    category = models.ForeignKey(
        IndicatorCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="indicators"
    )
    unit = models.CharField(_("单位"), max_length=16, help_text=_("如 万吨、万人次、亿元、%、家；金额按万元存储"))
    owner = models.ForeignKey(
        "core.Department", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="indicators"
    )
    frequency = models.CharField(_("频次"), max_length=8, choices=Frequency.choices, default=Frequency.MONTH)
    accumulation = models.CharField(_("累计方式"), max_length=8, choices=Accumulation.choices, default=Accumulation.YTD)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    precision = models.PositiveSmallIntegerField(_("数值小数位"), default=2, help_text=_("显示和公布的小数位数"))
    growth_precision = models.PositiveSmallIntegerField(
        _("增速小数位"), default=1, help_text=_("同比增速按此位数四舍五入，如猪肉产量 15.28% 为 2 位")
    )
    annual_target = models.DecimalField(
        _("年度目标"), max_digits=20, decimal_places=4, null=True, blank=True, help_text=_("与数值同单位")
    )
    seasonal_profile = models.ForeignKey(
        "scheduling.SeasonalProfile",
        verbose_name=_("序时进度曲线"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("不选则按时间序时（月份÷12）"),
    )
    level = models.CharField(_("层级"), max_length=8, choices=Level.choices, default=Level.CITY)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.ENTERED)
    computed_by = models.CharField(
        _("计算口径"), max_length=48, blank=True, help_text=_("系统计算的指标取数的来源（indicators.sources）")
    )
    jump_limit = models.DecimalField(
        _("异常变动阈值（%）"),
        max_digits=7,
        decimal_places=1,
        default=200,
        help_text=_("同比增减超过此幅度时提示部门复核"),
    )
    publish_growth = models.BooleanField(
        _("报告同比"), default=True, help_text=_("年中答卷是否写出同比增速（页面总是显示）")
    )
    headline = models.BooleanField(_("列入导语"), default=False, help_text=_("年中答卷开头一段的数字"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope_department_field = "owner"

    class Meta:
        verbose_name = _("发展指标")
        verbose_name_plural = _("发展指标")
        ordering = ["category__sort_order", "sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED

    def clean(self):
        from indicators.sources import SOURCES

        if self.source == Source.COMPUTED and self.computed_by not in SOURCES:
            raise ValidationError(
                {"computed_by": _("系统计算的指标须选择计算口径：%(keys)s。") % {"keys": "、".join(SOURCES)}}
            )
        if self.source == Source.ENTERED and self.computed_by:
            raise ValidationError({"computed_by": _("部门填报的指标不设计算口径。")})
