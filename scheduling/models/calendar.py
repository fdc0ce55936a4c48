"""The city's holiday calendar, which decides when monthly reports fall due."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


class Holiday(BaseModel):
    """A day that breaks the Monday–Friday rule: a public holiday, or a weekend day worked in exchange (调休)."""

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=64)
    is_workday = models.BooleanField(
        _("调休上班"), default=False, help_text=_("勾选表示该日虽在周末但照常上班；不勾选表示该日放假。")
    )

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"
