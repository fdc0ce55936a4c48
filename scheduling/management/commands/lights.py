"""`gongjian lights --as-of DATE [--as-of DATE …]`: project lights counted per district, to see how they spread."""

from django.core.management.base import BaseCommand

from core.clock import as_of_argument
from core.money import percent
from projects.models import Project
from scheduling.choices import Light
from scheduling.lights import light_counts


class Command(BaseCommand):
    help = "Print red/yellow/green/grey project lights per district (and the city) for one or more dates."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="dates", action="append", required=True, help="date YYYY-MM-DD")

    def handle(self, *args, **options):
        for as_of in [as_of_argument(value) for value in options["dates"]]:
            self.stdout.write(f"{as_of}\t" + "\t".join(str(Light(light).label) for light in Light.values))
            for region, counts in light_counts(Project.objects.all(), as_of).items():
                total = sum(counts.values()) or 1  # a city with no project to judge prints zeros, not "None%"
                cells = [f"{counts[light]} ({percent(counts[light], total, places=0)}%)" for light in Light.values]
                self.stdout.write(f"{region}\t" + "\t".join(cells))
