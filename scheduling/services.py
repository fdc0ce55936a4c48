"""Every write to monthly reports goes through here: save a draft, submit, review, revise.

Writes use optimistic locking: each report carries a `version`; a write first bumps the version of the exact
row it read (`UPDATE ... WHERE version = read_version`). When another user saved in between, no row matches and
the write is refused with a conflict message instead of silently overwriting their figures. The bump also takes
the row's write lock, so what follows in the same transaction cannot race. A user who saw no saved report writes
with version 0 (NEVER_SAVED), so of two first saves of the same row only one is taken.

Approved (locked) reports change only through `revise_report`; a change to an earlier month leaves them as they
are and records a `PendingRecalculation` for the city instead.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Region
from core.money import ZERO, round_to
from core.permissions import ADD, CHANGE, VIEW, role_allows
from projects.models import Project
from scheduling.calendar import deadline_for
from scheduling.choices import EDITABLE_STATUSES, LOCKED_STATUSES, ReportStatus, ReviewDecision
from scheduling.models import DistrictReview, MonthlyReport, PendingRecalculation
from scheduling.policy import REVIEW, REVISE
from scheduling.rules import check_figures, earlier_figures, owes_report_q

FIGURE_FIELDS = ("month_amount", "ytd_amount", "total_amount")
TEXT_FIELDS = ("site_status", "progress", "overrun_explanation")
REPORT_FIELDS = FIGURE_FIELDS + TEXT_FIELDS


class ReportConflict(Exception):
    """Someone else changed the report since this user loaded it; their version wins and this write is refused."""

    def __init__(self, report=None, message=None):
        self.report = report
        if message is None:
            message = _("该调度表已被他人修改（当前为第 %(version)s 版），您的修改未保存，请刷新后重新填写。") % {
                "version": report.version if report else "?"
            }
        super().__init__(message)
        self.message = message


def expected_projects(region_ids, period: dt.date):
    """The projects that owe a report for the month: in the construction library then, and started by month end."""
    return Project.objects.filter(owes_report_q(period), region_id__in=region_ids).order_by("region__sort_order", "pk")


def may_report(user, project) -> bool:
    """Whether the policy lets `user` write monthly reports for `project` (its area, its library)."""
    if not role_allows(user, MonthlyReport, ADD):
        return False
    return Project.objects.restrict(user, CHANGE).filter(pk=project.pk).exists()


# The version a form or template row carries when its user saw no saved report (versions start at 1).
NEVER_SAVED = 0


def _clean_data(data: dict) -> dict:
    """The report fields from a form, a sheet or the API, with figures held to the cent as the database keeps them."""
    cleaned = {name: data.get(name) for name in REPORT_FIELDS}
    for name in FIGURE_FIELDS:
        if cleaned[name] is not None:
            cleaned[name] = round_to(cleaned[name])
    for name in TEXT_FIELDS:
        cleaned[name] = (cleaned[name] or "").strip()
    if not cleaned["site_status"]:
        cleaned.pop("site_status")
    return cleaned


def _claim(report: MonthlyReport, statuses) -> MonthlyReport:
    """Bump the version of the row exactly as it was read; refuse if it changed or left `statuses` meanwhile."""
    claimed = MonthlyReport.objects.filter(pk=report.pk, version=report.version, status__in=statuses).update(
        version=F("version") + 1
    )
    if not claimed:
        current = MonthlyReport.objects.filter(pk=report.pk).first()
        raise ReportConflict(current)
    report.version += 1
    return report


def _same(report: MonthlyReport, data: dict, ytd, total) -> bool:
    wanted = {**data, "ytd_amount": ytd, "total_amount": total}
    return all(getattr(report, name) == value for name, value in wanted.items())


def current_version(project, period: dt.date) -> int:
    """The version a user sees for the project's month now: the saved report's, or NEVER_SAVED."""
    version = MonthlyReport.objects.filter(project=project, period=period).values_list("version", flat=True).first()
    return NEVER_SAVED if version is None else version


def _derived_left_as_shown(existing: MonthlyReport | None, data: dict) -> dict:
    """Treat cumulative figures the user left exactly as they were shown as derived, not typed.

    The page and the template show the saved 本年累计 and 累计 next to 本月完成投资. A clerk who corrects only the
    monthly figure leaves them as they were; they then follow the correction (the year's cumulative is computed
    afresh, the cumulative since start moves by the same amount, keeping any typed opening balance) instead of
    contradicting it and blocking the save.
    """
    if existing is None or data["month_amount"] is None or data["month_amount"] == existing.month_amount:
        return data
    data = dict(data)
    if data["ytd_amount"] == existing.ytd_amount:
        data["ytd_amount"] = None
    if data["total_amount"] == existing.total_amount:
        data["total_amount"] = existing.total_amount + (data["month_amount"] - existing.month_amount)
    return data


def _shift_later(report: MonthlyReport, month_delta: Decimal, total_delta: Decimal, reason: str, user=None) -> list:
    """Keep later months consistent after a month changed: the same year's cumulative and every later total.

    Locked (approved) months are never changed here: each gets a `PendingRecalculation` saying what the change
    would make of its figures, shown to the city, which applies it by revising that month. Returns those flags.
    """
    if not month_delta and not total_delta:
        return []
    flagged = []
    later = MonthlyReport.objects.select_for_update().filter(project_id=report.project_id, period__gt=report.period)
    for other in later.order_by("period"):
        ytd_delta = month_delta if other.period.year == report.period.year else ZERO
        if other.status in LOCKED_STATUSES:
            flagged.append(
                PendingRecalculation.objects.create(
                    report=other,
                    cause=report,
                    ytd_delta=ytd_delta,
                    total_delta=total_delta,
                    reason=reason,
                    raised_by=user,
                )
            )
            pending = other.pending_recalculation()
            if not pending["ytd_delta"] and not pending["total_delta"]:
                # The earlier month went back to what the locked month was approved on: nothing is left to revise.
                other.pending_recalculations.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
            continue
        other.ytd_amount += ytd_delta
        other.total_amount += total_delta
        other.version += 1
        other._change_reason = reason
        other.save()
    return flagged


def save_report(user, project, period: dt.date, data: dict, *, version: int):
    """Create or update the project's draft for the month; returns (report, changed).

    `version` is the version the user's form or file was loaded with, NEVER_SAVED (0) when they saw no saved
    report. A write from any other version is refused with ReportConflict (so is a first save that loses the
    race to create the row); repeating the saved figures changes nothing whatever the version. Raises
    PermissionDenied, ValidationError (per field) or ReportConflict.
    """
    if not may_report(user, project):
        raise PermissionDenied(_("您无权填报项目「%(name)s」的调度表。") % {"name": project.name})
    data = _clean_data(data)
    with transaction.atomic():
        existing = MonthlyReport.objects.filter(project=project, period=period).first()
        if existing is not None and existing.status not in EDITABLE_STATUSES:
            raise ValidationError(_locked_message(existing))
        stale = existing is not None and existing.version != version
        if not stale:
            data = _derived_left_as_shown(existing, data)
        earlier = earlier_figures(project, period, exclude_pk=existing.pk if existing else None)
        try:
            ytd, total = check_figures(
                project,
                period,
                data["month_amount"],
                data["ytd_amount"],
                data["total_amount"],
                data["overrun_explanation"],
                earlier=earlier,
            )
        except ValidationError:
            if stale:  # judged against figures the user never saw: the conflict is what they need to know
                raise ReportConflict(existing) from None
            raise
        if existing is not None and _same(existing, data, ytd, total):
            return existing, False
        if stale:
            raise ReportConflict(existing)
        values = {**data, "ytd_amount": ytd, "total_amount": total}
        if existing is None:
            report = MonthlyReport(project=project, period=period, **values)
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError as error:
                # Another user created the row between our read and our insert: theirs stands, ours is refused.
                raise ReportConflict(MonthlyReport.objects.filter(project=project, period=period).first()) from error
            _shift_later(report, report.month_amount, report.month_amount, _("补报前序月份后重算"), user)
            return report, True
        old_month, old_total = existing.month_amount, existing.total_amount
        report = _claim(existing, EDITABLE_STATUSES)
        for name, value in values.items():
            setattr(report, name, value)
        report.save()
        _shift_later(
            report, report.month_amount - old_month, report.total_amount - old_total, _("前序月份修改后重算"), user
        )
        return report, True


def _locked_message(report) -> str:
    if report.status in LOCKED_STATUSES:
        return _("「%(report)s」已审核锁定，只能由市发改委填写原因后修订。") % {"report": report}
    return _("「%(report)s」已报送，正在等待市里审核；如需修改，请联系市发改委退回。") % {"report": report}


@dataclass
class SubmitResult:
    """What a district's submission did: reports submitted, reports already past drafting, projects still missing."""

    submitted: list = field(default_factory=list)
    late: bool = False
    missing: list = field(default_factory=list)


def submit_month(user, region, period: dt.date) -> SubmitResult:
    """Submit every draft or returned report of the region's month to the city, marking lateness."""
    if not role_allows(user, MonthlyReport, CHANGE):
        raise PermissionDenied(_("您无权报送调度表。"))
    region_ids = region.subtree_ids()
    now = timezone.now()
    late = timezone.localdate(now) > deadline_for(period)
    result = SubmitResult(late=late)
    with transaction.atomic():
        drafts = MonthlyReport.objects.restrict(user, CHANGE).filter(
            project__region_id__in=region_ids, period=period, status__in=EDITABLE_STATUSES
        )
        # Lock the drafts (PostgreSQL) so a clerk's save in flight finishes first; the submission then sends
        # their latest figures rather than failing on the version it just bumped.
        for report in drafts.select_for_update(of=("self",)).order_by("pk"):
            report = _claim(report, EDITABLE_STATUSES)
            report.status = ReportStatus.SUBMITTED
            report.submitted_at, report.submitted_by, report.is_late = now, user, late
            report.save()
            result.submitted.append(report)
    reported = MonthlyReport.objects.filter(period=period).values("project_id")
    result.missing = list(expected_projects(region_ids, period).exclude(pk__in=reported))
    return result


def review_month(user, region, period: dt.date, decision: str, comment: str = "") -> DistrictReview:
    """The city approves (locks) or returns (with a comment) the region's submitted reports for the month."""
    if not role_allows(user, MonthlyReport, REVIEW):
        raise PermissionDenied(_("只有市发改委管理员可以审核调度表。"))
    comment = (comment or "").strip()
    if decision == ReviewDecision.RETURNED and not comment:
        raise ValidationError({"comment": _("退回时必须填写审核意见，说明需要修改的内容。")})
    new_status = ReportStatus.APPROVED if decision == ReviewDecision.APPROVED else ReportStatus.RETURNED
    now = timezone.now()
    with transaction.atomic():
        submitted = MonthlyReport.objects.filter(
            project__region_id__in=region.subtree_ids(), period=period, status=ReportStatus.SUBMITTED
        )
        count = 0
        for report in submitted.order_by("pk"):
            report = _claim(report, (ReportStatus.SUBMITTED,))
            report.status, report.reviewed_at, report.reviewed_by = new_status, now, user
            report.review_comment = comment
            report.save()
            count += 1
        if not count:
            raise ValidationError(
                _("%(region)s %(month)s 没有待审核的调度表。") % {"region": region.name, "month": f"{period:%Y-%m}"}
            )
        return DistrictReview.objects.create(
            region=region, period=period, decision=decision, comment=comment, reviewer=user, report_count=count
        )


def revise_report(user, report: MonthlyReport, data: dict, reason: str, *, version: int):
    """Change a locked (approved) report: city admins only, with a reason; the old version stays in history.

    This is the only way a locked month changes. It applies (and closes) the recalculations that changes to
    earlier months left pending on it; later locked months get their own pending recalculation in turn.
    """
    if not role_allows(user, MonthlyReport, REVISE):
        raise PermissionDenied(_("只有市发改委管理员可以修订已审核的调度表。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"revision_reason": _("修订已审核的调度表必须填写修订原因。")})
    if report.status not in LOCKED_STATUSES:
        raise ValidationError(_("「%(report)s」尚未审核锁定，请直接修改草稿或退回后修改。") % {"report": report})
    if version != report.version:
        raise ReportConflict(report)
    data = _derived_left_as_shown(report, _clean_data(data))
    with transaction.atomic():
        earlier = earlier_figures(report.project, report.period, exclude_pk=report.pk)
        ytd, total = check_figures(
            report.project,
            report.period,
            data["month_amount"],
            data["ytd_amount"],
            data["total_amount"],
            data["overrun_explanation"],
            earlier=earlier,
        )
        old_month, old_total = report.month_amount, report.total_amount
        # Later unlocked months already moved with the earlier change this month did not follow; they move now
        # only by what the revision adds beyond that pending recalculation.
        pending = report.pending_recalculation()
        already_carried = pending["total_delta"] if pending else ZERO
        report = _claim(report, LOCKED_STATUSES)
        for name, value in {**data, "ytd_amount": ytd, "total_amount": total}.items():
            setattr(report, name, value)
        report.status, report.revision_reason = ReportStatus.REVISED, reason
        report._change_reason = reason
        report._revision = True
        report.save()
        report.pending_recalculations.filter(resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=user
        )
        _shift_later(
            report,
            report.month_amount - old_month,
            report.total_amount - old_total - already_carried,
            _("因 %(month)s 修订而重算：%(reason)s") % {"month": report.period_label, "reason": reason},
            user,
        )
        return report


def review_report(user, report: MonthlyReport, decision: str, comment: str = "", *, version: int) -> MonthlyReport:
    """The city approves (locks) or returns (with its own comment) one submitted report of a district's month."""
    if not role_allows(user, MonthlyReport, REVIEW):
        raise PermissionDenied(_("只有市发改委管理员可以审核调度表。"))
    comment = (comment or "").strip()
    if decision == ReviewDecision.RETURNED and not comment:
        raise ValidationError({"comment": _("退回时必须填写审核意见，说明需要修改的内容。")})
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            _("「%(report)s」当前为「%(status)s」，不是待审核状态。")
            % {"report": report, "status": report.get_status_display()}
        )
    if version != report.version:
        raise ReportConflict(report)
    with transaction.atomic():
        report = _claim(report, (ReportStatus.SUBMITTED,))
        approved = decision == ReviewDecision.APPROVED
        report.status = ReportStatus.APPROVED if approved else ReportStatus.RETURNED
        report.reviewed_at, report.reviewed_by, report.review_comment = timezone.now(), user, comment
        report._change_reason = _("逐项审核：%(decision)s") % {"decision": ReviewDecision(decision).label}
        report.save()
        return report


@dataclass
class MonthProgress:
    """Where a region's month stands: who owes a report, what is drafted, submitted, approved, late or missing."""

    region: object
    period: dt.date
    deadline: dt.date
    expected: int = 0
    by_status: dict = field(default_factory=dict)
    missing: int = 0
    late: int = 0
    overdue: bool = False


def month_progress(region, period: dt.date, today: dt.date | None = None, deadline: dt.date | None = None, user=None):
    """Counts for one region's month, as the clerk's page shows them (see `months_progress`)."""
    return months_progress([region], period, today=today, deadline=deadline, user=user)[0]


def _subtrees(regions) -> dict[int, list[int]]:
    """Each region's id → the ids of every region in its subtree (itself included), from one query of the tree."""
    children: dict = {}
    for pk, parent_id in Region.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    subtrees = {}
    for region in regions:
        ids, frontier = [region.pk], [region.pk]
        while frontier:
            frontier = [child for pk in frontier for child in children.get(pk, [])]
            ids.extend(frontier)
        subtrees[region.pk] = ids
    return subtrees


def months_progress(regions, period: dt.date, today=None, deadline=None, user=None) -> list[MonthProgress]:
    """Counts for each region's month, as the clerk's page and the city's review table show them.

    Three queries whatever the number of regions (counts grouped by project region in the database, then summed
    per region's subtree). Given a `user`, only the projects and reports the policy lets them see are counted (a
    department user: its own).
    """
    today = today or timezone.localdate()
    regions = list(regions)
    subtrees = _subtrees(regions)
    all_ids = sorted({pk for ids in subtrees.values() for pk in ids})
    expected = expected_projects(all_ids, period).order_by()
    reports = MonthlyReport.objects.filter(project__region_id__in=all_ids, period=period).order_by()
    if user is not None:
        expected, reports = expected.restrict(user, VIEW), reports.restrict(user, VIEW)
    # The projects owing a report and those without one, counted in one pass (each project's report for the month
    # is one seek on the unique (project, period) index).
    saved = MonthlyReport.objects.filter(period=period, project_id=OuterRef("pk"))
    if user is not None:
        saved = saved.restrict(user, VIEW)
    expected_by, missing_by = {}, {}
    counted = expected.values_list("region_id").annotate(n=Count("pk"), missing=Count("pk", filter=~Q(Exists(saved))))
    for region_id, number, missing in counted:
        expected_by[region_id] = number
        missing_by[region_id] = missing
    report_rows = list(
        reports.values_list("project__region_id", "status", "is_late").annotate(n=Count("pk")).order_by()
    )
    deadline = deadline or deadline_for(period)
    result = []
    for region in regions:
        inside = set(subtrees[region.pk])
        progress = MonthProgress(region=region, period=period, deadline=deadline)
        progress.expected = sum(n for pk, n in expected_by.items() if pk in inside)
        progress.missing = sum(n for pk, n in missing_by.items() if pk in inside)
        progress.by_status = {status.value: 0 for status in ReportStatus}
        for region_id, status, is_late, n in report_rows:
            if region_id in inside:
                progress.by_status[status] += n
                progress.late += n if is_late else 0
        progress.overdue = today > progress.deadline and (progress.missing or progress.by_status["draft"]) > 0
        result.append(progress)
    return result
