"""Overdue detection with a frozen clock (GONGJIAN_TODAY): lights by the city's rules, escalation, notifications
in the app and by e-mail, idempotence, lights going out, the scheduled job and the CLI."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from core.tasks import run_due, scheduled_jobs
from core.testing import user_for
from stewardship.choices import EscalationLevel, Light, ProblemStatus
from stewardship.models import Notification, OverdueRule
from stewardship.overdue import ensure_default_rules, run_overdue
from stewardship.tests.helpers import RAISED, problem
from stewardship.transitions import transition

pytestmark = pytest.mark.django_db
DEADLINE = RAISED + dt.timedelta(days=20)  # 2024-05-26


@pytest.fixture
def rules(db):
    ensure_default_rules()
    return list(OverdueRule.objects.all())


def test_yellow_then_red_with_escalation_and_notifications(rules, settings):
    zrzy = user_for("zrzy")
    zrzy.email = "zrzy@example.org"
    zrzy.save()
    item = problem()
    settings.GONGJIAN_TODAY = "2024-05-26"  # the deadline itself: not overdue yet
    assert run_overdue()["overdue"] == 0
    settings.GONGJIAN_TODAY = "2024-05-28"
    done = run_overdue()
    item.refresh_from_db()
    assert (item.light, item.overdue_count, item.level) == (Light.YELLOW, 1, EscalationLevel.DISTRICT)
    assert done["yellow"] == 1 and done["escalated"] == 1
    # Yellow tells the department (zrzy_user), in the app and by e-mail.
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["zrzy_user"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zrzy@example.org"] and "黄灯" in mail.outbox[0].subject
    assert run_overdue()["notified"] == 0  # the same light again tells nobody again
    settings.GONGJIAN_TODAY = "2024-06-12"  # 17 days overdue: red, up to the steward, everyone told
    run_overdue()
    item.refresh_from_db()
    assert (item.light, item.level) == (Light.RED, EscalationLevel.STEWARD)
    told = set(Notification.objects.filter(title__contains="红灯").values_list("recipient__username", flat=True))
    assert told == {"zrzy_user", "leader_zhang"}  # department, steward and raiser (the steward raised it)
    assert list(item.events.values_list("kind", flat=True)) == ["overdue", "escalation", "overdue", "escalation"]


def test_a_second_missed_deadline_is_red_at_once(rules, settings):
    item = problem()
    settings.GONGJIAN_TODAY = "2024-05-28"
    run_overdue()
    item.refresh_from_db()
    item.deadline = dt.date(2024, 6, 5)  # a new deadline: the light goes out until it is missed too
    item.save()
    settings.GONGJIAN_TODAY = "2024-06-01"
    assert run_overdue()["cleared"] == 1
    item.refresh_from_db()
    assert item.light == Light.NONE
    settings.GONGJIAN_TODAY = "2024-06-07"
    run_overdue()
    item.refresh_from_db()
    assert (item.overdue_count, item.light) == (2, Light.RED)


def test_solved_problems_are_never_overdue(rules, settings):
    item = problem(measures="已落实")
    transition(item, ProblemStatus.SOLVED, user_for("zrzy"), on=RAISED + dt.timedelta(30))
    settings.GONGJIAN_TODAY = "2024-07-30"
    assert run_overdue()["overdue"] == 0 and not Notification.objects.exists()


def test_the_city_edits_the_rules(rules, settings):
    OverdueRule.objects.filter(light=Light.YELLOW).update(min_days=10, escalate_to=None)
    item = problem()
    settings.GONGJIAN_TODAY = "2024-05-30"  # 4 days: below the city's 10
    run_overdue()
    item.refresh_from_db()
    assert item.light == Light.NONE and item.level == EscalationLevel.ON_SITE


def test_the_daily_job_and_the_command(rules, settings):
    from django.utils import timezone

    assert "stewardship.overdue" in [job.name for job in scheduled_jobs()]
    problem()
    settings.GONGJIAN_TODAY = "2024-06-01"
    runs = [run for run in run_due(timezone.now()) if run.name == "stewardship.overdue"]
    assert runs and runs[0].succeeded and "黄灯 1" in runs[0].message
    out = StringIO()
    call_command("stewardship", "overdue", "--as-of", "2024-06-20", stdout=out)
    assert "红灯 1" in out.getvalue()


def test_the_bell_shows_the_unread_count_and_marks_read(rules, settings, login):
    from django.urls import reverse

    problem()
    settings.GONGJIAN_TODAY = "2024-05-28"
    run_overdue()
    client = login("zrzy")
    page = client.get(reverse("stewardship:problem_list")).content.decode()
    assert 'data-testid="bell-count">1<' in page
    client.post(reverse("stewardship:notifications_read"))
    assert 'data-testid="bell-count"' not in client.get(reverse("stewardship:problem_list")).content.decode()
    assert Notification.objects.get().read_at is not None


def test_the_bells_cached_count_follows_the_committed_writes(rules, settings, login):
    """The count is kept under the data version: a notification made or read shows on the next page, committed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from core.testing import commit_data_version

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bell"}}
    problem()
    settings.GONGJIAN_TODAY = "2024-05-28"
    client = login("zrzy")
    commit_data_version()
    assert 'data-testid="bell-count"' not in client.get(reverse("stewardship:problem_list")).content.decode()
    run_overdue()
    commit_data_version()
    with CaptureQueriesContext(connection) as first:
        assert 'data-testid="bell-count">1<' in client.get(reverse("stewardship:problem_list")).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert 'data-testid="bell-count">1<' in client.get(reverse("stewardship:problem_list")).content.decode()
    counted = [q["sql"] for q in first.captured_queries if "COUNT" in q["sql"] and "notification" in q["sql"]]
    assert counted and not [q for q in again.captured_queries if q["sql"] in counted]
    client.post(reverse("stewardship:notifications_read"))
    commit_data_version()
    assert 'data-testid="bell-count"' not in client.get(reverse("stewardship:problem_list")).content.decode()


def notice(item, number, deadline, answered_on=None):
    """A supervision notice (督办单) on `item`, issued on the raise date, with its own deadline."""
    from stewardship.models import SupervisionNotice

    return SupervisionNotice.objects.create(
        problem=item,
        number=number,
        issued_on=RAISED,
        deadline=deadline,
        requirement="限期报送整改方案",
        answered_on=answered_on,
    )


def test_an_unanswered_supervision_notice_past_its_deadline_makes_the_problem_overdue(rules, settings):
    item = problem(deadline=dt.date(2024, 7, 31))  # the problem's own deadline is far off
    missed = notice(item, "DB-2024-001", dt.date(2024, 5, 20))
    notice(item, "DB-2024-002", dt.date(2024, 5, 15), answered_on=dt.date(2024, 5, 14))  # answered in time
    settings.GONGJIAN_TODAY = "2024-05-20"  # the notice's deadline itself: not overdue yet
    assert run_overdue()["overdue"] == 0
    settings.GONGJIAN_TODAY = "2024-05-23"
    done = run_overdue()
    item.refresh_from_db()
    assert done["yellow"] == 1 and done["escalated"] == 1
    assert (item.light, item.overdue_count, item.level) == (Light.YELLOW, 1, EscalationLevel.DISTRICT)
    assert item.overdue_deadline == dt.date(2024, 5, 20)
    reason = item.events.get(kind="overdue").reason
    assert "超期 3 天" in reason and "DB-2024-001" in reason and "DB-2024-002" not in reason
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["zrzy_user"]
    # Once the department answers the notice the light goes out: the problem's own deadline is not reached.
    missed.answered_on = dt.date(2024, 5, 24)
    missed.save()
    settings.GONGJIAN_TODAY = "2024-05-25"
    assert run_overdue()["cleared"] == 1
    item.refresh_from_db()
    assert item.light == Light.NONE


def test_a_missed_notice_after_a_missed_deadline_counts_as_a_repeat(rules, settings):
    item = problem()  # deadline 2024-05-26
    settings.GONGJIAN_TODAY = "2024-05-28"
    run_overdue()
    item.refresh_from_db()
    assert (item.light, item.overdue_count) == (Light.YELLOW, 1)
    notice(item, "DB-2024-003", dt.date(2024, 6, 1))
    settings.GONGJIAN_TODAY = "2024-06-02"  # 7 days overdue, but the notice is a second deadline missed: red
    run_overdue()
    item.refresh_from_db()
    assert (item.light, item.overdue_count, item.level) == (Light.RED, 2, EscalationLevel.STEWARD)
    assert item.overdue_deadline == dt.date(2024, 6, 1)
    told = set(Notification.objects.filter(title__contains="红灯").values_list("recipient__username", flat=True))
    assert told == {"zrzy_user", "leader_zhang"}
    assert run_overdue()["notified"] == 0  # the same light again tells nobody again
