"""Backup and restore of the whole system (database and uploaded files) as one archive, portable SQLite ↔ PostgreSQL.

The archive is a .tar.gz holding `manifest.json` (format, database vendor, applied migrations, rows per table,
SHA-256 of every member), `data.jsonl` (every table, its column names then one JSON array per row) and
`media/…` (every file under MEDIA_ROOT). Tables are dumped column by column rather than through dumpdata: the
JSON serializer cuts microseconds off timestamps, and loaddata saves row by row. Rows are written back with raw
inserts, so no `auto_now` stamp, no signal and no history row is added; history tables travel like any other.
"""

import base64
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_iso_string
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST, DATA, MEDIA = "manifest.json", "data.jsonl", "media"
# Rows made by `migrate` itself in every database; a database holding only these counts as empty.
MADE_BY_MIGRATE = {"contenttypes.ContentType", "auth.Permission"}
BATCH = 500


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, and nothing has been changed."""


@dataclass
class RestoreOutcome:
    """What a restore put back: rows per table and the number of files."""

    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    moved_aside: Path | None = None


def tables() -> list:
    """Every table Django manages (history and many-to-many tables included), each once."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def columns(model) -> list:
    """The stored columns of a table, the key first as in the table."""
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _encode(value):
    """JSON for a column value; `Field.to_python` turns every one of these back into the same value."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()  # microseconds and the UTC offset included
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    """Every regular file under MEDIA_ROOT (links are not followed), relative to it, in a stable order."""
    if not root.is_dir():
        return []
    return sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _dump_tables(target: Path, using: str) -> dict[str, int]:
    """Write every table to `target` from one consistent snapshot of the database; return rows per table."""
    connection = connections[using]
    counts = {}
    # One snapshot for every table (a running transaction, as in the tests, already has its own).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using), target.open("w", encoding="utf-8") as out:
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in tables():
            names = [f.attname for f in columns(model)]
            out.write(json.dumps({"table": model._meta.label, "columns": names}, ensure_ascii=False) + "\n")
            rows = model._base_manager.using(using).order_by("pk").values_list(*names)
            count = 0
            for row in rows.iterator(chunk_size=2000):
                out.write(json.dumps(row, ensure_ascii=False, default=_encode) + "\n")
                count += 1
            counts[model._meta.label] = count
    return counts


def create_backup(destination: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the archive of the database and MEDIA_ROOT to `destination` (a file, or a folder to put it in)."""
    media_root = Path(settings.MEDIA_ROOT)
    if destination.is_dir():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"gongjian-backup-{stamp}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        data = Path(work) / DATA
        counts = _dump_tables(data, using)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "version": _version(),
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "vendor": connections[using].vendor,
            "migrations": applied_migrations(using),
            "counts": counts,
            "checksums": {DATA: _sha256(data)}
            | {f"{MEDIA}/{name.as_posix()}": _sha256(media_root / name) for name in files},
        }
        partial = Path(work) / destination.name
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
            archive.add(data, DATA, recursive=False)
            for name in files:
                archive.add(media_root / name, f"{MEDIA}/{name.as_posix()}", recursive=False)
        partial.chmod(0o600)  # it holds password hashes, sessions and API tokens
        shutil.move(partial, destination)
    manifest["path"] = destination
    return manifest


def _version() -> str:
    """The installed gongjian version, for the operator reading a manifest (restores check migrations, not this)."""
    try:
        return metadata.version("gongjian")
    except metadata.PackageNotFoundError:
        return "unknown"


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(content), int(dt.datetime.now(dt.UTC).timestamp()), 0o644
    archive.addfile(info, io.BytesIO(content))


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, AttributeError) as error:
        raise BackupError(_("备份文件中没有可读的清单（manifest.json），不是本系统的备份。")) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("备份格式版本 %(found)s 不受支持（本系统为 %(ours)s）。")
            % {"found": manifest.get("format"), "ours": FORMAT}
        )
    return manifest


def database_is_empty(using: str = DEFAULT_DB_ALIAS) -> bool:
    """No table holds a row other than what `migrate` makes by itself."""
    return not any(
        model._base_manager.using(using).exists() for model in tables() if model._meta.label not in MADE_BY_MIGRATE
    )


def _extract(archive: tarfile.TarFile, manifest: dict, staging: Path) -> None:
    """Unpack every member into `staging`, refusing unknown or unsafe names and any file whose checksum differs."""
    expected = dict(manifest["checksums"])
    for member in archive.getmembers():
        if member.name == MANIFEST:
            continue
        path = PurePosixPath(member.name)
        if member.name not in expected or not member.isfile() or path.is_absolute() or ".." in path.parts:
            raise BackupError(_("备份文件中有清单未列出的条目「%(name)s」，已停止恢复。") % {"name": member.name})
        target = staging / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        os.utime(target, (member.mtime, member.mtime))  # the cleanup of import files goes by modification time
        if _sha256(target) != expected.pop(member.name):
            message = _("备份文件中「%(name)s」的校验和不符，文件已损坏，未做任何恢复。")
            raise BackupError(message % {"name": member.name})
    if expected:
        raise BackupError(
            _("备份文件缺少 %(count)d 个条目（如「%(name)s」），未做任何恢复。")
            % {"count": len(expected), "name": next(iter(expected))}
        )


def _load_tables(data: Path, using: str) -> dict[str, int]:
    """Insert every row of `data` as it was (raw inserts: no auto_now, no signals); return rows per table."""
    counts: dict[str, int] = {}
    model, fields, batch = None, [], []

    def flush():
        if batch:
            model._base_manager.using(using)._insert(batch, fields=fields, raw=True, using=using)
            counts[model._meta.label] += len(batch)
            batch.clear()

    with data.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if isinstance(item, dict):
                flush()
                try:
                    model = apps.get_model(item["table"])
                except LookupError as error:
                    raise BackupError(_("本系统没有备份中的表 %(table)s。") % {"table": item["table"]}) from error
                by_name = {f.attname: f for f in columns(model)}
                if set(item["columns"]) != set(by_name):
                    raise BackupError(_("表 %(table)s 的列与本系统不一致，无法恢复。") % {"table": item["table"]})
                fields = [by_name[name] for name in item["columns"]]
                counts[model._meta.label] = 0
                continue
            values = {f.attname: None if v is None else f.to_python(v) for f, v in zip(fields, item, strict=True)}
            batch.append(model(**values))
            if len(batch) >= BATCH:
                flush()
        flush()
    return counts


def _open(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(_("无法读取备份文件「%(path)s」：%(error)s") % {"path": source, "error": error}) from error


def verify_backup(source: Path) -> dict:
    """Read the whole archive and check every member against the manifest, changing nothing; return the manifest."""
    with _open(source) as archive, tempfile.TemporaryDirectory(prefix="gongjian-verify-") as work:
        manifest = read_manifest(archive)
        _extract(archive, manifest, Path(work))
    return manifest


def restore_backup(source: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreOutcome:
    """Replace the database and MEDIA_ROOT by the archive's; refuses a non-empty system unless `force`.

    Everything is checked before anything is changed (manifest, migrations, checksums); the rows are written in
    one transaction and counted before it commits; the files already in MEDIA_ROOT are moved aside, not deleted.
    """
    media_root = Path(settings.MEDIA_ROOT)
    connection = connections[using]
    with _open(source) as archive:
        manifest = read_manifest(archive)
        ours = applied_migrations(using)
        if manifest["migrations"] != ours:
            missing = [".".join(m) for m in manifest["migrations"] if m not in ours]
            extra = [".".join(m) for m in ours if m not in manifest["migrations"]]
            raise BackupError(
                _(
                    "备份与本数据库的迁移状态不一致（本库缺少：%(missing)s；备份缺少：%(extra)s）。"
                    "请先用与备份相同版本的程序执行 gongjian migrate。"
                )
                % {"missing": "、".join(missing) or "-", "extra": "、".join(extra) or "-"}
            )
        if not force and (not database_is_empty(using) or media_files(media_root)):
            raise BackupError(_("目标数据库或上传文件目录不是空的；确认要覆盖时请加 --force。"))
        media_root.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
            staging = Path(work)
            _extract(archive, manifest, staging)
            outcome = RestoreOutcome()
            with transaction.atomic(using=using):
                _empty_tables(connection)
                outcome.counts = _load_tables(staging / DATA, using)
                _reset_sequences(connection)
                connection.check_constraints(table_names=[m._meta.db_table for m in tables()])
                actual = {m._meta.label: m._base_manager.using(using).count() for m in tables()}
                if actual != manifest["counts"] or outcome.counts != manifest["counts"]:
                    wrong = sorted(k for k in manifest["counts"] if actual.get(k) != manifest["counts"][k])
                    raise BackupError(
                        _("恢复后行数与备份清单不符（%(tables)s），已全部撤销。")
                        % {"tables": "、".join(wrong) or _("表的集合不同")}
                    )
            outcome.files, outcome.moved_aside = _replace_media(staging / MEDIA, media_root)
    return outcome


def _empty_tables(connection) -> None:
    """Delete every row of every table inside the restore's transaction (rolled back if the restore fails)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # TRUNCATE refuses tables with deferred foreign-key checks pending; run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    statements = connection.ops.sql_flush(
        no_style(), [m._meta.db_table for m in tables()], reset_sequences=False, allow_cascade=False
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _reset_sequences(connection) -> None:
    """On PostgreSQL, make the next generated keys follow the restored ones."""
    statements = connection.ops.sequence_reset_sql(no_style(), tables())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _replace_media(staged: Path, media_root: Path) -> tuple[int, Path | None]:
    """Put the archive's files in MEDIA_ROOT; whatever was there is moved to a dated folder beside it."""
    moved_aside = None
    if media_root.is_dir() and any(media_root.iterdir()):
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        moved_aside = media_root.parent / f"{media_root.name}-before-restore-{stamp}"
        moved_aside.mkdir()
        for entry in list(media_root.iterdir()):
            shutil.move(entry, moved_aside / entry.name)
    media_root.mkdir(parents=True, exist_ok=True)
    count = 0
    if staged.is_dir():
        for entry in staged.iterdir():
            shutil.move(entry, media_root / entry.name)
        count = len(media_files(media_root))
    return count, moved_aside
