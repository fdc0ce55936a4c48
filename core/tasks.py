"""Scheduled work: daily and monthly jobs that apps register, run at most once per day (or month).

Apps register their jobs from `AppConfig.ready()` with `register_scheduled()`; `gongjian tasks run-due` (from cron)
runs every job that is due and has not yet run in its period, and `gongjian tasks schedule` does the same in a
long-running loop. Each job's last period is kept in `ScheduledRun`, so the runner can be called as often as
liked. Work that a page starts goes through Django's task framework instead (`django_tasks`, `gongjian db_worker`).
"""

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections, connection
from django.utils import timezone

from core.models import ScheduledRun

DAILY, MONTHLY = "daily", "monthly"
# The loop wakes at least this often (seconds), and just after each local midnight.
MAX_SLEEP = 3600
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledJob:
    """A piece of regular work: `function()` does it and returns a line for the log (or None)."""

    name: str
    schedule: str
    function: Callable[[], str | None]
    day: int = 1  # monthly jobs: the day of the month from which they are due

    def period(self, today: dt.date) -> str | None:
        """The period `today` falls in when the job is due in it; None while a monthly job waits for its day."""
        if self.schedule == DAILY:
            return today.isoformat()
        return f"{today:%Y-%m}" if today.day >= self.day else None


@dataclass(frozen=True)
class JobRun:
    """What one runner call did with one job."""

    name: str
    period: str
    succeeded: bool
    message: str


_jobs: dict[str, ScheduledJob] = {}


def register_scheduled(name: str, schedule: str, function: Callable[[], str | None], *, day: int = 1) -> None:
    """Register a daily or monthly job under a unique `name` (`<app>.<what>`; the key of its run record)."""
    if schedule not in (DAILY, MONTHLY):
        raise ValueError(f"unknown schedule {schedule!r}: use core.tasks.DAILY or MONTHLY")
    if not 1 <= day <= 28:  # every month has the day, so no month is skipped
        raise ValueError(f"day {day} of {name}: choose 1 to 28")
    known = _jobs.get(name)
    if known is not None and known.function is not function:
        raise ValueError(f"scheduled job {name!r} is registered twice")
    _jobs[name] = ScheduledJob(name, schedule, function, day)


def scheduled_jobs() -> list[ScheduledJob]:
    return [_jobs[name] for name in sorted(_jobs)]


def run_due(now: dt.datetime | None = None) -> list[JobRun]:
    """Run every job due at `now` (default: the current time; local calendar) that has not run in its period yet.

    A job that raises is logged and recorded as failed, and its period is given back, so the next call tries
    again; the other jobs run regardless.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    runs = []
    for job in scheduled_jobs():
        period = job.period(today)
        if period is None:
            continue
        record, _created = ScheduledRun.objects.get_or_create(name=job.name)
        previous = record.period
        claimed = (
            ScheduledRun.objects.filter(pk=record.pk, period=previous)
            .exclude(period=period)
            .update(period=period, started_at=now, finished_at=None, succeeded=None, message="")
        )
        if not claimed:  # done in this period already, or another runner has just claimed it
            continue
        try:
            message = job.function() or ""
        except Exception as error:  # one failing job must not stop the others
            logger.exception("scheduled job %s failed", job.name)
            message, succeeded, period_after = f"{type(error).__name__}: {error}", False, previous
        else:
            succeeded, period_after = True, period
        ScheduledRun.objects.filter(pk=record.pk).update(
            period=period_after, finished_at=timezone.now(), succeeded=succeeded, message=message
        )
        runs.append(JobRun(job.name, period, succeeded, message))
    return runs


def seconds_to_sleep(now: dt.datetime, limit: float = MAX_SLEEP) -> float:
    """How long the loop sleeps after a pass: until just after the next local midnight, at most `limit`."""
    local = timezone.localtime(now)
    midnight = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=5, microsecond=0)
    return max(1.0, min(limit, (midnight - local).total_seconds()))


def run_schedule(
    *,
    limit: float = MAX_SLEEP,
    clock: Callable[[], dt.datetime] = timezone.now,
    sleep: Callable[[float], None] = time.sleep,
    report: Callable[[JobRun], None] = lambda run: None,
    passes: int | None = None,
) -> None:
    """The long-running form of `run_due`: a pass, then a bounded sleep, for ever (or `passes` times)."""
    done = 0
    while passes is None or done < passes:
        if not connection.in_atomic_block:  # never mid-transaction (a test's, or a caller's)
            close_old_connections()  # the database may have dropped a connection idle for an hour
        for run in run_due(clock()):
            report(run)
        done += 1
        if passes is None or done < passes:
            sleep(seconds_to_sleep(clock(), limit))
