"""Overdue detection: once a day (core.tasks) and on demand (`gongjian stewardship overdue [--as-of D]`).

A problem still waiting for its department after its deadline, or after the deadline of a supervision notice
(督办单) on it that nobody has answered, gets the light of the most severe matching
`OverdueRule` (the city's rows: days overdue, deadlines missed), is escalated as the rule says (never down), and
the department, the steward and the raiser are told as the rule says: in the app (the bell) and by e-mail through
Django's e-mail backend. A light that does not change tells nobody again, so the job may run as often as liked.
"""

import datetime as dt
from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from core.clock import today
from core.models import User
from stewardship.choices import UNSOLVED, EscalationLevel, EventKind, Light
from stewardship.models import Notification, OverdueRule, Problem, SupervisionNotice
from stewardship.statistics import active_stewardships
from stewardship.transitions import _set_level, record

SEVERITY = {Light.NONE: 0, Light.YELLOW: 1, Light.RED: 2}
# The rules a new city starts from (DOMAIN.md: yellow → the project's lead, two yellows or long overdue → red).
DEFAULT_RULES = [
    {"light": Light.YELLOW, "min_days": 1, "escalate_to": EscalationLevel.DISTRICT, "notify_department": True},
    {
        "light": Light.RED,
        "min_days": 15,
        "min_repeats": 2,
        "escalate_to": EscalationLevel.STEWARD,
        "notify_department": True,
        "notify_steward": True,
        "notify_raiser": True,
    },
]


def ensure_default_rules() -> None:
    """Create the default rules when the city has none yet (demo and first setup)."""
    if not OverdueRule.objects.exists():
        for rule in DEFAULT_RULES:
            OverdueRule.objects.create(**rule)


def light_for(rules, days: int, repeats: int):
    """The most severe rule matching a problem `days` overdue with `repeats` missed deadlines, or None."""
    matching = [rule for rule in rules if rule.matches(days, repeats)]
    return max(matching, key=lambda rule: (SEVERITY[rule.light], rule.min_days), default=None)


def recipients(problem, rule) -> list[User]:
    """Who hears about the problem under `rule`: its department's users, the project's stewards, the raiser."""
    people = User.objects.none()
    if rule.notify_department:
        people = people | User.objects.filter(department=problem.department, is_active=True)
    if rule.notify_steward:
        stewards = active_stewardships(problem.deadline).filter(project=problem.project).values("steward_id")
        people = people | User.objects.filter(pk__in=stewards, is_active=True)
    found = list(people.distinct())
    if rule.notify_raiser and problem.raised_by and problem.raised_by.is_active and problem.raised_by not in found:
        found.append(problem.raised_by)
    return found


def missed_notices(as_of: dt.date):
    """Supervision notices still unanswered after their own deadline on `as_of`: they make their problem overdue."""
    return SupervisionNotice.objects.filter(answered_on__isnull=True, deadline__lt=as_of)


def overdue_q(as_of: dt.date) -> Q:
    """Problems overdue on `as_of`: unsolved, past their deadline or past an unanswered notice's deadline."""
    missed = Q(deadline__lt=as_of) | Q(pk__in=missed_notices(as_of).values("problem_id"))
    return Q(status__in=UNSOLVED) & missed


def missed_deadlines(problem, as_of: dt.date) -> list[dt.date]:
    """The deadlines the problem has missed on `as_of`: its own and its unanswered notices' (prefetched)."""
    missed = [notice.deadline for notice in problem.missed_notices]
    return sorted(missed + ([problem.deadline] if problem.deadline < as_of else []))


def notify(user, problem, title: str, body: str) -> Notification:
    """An in-app notification, e-mailed too when the user has an address (console backend in the demo)."""
    note = Notification.objects.create(recipient=user, problem=problem, title=title, body=body)
    if user.email:
        sent = send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
        if sent:
            Notification.objects.filter(pk=note.pk).update(emailed=True)
    return note


def run_overdue(as_of: dt.date | None = None) -> Counter:
    """Mark, escalate and notify as of `as_of` (default today); returns what it did, by kind."""
    as_of = as_of or today()
    rules = list(OverdueRule.objects.filter(active=True))
    done: Counter = Counter()
    with transaction.atomic():
        # Lights that no longer apply (solved, or a new deadline not yet reached) go out.
        done["cleared"] = Problem.objects.exclude(light=Light.NONE).exclude(overdue_q(as_of)).update(light=Light.NONE)
        candidates = Problem.objects.filter(overdue_q(as_of), raised_on__lte=as_of)
        # Lock the problems only: the raiser may be null (an outer join PostgreSQL will not lock).
        locked = (
            candidates.select_related("project", "department", "raised_by")
            .prefetch_related(Prefetch("notices", queryset=missed_notices(as_of), to_attr="missed_notices"))
            .select_for_update(of=("self",))
        )
        for problem in locked:
            done["overdue"] += 1
            missed = missed_deadlines(problem, as_of)
            if problem.overdue_deadline is None or problem.overdue_deadline < missed[-1]:
                problem.overdue_count += 1  # a deadline (its own or a notice's) missed for the first time
                problem.overdue_deadline = missed[-1]
            days = (as_of - missed[0]).days  # overdue since the first deadline it missed
            rule = light_for(rules, days, problem.overdue_count)
            if rule is None or SEVERITY[rule.light] <= SEVERITY[problem.light]:
                problem.save(update_fields=["overdue_count", "overdue_deadline", "updated"])
                continue
            problem.light = rule.light
            reason = _("超期 %(days)d 天（第 %(count)d 次超期），亮%(light)s。") % {
                "days": days,
                "count": problem.overdue_count,
                "light": rule.get_light_display(),
            }
            if problem.missed_notices:
                numbers = "、".join(notice.number for notice in problem.missed_notices)
                reason += _("督办单 %(numbers)s 逾期未回复。") % {"numbers": numbers}
            problem._change_reason = reason
            problem.save()
            record(problem, EventKind.OVERDUE, None, as_of, reason)
            done[rule.light] += 1
            if rule.escalate_to and rule.escalate_to > problem.level:
                _set_level(problem, rule.escalate_to, None, as_of, _("按超期预警规则自动升级：") + reason)
                done["escalated"] += 1
            title = _("【%(light)s】问题超期：%(title)s") % {"light": rule.get_light_display(), "title": problem.title}
            body = _("项目：%(project)s\n责任部门：%(department)s\n办结时限：%(deadline)s\n%(reason)s") % {
                "project": problem.project,
                "department": problem.department,
                "deadline": problem.deadline,
                "reason": reason,
            }
            for user in recipients(problem, rule):
                notify(user, problem, title, body)
                done["notified"] += 1
    return done


def describe(done: Counter) -> str:
    """One line for the scheduled job's log and the CLI."""
    return _(
        "超期 %(overdue)d 个，新亮黄灯 %(yellow)d 个、红灯 %(red)d 个，升级 %(escalated)d 个，"
        "发出通知 %(notified)d 条，熄灯 %(cleared)d 个。"
    ) % {key: done.get(key, 0) for key in ("overdue", "yellow", "red", "escalated", "notified", "cleared")}


def scheduled_overdue_run() -> str:
    """The daily job registered with core.tasks."""
    return describe(run_overdue())
