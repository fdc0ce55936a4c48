"""`gongjian race --scheme CODE_OR_NAME --period 2024-05 --format json|xlsx [-o FILE] [--draft]`: a ranking."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from race.exports import result_as_cli_json, result_to_xlsx
from race.models import RaceScheme
from race.periods import Period
from race.services import compute, result_for


def find_scheme(text: str) -> RaceScheme:
    """The scheme named by code or name: the version in use, else the latest version."""
    schemes = RaceScheme.objects.filter(code=text) or RaceScheme.objects.filter(name=text)
    schemes = list(schemes.order_by("-version"))
    if not schemes:
        names = "、".join(sorted(set(RaceScheme.objects.values_list("code", flat=True)))) or "无"
        raise CommandError(f"找不到方案“{text}”（现有方案代码：{names}）。")
    if len({scheme.code for scheme in schemes}) > 1:
        raise CommandError(f"名称“{text}”对应多个方案，请用方案代码。")
    in_use = [scheme for scheme in schemes if scheme.status == "in_use"]
    return in_use[0] if in_use else schemes[0]


class Command(BaseCommand):
    help = "A race ranking for a period: the published one if any (else the live draft), as JSON or .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--scheme", required=True, help="scheme code or name, e.g. yingkou-100")
        parser.add_argument("--period", required=True, help="2024-05, 2024-Q2 or 2024")
        parser.add_argument("--format", choices=("json", "xlsx"), default="json")
        parser.add_argument("-o", "--output", help="file to write (JSON goes to stdout without it)")
        parser.add_argument("--draft", action="store_true", help="recompute now even if the period is published")

    def handle(self, *args, **options):
        scheme = find_scheme(options["scheme"])
        try:
            period = Period.parse(options["period"])
            result = (compute if options["draft"] else result_for)(scheme, period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "xlsx":
            if not options["output"]:
                raise CommandError("xlsx 格式须用 -o 指定输出文件。")
            with open(options["output"], "wb") as handle:
                result_to_xlsx(result, handle)
            self.stderr.write(f"已写入 {options['output']}")
            return
        text = json.dumps(result_as_cli_json(result), ensure_ascii=False, indent=2)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            sys.stdout.write(text + "\n")
