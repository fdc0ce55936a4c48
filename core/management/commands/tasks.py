"""`gongjian tasks run-due | schedule | list`: the scheduled jobs apps register (thin wrapper around core.tasks)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from core import tasks


class Command(BaseCommand):
    help = (
        "Scheduled jobs: `run-due` runs every job due today that has not run yet (for cron), `schedule` keeps "
        "doing so in a loop, `list` shows each job and its last run."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{run-due,schedule,list}")
        actions.add_parser("run-due", help="run what is due once, then exit")
        loop = actions.add_parser("schedule", help="run what is due, sleep (until midnight, at most --max-sleep)")
        loop.add_argument(
            "--max-sleep",
            type=float,
            default=tasks.MAX_SLEEP,
            help=f"longest sleep between passes, in seconds (default {tasks.MAX_SLEEP})",
        )
        actions.add_parser("list", help="the registered jobs and their last runs")

    def handle(self, *args, action, **options):
        if action == "run-due":
            runs = tasks.run_due()
            for run in runs:
                self.report(run)
            self.stdout.write(f"ran {len(runs)} due job(s)")
        elif action == "schedule":
            self.stdout.write(
                f"scheduler: {len(tasks.scheduled_jobs())} job(s), waking at least every {options['max_sleep']:.0f} s"
            )
            tasks.run_schedule(limit=options["max_sleep"], report=self.report)
        else:
            from core.models import ScheduledRun

            records = {record.name: record for record in ScheduledRun.objects.all()}
            for job in tasks.scheduled_jobs():
                when = "daily" if job.schedule == tasks.DAILY else f"monthly from day {job.day}"
                record = records.get(job.name)
                last = "never run"
                if record is not None and record.started_at:
                    state = {True: "ok", False: "FAILED", None: "unfinished"}[record.succeeded]
                    started = timezone.localtime(record.started_at)
                    last = f"last {started:%Y-%m-%d %H:%M} ({record.period}) {state} {record.message}".rstrip()
                self.stdout.write(f"{job.name}  {when}  {last}")

    def report(self, run):
        state = "ok" if run.succeeded else "FAILED"
        self.stdout.write(f"{run.name} [{run.period}] {state} {run.message}".rstrip())
        self.stdout.flush()
