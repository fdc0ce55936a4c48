"""Deadlines and reminders of the monthly entry, as scheduled tasks (`gongjian tasks run-due`).

Departments enter January to last month's values by the deadline day of this month (setting
`GONGJIAN_INDICATOR_DEADLINE_DAY`, default 10). Three days before it, each department user whose department has
indicators not yet submitted gets a notification; the day after it, the city's administrators get the list of
departments still missing. The notices name the period and the missing indicators' count.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.choices import Role
from core.clock import today
from core.models import Department, User
from indicators.choices import Source
from indicators.models import Indicator, IndicatorValue
from scheduling.calendar import add_months
from scheduling.choices import COUNTED_STATUSES
from stewardship.models import Notification

DEFAULT_DEADLINE_DAY = 10


def deadline_day() -> int:
    return int(getattr(settings, "GONGJIAN_INDICATOR_DEADLINE_DAY", DEFAULT_DEADLINE_DAY))


def missing(period: dt.date) -> dict:
    """{department: number of its entered indicators without a submitted value for `period`} (only those > 0)."""
    sent = IndicatorValue.objects.filter(period=period, status__in=COUNTED_STATUSES).values("indicator")
    rows = (
        Indicator.objects.filter(source=Source.ENTERED)
        .values("owner")
        .annotate(n=Count("pk", filter=~Q(pk__in=sent)))
        .order_by()
    )
    counts = {row["owner"]: row["n"] for row in rows if row["n"]}
    return {department: counts[department.pk] for department in Department.objects.filter(pk__in=counts)}


def _notify(users, title: str, body: str) -> int:
    Notification.objects.bulk_create([Notification(recipient=user, title=title, body=body) for user in users])
    return len(users)


def remind_departments(as_of: dt.date | None = None) -> str:
    """Tell each department user what their department has still to submit for last month."""
    as_of = as_of or today()
    period = add_months(as_of.replace(day=1), -1)
    sent = 0
    for department, count in missing(period).items():
        users = list(User.objects.filter(role=Role.DEPARTMENT_USER, department=department, is_active=True))
        title = _("请于本月%(day)s日前报送%(period)s发展指标") % {"day": deadline_day(), "period": f"{period:%Y-%m}"}
        body = _("%(department)s还有 %(count)s 项指标未报送。") % {"department": department, "count": count}
        sent += _notify(users, title, body)
    return _("已提醒 %(count)s 人。") % {"count": sent}


def report_overdue(as_of: dt.date | None = None) -> str:
    """After the deadline, tell the city's administrators which departments have not submitted last month."""
    as_of = as_of or today()
    period = add_months(as_of.replace(day=1), -1)
    late = missing(period)
    if not late:
        return _("各部门均已报送。")
    lines = "；".join(f"{department}（{count}项）" for department, count in late.items())
    admins = list(User.objects.filter(role=Role.CITY_ADMIN, is_active=True))
    title = _("%(period)s发展指标逾期未报送") % {"period": f"{period:%Y-%m}"}
    _notify(admins, title, lines)
    return lines


def scheduled_reminder() -> str:
    return remind_departments()


def scheduled_overdue() -> str:
    return report_overdue()
