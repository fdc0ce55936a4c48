"""The data version: a number every committed write to the figures' tables moves on (core.cache)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row whose value changes after every committed write that can change a figure, so that a cached figure
    can name the data it was computed from and is never served after that data changed (core.cache).

    A plain model, not a BaseModel: its own writes must neither keep a history nor move the version themselves.
    """

    value = models.BigIntegerField(_("版本"))

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")
        default_permissions = ()

    def __str__(self):
        return str(self.value)
