"""Scheduled jobs (core/tasks.py): each runs once per local day or month, whoever calls the runner how often."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from core import tasks
from core.models import ScheduledRun

pytestmark = pytest.mark.django_db
YINGKOU = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    """A moment on Yingkou's clock."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=YINGKOU)


@pytest.fixture
def registry(monkeypatch):
    """An empty registry, so only the jobs a test registers run."""
    monkeypatch.setattr(tasks, "_jobs", {})
    return tasks


def counting(calls: list, name: str):
    def job():
        calls.append(name)
        return f"{name} #{calls.count(name)}"

    return job


def test_a_daily_job_runs_once_per_local_day(registry):
    calls = []
    registry.register_scheduled("test.daily", tasks.DAILY, counting(calls, "daily"))
    first = tasks.run_due(at("2026-03-31 23:30"))
    assert [(run.name, run.period, run.succeeded, run.message) for run in first] == [
        ("test.daily", "2026-03-31", True, "daily #1")
    ]
    assert tasks.run_due(at("2026-03-31 23:59")) == []  # cron again the same evening: nothing
    # 16:30 UTC is half past midnight in Yingkou: a new day there.
    assert [run.period for run in tasks.run_due(dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC))] == ["2026-04-01"]
    assert calls == ["daily", "daily"]
    record = ScheduledRun.objects.get(name="test.daily")
    assert (record.period, record.succeeded, record.message) == ("2026-04-01", True, "daily #2")


def test_a_monthly_job_waits_for_its_day_and_runs_once_that_month(registry):
    calls = []
    registry.register_scheduled("test.monthly", tasks.MONTHLY, counting(calls, "monthly"), day=25)
    days = [
        "2026-01-24 09:00",
        "2026-01-25 09:00",
        "2026-01-26 09:00",
        "2026-01-31 23:00",
        "2026-02-03 09:00",
        "2026-02-25 00:01",
        "2026-02-25 10:00",
    ]
    ran = {day: [run.period for run in tasks.run_due(at(day))] for day in days}
    assert ran == {
        "2026-01-24 09:00": [],
        "2026-01-25 09:00": ["2026-01"],
        "2026-01-26 09:00": [],
        "2026-01-31 23:00": [],
        "2026-02-03 09:00": [],
        "2026-02-25 00:01": ["2026-02"],
        "2026-02-25 10:00": [],
    }
    assert len(calls) == 2


def test_a_failing_job_is_recorded_retried_and_does_not_stop_the_others(registry):
    calls, attempts = [], []

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("磁盘已满")
        return "ok"

    registry.register_scheduled("test.a_flaky", tasks.DAILY, flaky)
    registry.register_scheduled("test.b_steady", tasks.DAILY, counting(calls, "steady"))
    first = tasks.run_due(at("2026-05-10 03:15"))
    assert [(run.name, run.succeeded, run.message) for run in first] == [
        ("test.a_flaky", False, "OSError: 磁盘已满"),
        ("test.b_steady", True, "steady #1"),
    ]
    failed = ScheduledRun.objects.get(name="test.a_flaky")
    assert (failed.period, failed.succeeded) == ("", False)  # the day is given back
    second = tasks.run_due(at("2026-05-10 04:15"))
    assert [(run.name, run.succeeded) for run in second] == [("test.a_flaky", True)]
    assert calls == ["steady"]


def test_a_period_another_runner_claimed_is_not_run_again(registry):
    calls = []
    registry.register_scheduled("test.daily", tasks.DAILY, counting(calls, "daily"))
    ScheduledRun.objects.create(name="test.daily", period="2026-06-01")  # claimed by a runner still at work
    assert tasks.run_due(at("2026-06-01 12:00")) == [] and calls == []


def test_registration_is_checked(registry):
    job = counting([], "x")
    with pytest.raises(ValueError, match="unknown schedule"):
        registry.register_scheduled("test.x", "weekly", job)
    with pytest.raises(ValueError, match="choose 1 to 28"):
        registry.register_scheduled("test.x", tasks.MONTHLY, job, day=31)
    registry.register_scheduled("test.x", tasks.DAILY, job)
    registry.register_scheduled("test.x", tasks.DAILY, job)  # AppConfig.ready() may run twice
    with pytest.raises(ValueError, match="registered twice"):
        registry.register_scheduled("test.x", tasks.DAILY, counting([], "y"))


def test_the_loop_sleeps_until_midnight_at_most_its_limit(registry):
    calls, sleeps = [], []
    registry.register_scheduled("test.daily", tasks.DAILY, counting(calls, "daily"))
    moments = iter(
        [
            at("2026-07-01 23:58:00"),
            at("2026-07-01 23:58:00"),
            at("2026-07-02 00:00:05"),
            at("2026-07-02 00:00:05"),
            at("2026-07-02 01:00:05"),
        ]
    )
    reported = []
    tasks.run_schedule(clock=lambda: next(moments), sleep=sleeps.append, report=reported.append, passes=3)
    assert sleeps == [125.0, 3600.0]  # to 00:00:05, then the hourly limit
    assert [run.period for run in reported] == ["2026-07-01", "2026-07-02"] and len(calls) == 2
    assert tasks.seconds_to_sleep(at("2026-07-01 12:00"), limit=60) == 60


def test_the_command_runs_what_is_due_and_lists_the_last_runs(registry):
    calls = []
    registry.register_scheduled("test.daily", tasks.DAILY, counting(calls, "daily"))
    out = io.StringIO()
    call_command("tasks", "list", stdout=out)
    assert "test.daily  daily  never run" in out.getvalue()
    call_command("tasks", "run-due", stdout=out)
    call_command("tasks", "run-due", stdout=out)
    call_command("tasks", "list", stdout=out)
    text = out.getvalue()
    assert "test.daily [" in text and "] ok daily #1" in text and "ran 1 due job(s)" in text
    assert "ran 0 due job(s)" in text and "ok daily #1" in text.splitlines()[-1] and calls == ["daily"]
