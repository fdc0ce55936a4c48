"""The rules a monthly report must obey, each refusing with a message that names the figure and the reason.

- this month's investment is not negative;
- the year's cumulative equals the sum of the year's months (left blank, it is computed);
- the cumulative since start is never below the year's cumulative nor below last month's cumulative, and never
  above the project's total investment unless an explanation is given (left blank, it is computed);
- only projects in the construction library during the month report.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from core.money import ZERO, cents, format_money
from projects.choices import FINISHED_STAGES, Library, Stage
from projects.libraries import library_q, stage_library
from scheduling.calendar import month_end

# Who reports for a month, stated once: each rule has a Python form (one project) and a database form (a Q on
# projects) that core/tests/test_rules.py holds equal on generated projects.


def in_construction_library(project, period: dt.date) -> bool:
    """Whether the project belongs to the construction library for that month (may report it).

    A project under construction (or paused during construction) reports; a project completed during or after
    the month still reports that month, so a project finishing in March closes its March figures.
    """
    if stage_library(project.stage, project.stage_before_pause) == Library.CONSTRUCTION:
        return True
    return project.stage in FINISHED_STAGES and project.actual_finish is not None and project.actual_finish >= period


def in_construction_library_q(period: dt.date) -> Q:
    """The database form of `in_construction_library`."""
    return library_q(Library.CONSTRUCTION) | Q(stage__in=FINISHED_STAGES, actual_finish__gte=period)


def owes_report(project, period: dt.date) -> bool:
    """Whether the project owes a report for the month: in the construction library then, and started by month end
    (or with no start date recorded)."""
    started = project.actual_start is None or project.actual_start <= month_end(period)
    return started and in_construction_library(project, period)


def owes_report_q(period: dt.date) -> Q:
    """The database form of `owes_report`."""
    started = Q(actual_start__isnull=True) | Q(actual_start__lte=month_end(period))
    return in_construction_library_q(period) & started


def earlier_figures(project, period: dt.date, exclude_pk=None) -> tuple[Decimal, Decimal | None]:
    """(sum of this year's earlier months, the latest earlier cumulative since start) from saved reports."""
    from scheduling.models import MonthlyReport

    earlier = MonthlyReport.objects.filter(project=project, period__lt=period)
    if exclude_pk:
        earlier = earlier.exclude(pk=exclude_pk)
    year_sum = cents(earlier.filter(period__year=period.year).aggregate(s=Sum("month_amount"))["s"])
    last = earlier.order_by("-period").values_list("total_amount", flat=True).first()
    return year_sum, last


def check_figures(project, period, month, ytd, total, explanation, *, earlier=None) -> tuple[Decimal, Decimal]:
    """Validate one report's figures; return (year's cumulative, cumulative since start), computing blanks.

    `earlier` is (sum of this year's earlier months, last earlier cumulative), looked up when not given.
    Raises ValidationError keyed by field, each message naming the figure and the reason.
    """
    errors = {}
    if not in_construction_library(project, period):
        errors["project"] = _("项目「%(name)s」%(month)s不在建设项目库（当前阶段：%(stage)s），不能填报月度调度。") % {
            "name": project.name,
            "month": f"{period:%Y-%m}",
            "stage": Stage(project.stage).label,
        }
    if month is None:
        errors["month_amount"] = _("本月完成投资必须填写（没有投资请填 0）。")
    elif month < ZERO:
        value = format_money(month)
        errors["month_amount"] = _("本月完成投资不能为负数（填写的是 %(value)s 万元）。") % {"value": value}
    if errors:
        raise ValidationError(errors)
    year_sum, last_total = earlier if earlier is not None else earlier_figures(project, period)
    expected_ytd = year_sum + month
    if ytd is None:
        ytd = expected_ytd
    elif ytd != expected_ytd:
        errors["ytd_amount"] = _(
            "本年累计完成投资应等于 1–%(month)s 月之和 %(expected)s 万元（此前各月 %(before)s + 本月 %(this)s），"
            "填写的是 %(given)s 万元。"
        ) % {
            "month": period.month,
            "expected": format_money(expected_ytd),
            "before": format_money(year_sum),
            "this": format_money(month),
            "given": format_money(ytd),
        }
    if total is None:
        total = (last_total + month) if last_total is not None else ytd
    elif total < ytd:
        errors["total_amount"] = _("累计完成投资 %(total)s 万元不能小于本年累计 %(ytd)s 万元。") % {
            "total": format_money(total),
            "ytd": format_money(ytd),
        }
    elif last_total is not None and total < last_total:
        errors["total_amount"] = _("累计完成投资 %(total)s 万元不能小于上月累计 %(last)s 万元。") % {
            "total": format_money(total),
            "last": format_money(last_total),
        }
    if "total_amount" not in errors and total > project.total_investment and not (explanation or "").strip():
        errors["overrun_explanation"] = _(
            "累计完成投资 %(total)s 万元超过项目总投资 %(investment)s 万元，须填写超概算说明。"
        ) % {"total": format_money(total), "investment": format_money(project.total_investment)}
    if errors:
        raise ValidationError(errors)
    return ytd, total
