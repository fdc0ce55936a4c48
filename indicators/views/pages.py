"""The indicators page (by category, with sparklines and lights), the department's entry sheet for a period,
and the city's review; all figures from `indicators.figures`, all writes through `indicators.entry`."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.clock import today
from core.models import Department
from core.permissions import ADD, role_allows
from indicators import forms
from indicators.entry import enterable, period_status, review_values, save_entries, submit_period
from indicators.figures import Cache, city_region, figures, series
from indicators.models import IndicatorValue
from indicators.policy import REVIEW
from scheduling.calendar import add_months


def default_period() -> dt.date:
    """The last month ended by today (the figures of a month are published after it ends)."""
    return add_months(today().replace(day=1), -1)


def chosen_period(request) -> tuple[dt.date, forms.PeriodForm]:
    form = forms.PeriodForm(request.GET or None)
    period = default_period()
    if form.is_valid() and form.cleaned_data["period"]:
        period = form.cleaned_data["period"].replace(day=1)
    elif not request.GET:
        form = forms.PeriodForm(initial={"period": period})
    return period, form


def by_category(items: list[dict]) -> list[dict]:
    groups: dict = {}
    for item in items:
        category = item["indicator"].category
        groups.setdefault(category.pk, {"category": category, "items": []})["items"].append(item)
    return list(groups.values())


class IndicatorsView(LoginRequiredMixin, View):
    """攻坚突破: every indicator the user may see for January to the chosen month, by category."""

    def get(self, request):
        period, form = chosen_period(request)
        cache = Cache()
        items = figures(period, user=request.user, cache=cache)
        sparks = series(items, period, cache=cache)
        for item in items:
            item["spark_id"] = f"spark-{item['indicator'].pk}"
            item["spark"] = [None if value is None else str(value) for value in sparks[item["indicator"].pk]]
        return render(
            request,
            "indicators/index.html",
            {
                "period": period,
                "form": form,
                "groups": by_category(items),
                "months": [f"{month}月" for month in range(1, period.month + 1)],
                "can_enter": role_allows(request.user, IndicatorValue, ADD),
                "can_review": role_allows(request.user, IndicatorValue, REVIEW),
            },
        )


class EntryView(LoginRequiredMixin, View):
    """A department's sheet for one period: a line per indicator it enters; save as draft or submit."""

    def _rows(self, request, period, data=None):
        existing = {
            row.indicator_id: row
            for row in IndicatorValue.objects.filter(
                period=period, region=city_region(), indicator__in=enterable(request.user)
            )
        }
        rows = []
        for indicator in enterable(request.user):
            record = existing.get(indicator.pk)
            fields = ("value", "qualifier", "reported_growth", "note")
            initial = {field: getattr(record, field) for field in fields} if record else None
            form = forms.EntryRowForm(data, prefix=f"i{indicator.pk}", initial=initial)
            rows.append({"indicator": indicator, "record": record, "form": form})
        return rows

    def _render(self, request, period, rows, status=200, errors=None):
        return render(
            request,
            "indicators/entry.html",
            {"period": period, "rows": rows, "errors": errors or []},
            status=status,
        )

    def _period(self, request):
        if not role_allows(request.user, IndicatorValue, ADD):
            raise PermissionDenied(_("您无权填报指标数值。"))
        period, _form = chosen_period(request)
        return period

    def get(self, request):
        period = self._period(request)
        return self._render(request, period, self._rows(request, period))

    def post(self, request):
        period = self._period(request)
        rows = self._rows(request, period, request.POST)
        if not all(row["form"].is_valid() for row in rows):
            return self._render(request, period, rows, status=400)
        data = {
            row["indicator"]: row["form"].cleaned_data
            for row in rows
            if any(row["form"].cleaned_data.get(field) is not None for field in ("value", "reported_growth"))
        }
        try:
            result = save_entries(request.user, period, data)
            sent = submit_period(request.user, period) if "submit" in request.POST else 0
        except ValidationError as error:
            return self._render(request, period, rows, status=400, errors=error.messages)
        messages.success(
            request,
            _("已保存：新增 %(created)s 项，修改 %(updated)s 项，未变 %(unchanged)s 项；报送 %(sent)s 项。")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged, "sent": sent},
        )
        return redirect(f"{reverse('indicators:entry')}?period={period:%Y-%m}")


class ReviewView(LoginRequiredMixin, View):
    """The city's review of a period: each department's values by status; approve (lock) or return."""

    def _check(self, request):
        if not role_allows(request.user, IndicatorValue, REVIEW):
            raise PermissionDenied(_("只有市发改委可以审核指标数值。"))

    def get(self, request):
        self._check(request)
        period, form = chosen_period(request)
        return render(
            request,
            "indicators/review.html",
            {"period": period, "form": form, "rows": period_status(period), "review_form": forms.ReviewForm()},
        )

    def post(self, request):
        self._check(request)
        period, _form = chosen_period(request)
        form = forms.ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("审核结论无效。"))
            return redirect(f"{reverse('indicators:review')}?period={period:%Y-%m}")
        department = Department.objects.filter(pk=form.cleaned_data["department"]).first()
        if department is None:
            messages.error(request, _("没有这个部门。"))
            return redirect(f"{reverse('indicators:review')}?period={period:%Y-%m}")
        try:
            count = review_values(
                request.user, period, department, form.cleaned_data["decision"], form.cleaned_data["comment"]
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request, _("%(department)s：%(count)s 项已处理。") % {"department": department, "count": count}
            )
        return redirect(f"{reverse('indicators:review')}?period={period:%Y-%m}")
