"""序时进度 as configuration: the share of the year's plan expected done by the end of each month."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel

MONTHS = range(1, 13)
HUNDRED = Decimal("100")
# Linear time (month ÷ 12), the built-in profile used where no profile is configured; exact fractions of 100, so that
# "exactly on schedule" after five months (41.666…%) is judged exactly.
LINEAR = tuple(Fraction(month * 100, 12) for month in MONTHS)


def month_field(month: int) -> str:
    return f"m{month:02d}"


class SeasonalProfile(BaseModel):
    """A city's (or one district's) expected cumulative share of the annual plan by the end of each month, in %.

    Construction in the north-east stops in winter, so linear time (month ÷ 12) calls most projects late in spring;
    the city sets its own curve, and a district may override it. Warnings read it through `expected_share`.
    """

    region = models.OneToOneField(
        "core.Region",
        verbose_name=_("地区"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("选全市则为全市默认；选县区则只用于该县区"),
    )
    name = models.CharField(_("名称"), max_length=64, help_text=_("如“辽宁季节性进度”"))
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("如依据（统计公报、往年实绩）"))
    locals().update(
        {
            month_field(month): models.DecimalField(
                format_lazy(_("{month}月末（%）"), month=month),
                max_digits=5,
                decimal_places=2,
                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(HUNDRED)],
            )
            for month in MONTHS
        }
    )

    class Meta:
        verbose_name = _("序时进度曲线")
        verbose_name_plural = _("序时进度曲线")
        ordering = ["region__sort_order", "region__code"]

    def __str__(self):
        return f"{self.region} {self.name}"

    @property
    def shares(self) -> list[Decimal]:
        """The twelve cumulative shares (%), January first."""
        return [getattr(self, month_field(month)) for month in MONTHS]

    def clean(self):
        shares = self.shares
        if any(share is None for share in shares):
            return  # the missing field has its own error
        errors = {}
        for month in MONTHS[1:]:
            if shares[month - 1] < shares[month - 2]:
                errors[month_field(month)] = _("累计比例不能低于上月（%(previous)s%%）。") % {
                    "previous": shares[month - 2]
                }
        if shares[11] != HUNDRED:
            errors[month_field(12)] = _("12月末的累计比例必须为 100%。")
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class Profiles:
    """Every configured profile's shares and the regions' parents, read once for a batch of judgements."""

    shares: dict  # region id → twelve cumulative shares (%)
    parents: dict  # region id → parent region id

    @classmethod
    def load(cls) -> "Profiles":
        from core.models import Region

        return cls(
            shares={profile.region_id: profile.shares for profile in SeasonalProfile.objects.all()},
            parents=dict(Region.objects.values_list("pk", "parent_id")),
        )


def expected_share(region, period: dt.date, profiles: Profiles | None = None) -> Fraction:
    """序时进度 (%, exact) of `region` by the end of `period`'s month: the nearest profile up the region's parents
    (a district's own, else its city's), linear time where none is set. The one place every caller reads it;
    `profiles` (`Profiles.load()`) saves the queries when judging many projects."""
    profiles = profiles or Profiles.load()
    region_id = region.pk if region is not None else None
    while region_id is not None:
        if region_id in profiles.shares:
            return Fraction(profiles.shares[region_id][period.month - 1])
        region_id = profiles.parents.get(region_id)
    return LINEAR[period.month - 1]


def expected_share_since(region, start: dt.date | None, period: dt.date, profiles: Profiles | None = None) -> Fraction:
    """序时进度 (%) of a project that started during `period`'s year: its annual plan covers the months from its
    start, so it is expected to have done the profile's share of those months (the whole year otherwise)."""
    profiles = profiles or Profiles.load()
    share = expected_share(region, period, profiles)
    if start is None or start.year != period.year or start.month == 1:
        return share
    before = expected_share(region, dt.date(period.year, start.month - 1, 1), profiles)
    if before >= 100:
        return share
    return (share - before) * 100 / (100 - before)
