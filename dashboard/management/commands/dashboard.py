"""`gongjian dashboard [--month YYYY-MM] [--district CODE]`: the dashboard's JSON, as the endpoint serves it."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from core.clock import today
from core.models import Region
from dashboard.geo import city_map
from dashboard.services import dashboard, month_as_of


class Command(BaseCommand):
    help = "Print the command dashboard's figures (the city's, or one district's) for a month as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="month YYYY-MM (default: today's)")
        parser.add_argument("--district", help="a district's division code, e.g. 210804 (default: the city)")

    def handle(self, *args, **options):
        month = None
        if options.get("month"):
            try:
                month = dt.datetime.strptime(options["month"], "%Y-%m").date()
            except ValueError:
                raise CommandError(f"--month {options['month']!r}: expected YYYY-MM, e.g. 2024-05") from None
        region = None
        if options.get("district"):
            region = Region.objects.ranked().filter(code=options["district"]).first()
            if region is None:
                raise CommandError(f"--district {options['district']!r}: no district has that code")
        found = city_map()
        data = dashboard(month_as_of(month, today()), None, region, found["codes"] if found else ())
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
