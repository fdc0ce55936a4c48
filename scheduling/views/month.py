"""The month pages: the city's table of districts, a district's editable month, review, and one report's page."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.clock import today
from core.models import Region
from core.money import format_money
from core.permissions import ADD, CHANGE, REGION, VIEW, allowed_scope, reaches_region, role_allows
from core.views.generic import reverse_or_none
from projects.models import Project
from scheduling.calendar import add_months, deadline_for, parse_period
from scheduling.choices import EDITABLE_STATUSES, LOCKED_STATUSES, ReportStatus, ReviewDecision
from scheduling.forms import ReportFiguresForm, ReviewForm
from scheduling.models import MonthlyReport, PendingRecalculation
from scheduling.policy import REVIEW
from scheduling.services import (
    NEVER_SAVED,
    ReportConflict,
    expected_projects,
    month_progress,
    months_progress,
    review_month,
    review_report,
    save_report,
    submit_month,
)

# Rows of a district's month page: enough for most districts on one page, bounded for the largest.
MONTH_PAGE_SIZE = 100


def default_period() -> dt.date:
    """The month being reported now: the one that ended most recently."""
    return add_months(today().replace(day=1), -1)


def period_from(value) -> dt.date:
    try:
        return parse_period(value) if value else default_period()
    except (TypeError, ValueError) as error:
        raise Http404(_("月份格式应为 YYYY-MM。")) from error


def visible_region(user, code: str) -> Region:
    """The region named in the URL, if the policy lets the user see reports in it (a district operator: their own,
    or the district above their township; a department user: any, showing only their department's projects)."""
    region = get_object_or_404(Region.objects.ranked(), code=code)
    if reaches_region(user, MonthlyReport, VIEW, region):
        return region
    raise Http404(_("没有该地区的调度表。"))


class MonthIndexView(LoginRequiredMixin, View):
    """The city's view of a month: one row per district with what is in, missing and late; clerks go to theirs."""

    def get(self, request):
        period = period_from(request.GET.get("period"))
        user = request.user
        if allowed_scope(user, MonthlyReport, VIEW) == REGION and user.region_id:
            return redirect("scheduling:month", code=user.region.code, period=f"{period:%Y-%m}")
        deadline = deadline_for(period)
        regions = Region.objects.ranked().order_by("sort_order", "code")
        # Each district's counts are of the reports and projects this user may see (a department: its own).
        rows = months_progress(regions, period, deadline=deadline, user=user)
        return render(
            request,
            "scheduling/month_index.html",
            {"period": period, "rows": rows, "previous": add_months(period, -1), "next": add_months(period, 1)},
        )


def _row(project, report, user, form=None, message="", saved=False, pending=None):
    """What one table row needs: the project, its report, the form (bound when just posted) and a note
    (`pending`: the report's open recalculations when the caller fetched a whole month's at once)."""
    editable = (report is None or report.status in EDITABLE_STATUSES) and role_allows(user, MonthlyReport, ADD)
    if form is None:
        form = ReportFiguresForm(initial=ReportFiguresForm.initial_for(report), auto_id=f"r{project.pk}_%s")
    submitted = report is not None and report.status == ReportStatus.SUBMITTED
    reviewable = submitted and role_allows(user, MonthlyReport, REVIEW)
    locked = report is not None and report.status in LOCKED_STATUSES
    pending = report.pending_recalculation(None if pending is None else pending.get(report.pk, [])) if locked else None
    return {
        "project": project,
        "report": report,
        "form": form,
        "editable": editable,
        "message": message,
        "saved": saved,
        "reviewable": reviewable,
        "pending": pending,
    }


class DistrictMonthView(LoginRequiredMixin, View):
    """A district's month as one editable table: save each row (htmx), submit the month, review it (city)."""

    def get(self, request, code, period):
        region, period = visible_region(request.user, code), period_from(period)
        projects = expected_projects(region.subtree_ids(), period).restrict(request.user)
        # A district with thousands of projects gets them a page at a time (each row still saves on its own).
        page = Paginator(projects.select_related("region"), MONTH_PAGE_SIZE).get_page(request.GET.get("page"))
        month_reports = MonthlyReport.objects.filter(project__in=projects, period=period)
        reports = {
            r.project_id: r
            for r in month_reports.filter(project__in=[p.pk for p in page]).select_related("reviewed_by", "project")
        }
        # The month's open recalculations in one query, for the banner and for each locked row.
        pending = list(
            PendingRecalculation.objects.filter(report__in=month_reports, resolved_at__isnull=True).select_related(
                "report__project", "cause"
            )
        )
        by_report: dict = {}
        for item in pending:
            by_report.setdefault(item.report_id, []).append(item)
        rows = [_row(p, reports.get(p.pk), request.user, pending=by_report) for p in page]
        # Reports kept for projects that have since left the list (e.g. stage changed) are still shown.
        context = {
            "region": region,
            "period": period,
            "period_code": f"{period:%Y-%m}",
            "rows": rows,
            "progress": month_progress(region, period, user=request.user),
            "can_report": reaches_region(request.user, MonthlyReport, ADD, region),
            "can_review": role_allows(request.user, MonthlyReport, REVIEW),
            "review_form": ReviewForm(),
            "returned": month_reports.filter(status=ReportStatus.RETURNED).select_related("project"),
            "page": page,
            "page_links": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
            "pending": pending,
            "previous": add_months(period, -1),
            "next": add_months(period, 1),
            "template_url": reverse_or_none("scheduling:month_template", code, f"{period:%Y-%m}"),
            "upload_url": reverse_or_none("scheduling:month_upload", code, f"{period:%Y-%m}"),
        }
        return render(request, "scheduling/month.html", context)


class ReportRowView(LoginRequiredMixin, View):
    """Save one project's figures for the month from its table row (htmx), answering with the row redrawn."""

    def post(self, request, code, period, project_id):
        region, period = visible_region(request.user, code), period_from(period)
        project = get_object_or_404(
            Project.objects.restrict(request.user).filter(region_id__in=region.subtree_ids()), pk=project_id
        )
        if not role_allows(request.user, MonthlyReport, ADD):
            raise PermissionDenied(_("您无权填报月度调度表。"))
        form = ReportFiguresForm(request.POST, auto_id=f"r{project.pk}_%s")
        report = MonthlyReport.objects.filter(project=project, period=period).first()
        if not form.is_valid():
            return self._render(request, _row(project, report, request.user, form, _("请更正标红的栏目。")))
        data = form.cleaned_data
        try:
            # A row drawn before anything was saved carries version 0, so a first save never overwrites another.
            version = data.get("version") or NEVER_SAVED
            report, changed = save_report(request.user, project, period, data, version=version)
        except ReportConflict as conflict:
            current = MonthlyReport.objects.filter(project=project, period=period).first()
            note = _("%(message)s 您填写的本月完成投资为 %(value)s 万元。") % {
                "message": conflict.message,
                "value": format_money(data.get("month_amount")),
            }
            return self._render(request, _row(project, current, request.user, message=note), status=409)
        except ValidationError as error:
            attach_errors(form, error)
            return self._render(request, _row(project, report, request.user, form, _("未保存：请更正标红的栏目。")))
        note = _("已保存（第 %(version)s 版）。") % {"version": report.version} if changed else _("没有变化。")
        return self._render(request, _row(project, report, request.user, message=note, saved=True))

    def _render(self, request, row, status=200):
        # htmx swaps only 2xx answers by default; a conflict is still drawn so the clerk sees current figures.
        response = render(
            request,
            "scheduling/_report_row.html",
            {"row": row, "period_code": self.kwargs["period"], "region_code": self.kwargs["code"]},
        )
        response.status_code = 200 if request.htmx else status
        return response


def attach_errors(form, error: ValidationError) -> None:
    """Put the rules' messages on the fields they name (or on the form when they name none it has)."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class SubmitMonthView(LoginRequiredMixin, View):
    """Send the district's drafts to the city."""

    def post(self, request, code, period):
        region, period = visible_region(request.user, code), period_from(period)
        # A township's operator submits their own drafts of the district's month (submit_month scopes them).
        if not reaches_region(request.user, MonthlyReport, CHANGE, region):
            raise PermissionDenied(_("您无权报送该地区的调度表。"))
        try:
            result = submit_month(request.user, region, period)
        except ReportConflict as conflict:
            note = _("报送时有调度表正被他人修改，未报送任何调度表，请重试。")
            messages.error(request, f"{note} {conflict.message}")
            return redirect("scheduling:month", code=code, period=f"{period:%Y-%m}")
        if result.submitted:
            text = _("已报送 %(count)s 个项目的调度表。") % {"count": len(result.submitted)}
            if result.late:
                text += " " + _("已超过报送截止日期，记为逾期报送。")
            messages.success(request, text)
        else:
            messages.warning(request, _("没有可报送的草稿。"))
        if result.missing:
            messages.warning(request, _("仍有 %(count)s 个项目未填报。") % {"count": len(result.missing)})
        return redirect("scheduling:month", code=code, period=f"{period:%Y-%m}")


def _may_review(user) -> None:
    """Refuse (403) before reading the form: a review posted by someone the policy does not let review."""
    if not role_allows(user, MonthlyReport, REVIEW):
        raise PermissionDenied(_("只有市发改委管理员可以审核调度表。"))


class ReviewMonthView(LoginRequiredMixin, View):
    """The city approves or returns a district's submitted month."""

    def post(self, request, code, period):
        region, period = visible_region(request.user, code), period_from(period)
        _may_review(request.user)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请选择审核结论。"))
        else:
            try:
                review = review_month(
                    request.user, region, period, form.cleaned_data["decision"], form.cleaned_data["comment"]
                )
            except (ValidationError, ReportConflict) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(
                    request,
                    _("%(region)s %(month)s：%(decision)s，涉及 %(count)s 个项目。")
                    % {
                        "region": region.name,
                        "month": f"{period:%Y-%m}",
                        "decision": review.get_decision_display(),
                        "count": review.report_count,
                    },
                )
        return redirect(reverse("scheduling:month", args=[code, f"{period:%Y-%m}"]))


class ReportReviewView(LoginRequiredMixin, View):
    """The city approves or returns one project's submitted report, each with its own comment."""

    def post(self, request, code, period, project_id):
        region, period = visible_region(request.user, code), period_from(period)
        report = get_object_or_404(
            MonthlyReport.objects.restrict(request.user).select_related("project"),
            project_id=project_id,
            project__region_id__in=region.subtree_ids(),
            period=period,
        )
        _may_review(request.user)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请选择审核结论。"))
        else:
            try:
                review_report(
                    request.user,
                    report,
                    form.cleaned_data["decision"],
                    form.cleaned_data["comment"],
                    version=form.cleaned_data.get("version") or NEVER_SAVED,
                )
            except (ValidationError, ReportConflict) as error:
                text = " ".join(getattr(error, "messages", [getattr(error, "message", str(error))]))
                messages.error(request, f"{report.project.name}：{text}")
            else:
                messages.success(
                    request,
                    _("「%(report)s」：%(decision)s。")
                    % {"report": report, "decision": ReviewDecision(form.cleaned_data["decision"]).label},
                )
        return redirect(reverse("scheduling:month", args=[code, f"{period:%Y-%m}"]) + f"#row-{project_id}")
