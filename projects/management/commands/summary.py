"""`gongjian summary [--as-of DATE] [--format json|text]`: the library overview (thin wrapper around services)."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core.clock import as_of_argument
from projects.services import library_overview, overview_as_json


class Command(BaseCommand):
    help = "Print the library overview (counts and investment in 亿元 per library, region and list)."
    # A read-only report run from scripts: the system checks (URLs, admin, templates …) cost it most of its start.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="date YYYY-MM-DD (default: now)")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        as_of = None
        if options["as_of"]:
            as_of = as_of_argument(options["as_of"])
        data = overview_as_json(library_overview(as_of=as_of))
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(_("截至 %(date)s") % {"date": data["as_of"]})
        rows = [(name, 14, figures) for name, figures in data["libraries"].items()]
        rows += [(item["name"], 24, item) for item in data["lists"]]
        for name, width, figures in rows:
            values = {"name": f"  {name:<{width}}", "count": f"{figures['count']:>6}"}
            values["yi"] = f"{figures['investment_yi']:>10}"
            self.stdout.write(_("%(name)s%(count)s 个  %(yi)s 亿元") % values)
        for name, section in data.items():
            if name not in {"as_of", "libraries", "lists", "regions"}:
                self.stdout.write(f"  {name}: {json.dumps(section, ensure_ascii=False)}")
