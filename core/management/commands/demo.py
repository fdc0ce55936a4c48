"""`gongjian demo load`: load the Yingkou demo data (thin wrapper around core.demo)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the Yingkou demo data: divisions, departments, demo accounts, projects (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"], help="load: create or refresh the demo data")

    def handle(self, *args, **options):
        from core import demo

        try:
            demo.load(stdout=self.stdout)
        except Exception as error:  # surface a readable message to the operator, keep the traceback in verbose mode
            if options["verbosity"] > 1:
                raise
            raise CommandError(f"demo load failed: {error}") from error
        self.stdout.write(self.style.SUCCESS("demo data loaded"))
