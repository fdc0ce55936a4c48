"""`gongjian stewardship overdue [--as-of D]`: run overdue detection now (the daily job does the same)."""

from django.core.management.base import BaseCommand

from core.clock import as_of_argument
from stewardship.overdue import describe, run_overdue


class Command(BaseCommand):
    help = "Stewardship jobs: `overdue` marks overdue problems, escalates them by the rules and notifies."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        overdue = sub.add_parser("overdue", help="mark overdue problems, escalate, notify")
        overdue.add_argument("--as-of", dest="as_of", help="date YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        as_of = as_of_argument(options["as_of"]) if options.get("as_of") else None
        self.stdout.write(describe(run_overdue(as_of)))
