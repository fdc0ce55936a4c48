"""Each district's planned investment growth for a year, against which the district's warning light is judged."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import RANKED_REGION_KINDS
from core.models import BaseModel


class GrowthTarget(BaseModel):
    """A district's target growth of fixed-asset investment for one year (投资增速目标), set by the city.

    Not scoped to a region on purpose: targets are city-wide reference data that everyone may read and only the
    city's administrators set (a district must not set its own yardstick).
    """

    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("地区"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": RANKED_REGION_KINDS},
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    target_pct = models.DecimalField(
        _("目标增速（%）"), max_digits=5, decimal_places=1, help_text=_("固定资产投资同比增长目标，如 8.0 表示增长 8%")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("如目标出处（某某文件）"))

    class Meta:
        verbose_name = _("投资增速目标")
        verbose_name_plural = _("投资增速目标")
        ordering = ["-year", "region__sort_order", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="one_growth_target_per_region_year")]

    def __str__(self):
        return f"{self.region} {self.year} {self.target_pct}%"
