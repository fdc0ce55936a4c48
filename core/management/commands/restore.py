"""`gongjian restore ARCHIVE [--force]`: put a backup back into this database and MEDIA_ROOT (core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `gongjian backup`. Refuses a database or MEDIA_ROOT that is not empty unless "
        "--force; the migrations applied here must be those of the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by `gongjian backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace the data already here (files are moved aside, not deleted)"
        )
        parser.add_argument(
            "--check", action="store_true", help="only read the archive and verify its checksums; change nothing"
        )

    def handle(self, *args, **options):
        from core.backup import BackupError, restore_backup, verify_backup

        if options["check"]:
            try:
                manifest = verify_backup(Path(options["archive"]))
            except BackupError as error:
                raise CommandError(str(error)) from error
            rows = sum(manifest["counts"].values())
            files = len(manifest["checksums"]) - 1
            self.stdout.write(
                f"archive intact: {rows} rows in {len(manifest['counts'])} tables and {files} files, "
                f"from {manifest['vendor']} at {manifest['created']}"
            )
            return
        try:
            outcome = restore_backup(Path(options["archive"]), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(outcome.counts.values())
        self.stdout.write(f"restored {rows} rows in {len(outcome.counts)} tables and {outcome.files} files")
        if outcome.moved_aside:
            self.stdout.write(f"files that were in MEDIA_ROOT before: {outcome.moved_aside}")
