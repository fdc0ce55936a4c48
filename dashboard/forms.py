"""The dashboard's one input: the month shown (YYYY-MM), checked against the months that have data."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

MEASURES = (
    ("completion", _("年度计划完成率")),
    ("growth", _("同比增速")),
    ("race", _("赛马得分")),
    ("light", _("预警灯")),
)


class MonthForm(forms.Form):
    """?month=2024-05: a month that has counted reports; empty means today's (the demo's today)."""

    month = forms.CharField(label=_("月份"), required=False, max_length=7)
    measure = forms.ChoiceField(label=_("地图着色"), choices=MEASURES, required=False)

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.months = list(months)

    def clean_month(self) -> dt.date | None:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return None
        try:
            month = dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(
                _("月份“%(value)s”格式不对，应为 年-月，如 2024-05。"), params={"value": text}
            ) from None
        if self.months and month not in self.months:
            first, last = self.months[0].strftime("%Y-%m"), self.months[-1].strftime("%Y-%m")
            raise forms.ValidationError(
                _("%(value)s 没有已报送的月度数据；可选 %(first)s 至 %(last)s 中有数据的月份。"),
                params={"value": text, "first": first, "last": last},
            )
        return month
