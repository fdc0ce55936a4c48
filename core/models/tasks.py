"""The last run of each scheduled job (core/tasks.py), so cron or the loop never repeats a day's work."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One row per registered scheduled job: the period (day or month) it last ran for and how that went; claiming
    the period is one conditional UPDATE, so two runners started together run a job once."""

    name = models.CharField(_("任务"), max_length=100, unique=True)
    period = models.CharField(_("周期"), max_length=10, blank=True)  # "2026-11-29" (daily) or "2026-11" (monthly)
    started_at = models.DateTimeField(_("开始"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束"), null=True, blank=True)
    succeeded = models.BooleanField(_("成功"), null=True)  # None: running, or killed before it finished
    message = models.TextField(_("结果"), blank=True)

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = _("定时任务运行记录")
        default_permissions = ()  # operators read it with `gongjian tasks list`

    def __str__(self):
        return f"{self.name} {self.period}"
