"""`gongjian backup [PATH]`: write the database and the uploaded files to one archive (thin wrapper, core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Back up the database (every table, history included) and MEDIA_ROOT to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=".", help="archive file to write, or an existing folder to put it in"
        )

    def handle(self, *args, **options):
        from core.backup import BackupError, create_backup

        try:
            manifest = create_backup(Path(options["path"]))
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        files = len(manifest["checksums"]) - 1
        self.stdout.write(f"{manifest['path']}: {rows} rows in {len(manifest['counts'])} tables, {files} files")
