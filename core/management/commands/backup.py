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

        path = Path(options["path"])
        if options["path"].endswith("/"):  # a folder, as in a cron line, even before the first backup
            path.mkdir(parents=True, exist_ok=True)
        try:
            manifest = create_backup(path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        files = len(manifest["checksums"]) - 1
        self.stdout.write(f"{manifest['path']}: {rows} rows in {len(manifest['counts'])} tables, {files} files")
