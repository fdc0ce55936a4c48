"""Publications: a ranking frozen as published, so a circular never changes when data or schemes change later."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


class RacePublication(BaseModel):
    """One published ranking (通报): the scheme version, the period, the frozen result and the figures it read.

    A correction is a new publication that names the one it corrects; the earlier one stays as it was issued.
    """

    scheme = models.ForeignKey(
        "race.RaceScheme", verbose_name=_("方案版本"), on_delete=models.PROTECT, related_name="publications"
    )
    period = models.CharField(_("期次"), max_length=8, db_index=True, help_text=_("如 2024-05、2024-Q2、2024"))
    number = models.PositiveIntegerField(_("期号"), help_text=_("同一方案同一年度内顺序编号"))
    snapshot = models.JSONField(_("发布结果"))
    inputs = models.JSONField(_("取数依据"), help_text=_("发布时各地区的原始数据"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的通报"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    note = models.TextField(_("说明"), blank=True, help_text=_("更正时写明更正原因"))

    class Meta:
        verbose_name = _("赛马通报")
        verbose_name_plural = _("赛马通报")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["period", "-published_at"], name="race_publication_period")]

    def __str__(self):
        return f"{self.scheme.name} {self.period} 第{self.number}期"
