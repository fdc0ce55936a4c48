"""`gongjian cleanup`: remove old import files and rejected or abandoned uploads (run it from cron, see docs)."""

from django.core.management.base import BaseCommand

from projects.importing import jobs


class Command(BaseCommand):
    help = (
        "Remove the files of web imports: imported ones idle longer than --keep-days, rejected or abandoned "
        "uploads idle longer than --abandoned-hours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=float,
            default=jobs.KEEP_DAYS,
            help=f"keep imported files this many days (default {jobs.KEEP_DAYS})",
        )
        parser.add_argument(
            "--abandoned-hours",
            type=float,
            default=jobs.ABANDONED_HOURS,
            help=f"keep rejected or abandoned uploads this many hours (default {jobs.ABANDONED_HOURS})",
        )
        parser.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")

    def handle(self, *args, **options):
        removed = jobs.remove_stale_jobs(
            keep_days=options["keep_days"], abandoned_hours=options["abandoned_hours"], dry_run=options["dry_run"]
        )
        for job in removed:
            kind = "imported" if job.imported else "rejected/abandoned"
            self.stdout.write(f"{job.job_id}  {kind}  idle {job.idle_hours:.1f} h")
        verb = "would remove" if options["dry_run"] else "removed"
        self.stdout.write(f"{verb} {len(removed)} import folder(s)")
