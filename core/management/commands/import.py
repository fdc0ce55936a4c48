"""`gongjian import KIND FILE`: import a spreadsheet (any layout) with a progress bar and a row-by-row report."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from core.audit import import_outcome, record
from core.importing.results import ImportFailed
from core.models import AuditAction, User
from core.registry import import_kinds, importer_for

# What each --accept-… option confirms (see core.importing.results.CONFIRMABLE).
CONFIRM_OPTIONS = {
    "large_change": "accept_large_changes",
    "near_duplicate": "accept_near_duplicates",
    "region_move": "accept_region_moves",
}
CONFIRM_LABELS = {
    "large_change": gettext_lazy("金额大幅变化"),
    "near_duplicate": gettext_lazy("疑似重复的新项目"),
    "region_move": gettext_lazy("项目改属其他县区"),
}


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
        parser.add_argument(
            "kind", choices=sorted(import_kinds()), help="what the file holds: " + ", ".join(sorted(import_kinds()))
        )
        parser.add_argument("file", help="the spreadsheet to import")
        parser.add_argument("--mapping", help="a TOML mapping of the file's columns (see docs/importing-projects.md)")
        parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
        parser.add_argument(
            "--valid-rows-only", action="store_true", help="write the valid rows even when others are rejected"
        )
        parser.add_argument(
            "--accept-large-changes",
            action="store_true",
            help="write updates that change a figure by the large-change factor (default 10x) or more; "
            "without it such rows are rejected and listed with the old and the new value",
        )
        parser.add_argument(
            "--accept-near-duplicates",
            action="store_true",
            help="create rows whose name or owner is one character away from an existing project's, or whose name "
            "and owner exist in another district, as new projects (without it they are rejected as questions)",
        )
        parser.add_argument(
            "--accept-region-moves",
            action="store_true",
            help="let rows move their (matched) project to the district the row gives",
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
        confirm = [kind for kind, option in CONFIRM_OPTIONS.items() if options[option]]
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
                **({"confirm": confirm} if confirm else {}),  # only importers that ask questions take answers
            )
        except ImportFailed as error:
            record(None, AuditAction.IMPORT, **self.audit_detail(options, path, user), failure=error.message)
            raise CommandError(error.message) from error
        finally:
            progress.close()
        record(None, AuditAction.IMPORT, **self.audit_detail(options, path, user), **import_outcome(result))
        limit = options["show_errors"]
        for error in result.errors[:limit]:
            self.stdout.write(str(error))
        if len(result.errors) + result.dropped_errors > limit:
            self.stdout.write(
                _("……另有 %(count)s 条错误未列出（--show-errors 可调整）。")
                % {"count": len(result.errors) + result.dropped_errors - min(limit, len(result.errors))}
            )
        for skipped in result.skipped_rows[:limit]:
            self.stdout.write(_("第 %(row)s 行跳过：%(reason)s") % {"row": skipped.row, "reason": skipped.reason})
        if result.skipped:
            self.stdout.write(_("跳过 %(count)s 行（合计行或同一记录的较早报告）。") % {"count": result.skipped})
        for flag in result.flags:
            self.stdout.write(_("已确认：%(flag)s") % {"flag": flag})
        asked = {error.kind for error in result.errors if error.kind}
        for kind, option in CONFIRM_OPTIONS.items():
            if kind in asked:
                self.stdout.write(
                    _("有需要确认的行（%(what)s）：核对无误后加 --%(option)s 重新导入。")
                    % {"what": CONFIRM_LABELS[kind], "option": option.replace("_", "-")}
                )
        if result.errors and not result.valid_rows_only:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))

    @staticmethod
    def audit_detail(options, path, user) -> dict:
        """What the audit log keeps of a command-line import besides its outcome: the kind, file and mode."""
        return {
            "kind": options["kind"],
            "file": str(path),
            "as_user": user.username if user else "",
            "valid_rows_only": options["valid_rows_only"],
        }
