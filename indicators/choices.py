"""Choices of the development indicators: how often an indicator is published, how its value adds up, which way
is better, where it applies, how its value arises, and how a value was qualified when published."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How often the owner publishes the indicator; quarterly and yearly values sit on the period's last month."""

    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class Accumulation(models.TextChoices):
    """Cumulative from January (前5个月) or a figure at one moment (a holiday's visitors, a stock at month end)."""

    YTD = "ytd", _("年初累计")
    POINT = "point", _("时点/时段")


class Direction(models.TextChoices):
    """Whether a higher value is better (jobs) or a lower one (zero-unemployment households)."""

    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class Level(models.TextChoices):
    """Whether the indicator is published for the city alone or per district too."""

    CITY = "city", _("全市")
    DISTRICT = "district", _("分县区")


class Source(models.TextChoices):
    """Entered by the owning department, or computed by the product from another app's data (never typed)."""

    ENTERED = "entered", _("部门填报")
    COMPUTED = "computed", _("系统计算")


class Qualifier(models.TextChoices):
    """How a published figure is qualified: 700余场, 200多场, 超过4900万元; exact when empty."""

    EXACT = "", _("准确值")
    ODD = "余", _("余（700余场）")
    MORE = "多", _("多（200多场）")
    OVER = "超过", _("超过（超过4900万元）")


class Origin(models.TextChoices):
    """Where a figure on a page or in the report comes from: the product's computation, a department's entry, or
    a growth rate published by the owner because the system lacks last year's value."""

    COMPUTED = "computed", _("系统计算")
    ENTERED = "entered", _("部门填报")
    REPORTED = "reported", _("按公布增速")


class Flag(models.TextChoices):
    """Why a value needs the owner's second look."""

    JUMP = "jump", _("同比变动异常")
    CONTRADICTS = "contradicts", _("公布增速与两年数值不符")
