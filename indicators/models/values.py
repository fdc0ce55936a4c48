"""Values of the indicators by period and region, and the province's rankings of the city as entered facts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from indicators.choices import Qualifier
from scheduling.choices import ReportStatus

VALUE_DIGITS = {"max_digits": 20, "decimal_places": 4}  # published figures rounded, stored as exact as supplied


class IndicatorValue(BaseModel):
    """A department's value of one indicator for one period (the month; quarters and years on their last month)
    and region; the growth it published is kept only when the system lacks last year's value to compute it."""

    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values"
    )
    period = models.DateField(_("期间"), help_text=_("月份的第一天；累计指标为 1 月至该月"))
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(
        _("数值"), null=True, blank=True, help_text=_("金额以万元填报；只公布增速时可空"), **VALUE_DIGITS
    )
    qualifier = models.CharField(_("约数"), max_length=4, choices=Qualifier.choices, default="", blank=True)
    reported_growth = models.DecimalField(
        _("公布同比（%）"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("系统没有上年同期数值时按部门公布的增速填写"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.CharField(_("审核意见"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope_department_field = "indicator__owner"
    scope_region_field = "region"

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        ordering = ["-period", "indicator__category__sort_order", "indicator__sort_order", "region__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "region"], name="indicator_value_once"),
        ]
        indexes = [models.Index(fields=["period", "indicator"], name="indicator_value_period")]

    def __str__(self):
        return f"{self.indicator} {self.period:%Y-%m}"

    def clean(self):
        if self.period and self.period.day != 1:
            self.period = self.period.replace(day=1)
        if self.indicator_id and self.indicator.is_computed:
            raise ValidationError(
                {"indicator": _("「%(name)s」由系统计算，不能填报。") % {"name": self.indicator.name}}
            )
        if self.value is None and self.reported_growth is None:
            raise ValidationError({"value": _("请填写数值，或只填写公布的同比增速。")})
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("数值不能为负数。")})


class ProvinceRank(BaseModel):
    """The city's place in the province on one indicator (investment growth 5th, Q1 3rd): an entered fact, with
    the source that published it, never derived."""

    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("指标"), on_delete=models.PROTECT, related_name="ranks"
    )
    period = models.DateField(_("期间"), help_text=_("月份的第一天"))
    measure = models.CharField(_("排名口径"), max_length=16, default="增速", help_text=_("如“增速”“总量”"))
    rank = models.PositiveSmallIntegerField(_("全省位次"))
    of_total = models.PositiveSmallIntegerField(_("参与排名数"), null=True, blank=True, help_text=_("如全省 14 个市"))
    source = models.CharField(_("来源"), max_length=100, help_text=_("如“省统计局 2024年1-5月全省经济运行情况”"))

    scope_department_field = "indicator__owner"

    class Meta:
        verbose_name = _("全省排名")
        verbose_name_plural = _("全省排名")
        ordering = ["-period", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "measure"], name="province_rank_once"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period:%Y-%m} {self.measure}第{self.rank}"

    def clean(self):
        if self.period and self.period.day != 1:
            self.period = self.period.replace(day=1)
        if self.rank is not None and self.of_total is not None and self.rank > self.of_total:
            raise ValidationError({"rank": _("位次不能大于参与排名数。")})
