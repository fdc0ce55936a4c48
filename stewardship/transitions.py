"""The one place a problem's status and escalation level change: the allowed graph, who may take each step, and
a record line (ProblemEvent) plus a history row for every step. Pages, the API, the CLI and tests call these.

Each refusal is a ValidationError naming the field (status, level, reason, deadline …) in Chinese; nothing is saved.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.clock import today
from core.permissions import ADD, VIEW, user_can
from stewardship.choices import EscalationLevel, EventKind, Light, ProblemStatus
from stewardship.models import Problem, ProblemEvent
from stewardship.policy import ESCALATE, WORK

S = ProblemStatus
# The closed loop: which status may follow which (收集 → 交办督办 → 限时办结 → 清零销号).
ALLOWED = {
    S.OPEN: {S.IN_PROGRESS, S.SOLVED},
    S.IN_PROGRESS: {S.SOLVED},
    S.RETURNED: {S.IN_PROGRESS, S.SOLVED},
    S.SOLVED: {S.VERIFIED, S.RETURNED},
    S.VERIFIED: set(),
}
# Steps the responsible department takes (policy action WORK); the others are the raiser's.
DEPARTMENT_STEPS = {S.IN_PROGRESS, S.SOLVED}
RAISER_STEPS = {S.VERIFIED, S.RETURNED}


def allowed_next(problem) -> set[str]:
    """The statuses this problem may move to from where it is (the graph only, not who may)."""
    return set(ALLOWED.get(problem.status, set()))


def steps_for(problem, user) -> list[str]:
    """The statuses `user` may move this problem to now: what the detail page offers as buttons."""
    return [status for status in S.values if status in allowed_next(problem) and _may_step(problem, user, status)]


def _may_step(problem, user, to_status) -> bool:
    if to_status in DEPARTMENT_STEPS:
        return user_can(user, problem, WORK)
    return problem.raised_by_id is not None and problem.raised_by_id == user.pk and user_can(user, problem, VIEW)


def record(problem, kind, user, on, reason="", **fields) -> ProblemEvent:
    """Add a line to the problem's record."""
    return ProblemEvent.objects.create(problem=problem, kind=kind, by=user, on=on, reason=reason, **fields)


def raise_problem(problem: Problem, user) -> Problem:
    """Save a new problem raised by `user` (model rules, then the user's scope on its project), with its first line."""
    problem.raised_by = user
    problem.status = S.OPEN
    problem.full_clean()
    with transaction.atomic():
        problem.save()
        if not Problem.objects.restrict(user, ADD).filter(pk=problem.pk).exists():
            transaction.set_rollback(True)
            raise ValidationError(
                {
                    "project": _("项目「%(project)s」不在您的服务或管辖范围内，不能对其提出问题。")
                    % {"project": problem.project}
                }
            )
        record(problem, EventKind.RAISED, user, problem.raised_on, to_status=S.OPEN, to_level=problem.level)
    return problem


def transition(problem: Problem, to_status: str, user, *, on: dt.date | None = None, reason: str = "") -> Problem:
    """Move a problem to `to_status` if the graph allows it and `user` may take that step; record it."""
    on = on or today()
    reason = (reason or "").strip()
    if to_status not in S.values:
        raise ValidationError({"status": _("「%(value)s」不是有效的问题状态。") % {"value": to_status}})
    if to_status not in allowed_next(problem):
        raise ValidationError(
            {
                "status": _("问题当前状态为「%(now)s」，不能改为「%(to)s」。")
                % {"now": problem.get_status_display(), "to": S(to_status).label}
            }
        )
    if not user_can(user, problem, VIEW):
        raise PermissionDenied(_("您无权处理此问题。"))
    if not _may_step(problem, user, to_status):
        if to_status in RAISER_STEPS:
            raise ValidationError(
                {
                    "status": _("只有问题提出人（%(raiser)s）才能销号或退回。")
                    % {"raiser": problem.raised_by or _("未知")}
                }
            )
        raise ValidationError(
            {"status": _("只有责任部门（%(department)s）才能办理或办结此问题。") % {"department": problem.department}}
        )
    if to_status == S.RETURNED and not reason:
        raise ValidationError({"reason": _("退回问题须填写退回理由。")})
    if to_status == S.SOLVED and not (problem.measures or "").strip() and not reason:
        raise ValidationError({"measures": _("办结前须填写解决措施或办结说明。")})
    if on < problem.raised_on:
        raise ValidationError(
            {"on": _("办理日期（%(on)s）不能早于提出日期（%(raised)s）。") % {"on": on, "raised": problem.raised_on}}
        )
    from_status = problem.status
    with transaction.atomic():
        problem.status = to_status
        if to_status == S.SOLVED:
            problem.solved_on = on
        elif to_status == S.VERIFIED:
            problem.verified_on, problem.light = on, Light.NONE
        elif to_status == S.RETURNED:
            problem.return_reason, problem.solved_on = reason, None
        problem._change_reason = reason or S(to_status).label
        problem.save()
        record(problem, EventKind.TRANSITION, user, on, reason, from_status=from_status, to_status=to_status)
    return problem


def escalate(problem: Problem, to_level: int, user, *, reason: str, on: dt.date | None = None) -> Problem:
    """Move a problem up the ladder (on-site → district → steward → city meeting → province), saying why."""
    on = on or today()
    reason = (reason or "").strip()
    if not user_can(user, problem, ESCALATE):
        raise PermissionDenied(_("您无权升级此问题。"))
    try:
        to_level = EscalationLevel(int(to_level))
    except (TypeError, ValueError):
        raise ValidationError({"level": _("「%(value)s」不是有效的协调层级。") % {"value": to_level}}) from None
    if to_level <= problem.level:
        raise ValidationError({"level": _("只能升级到高于「%(now)s」的层级。") % {"now": problem.get_level_display()}})
    if problem.status == S.VERIFIED:
        raise ValidationError({"status": _("已销号的问题不能再升级。")})
    if not reason:
        raise ValidationError({"reason": _("升级问题须说明理由。")})
    return _set_level(problem, to_level, user, on, reason)


def _set_level(problem, to_level, user, on, reason) -> Problem:
    from_level = problem.level
    with transaction.atomic():
        problem.level = to_level
        problem._change_reason = reason
        problem.save()
        record(problem, EventKind.ESCALATION, user, on, reason, from_level=from_level, to_level=to_level)
    return problem
