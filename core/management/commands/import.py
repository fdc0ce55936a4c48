"""`gongjian import KIND FILE`: import a spreadsheet (any layout) with a progress bar and a row-by-row report."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from core.importing.kinds import KINDS, importer_for
from core.importing.results import ImportFailed
from core.models import User


class ProgressBar:
    """A tqdm bar on stderr per phase (检查 = reading and checking rows, 写入 = writing), fed by the importer."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.phase = None

    def __call__(self, done: int, total: int, phase: str) -> None:
        if not self.enabled:
            return
        if phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = tqdm(total=total or None, desc=phase, unit=_("行"), file=sys.stderr, mininterval=0.2)
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (.xlsx/.xls/.ods/.csv) of the given kind. All rows or none are written unless "
        "--valid-rows-only; rows that cannot be imported are listed with their row number, column and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="what the file holds: " + ", ".join(sorted(KINDS)))
        parser.add_argument("file", help="the spreadsheet to import")
        parser.add_argument("--mapping", help="a TOML mapping of the file's columns (see docs/importing-projects.md)")
        parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
        parser.add_argument(
            "--valid-rows-only", action="store_true", help="write the valid rows even when others are rejected"
        )
        parser.add_argument("--sheet", help="the worksheet to read (default: the mapping's, else the first)")
        parser.add_argument("--user", help="record the import in the history as this user, within their scope")
        parser.add_argument("--show-errors", type=int, default=50, help="how many rejected rows to list (default 50)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("找不到用户：%(user)s") % {"user": options["user"]})
        progress = ProgressBar(enabled=not options["no_progress"])
        try:
            result = importer_for(options["kind"])(
                path,
                mapping=options["mapping"] and Path(options["mapping"]),
                filename=path.name,
                sheet=options["sheet"],
                user=user,
                dry_run=options["dry_run"],
                valid_rows_only=options["valid_rows_only"],
                progress=progress,
            )
        except ImportFailed as error:
            raise CommandError(error.message) from error
        finally:
            progress.close()
        limit = options["show_errors"]
        for error in result.errors[:limit]:
            self.stdout.write(str(error))
        if len(result.errors) + result.dropped_errors > limit:
            self.stdout.write(
                _("……另有 %(count)s 条错误未列出（--show-errors 可调整）。")
                % {"count": len(result.errors) + result.dropped_errors - min(limit, len(result.errors))}
            )
        if result.skipped:
            self.stdout.write(_("跳过 %(count)s 行（合计行或同一记录的较早报告）。") % {"count": result.skipped})
        if result.errors and not result.valid_rows_only:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
