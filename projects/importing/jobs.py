"""Web import jobs: the uploaded file, the chosen mapping, progress and results, kept in a folder per job.

A job lives in files under MEDIA_ROOT/imports/<id>/ rather than in a table: while an import writes, SQLite holds
the database's write lock for the whole transaction, so progress written to a table could not be seen (or even
written) until the end. Files can be read by any worker process on the host while the import runs. The check
(preview) and the import itself run on a background thread, and the page polls the progress every second.
"""

import datetime as dt
import json
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.translation import gettext as _

from core.importing.mapping import Mapping, load_mapping
from core.importing.results import CONFIRMABLE, ImportFailed, ImportResult
from core.models import User
from core.permissions import VIEW, reaches_owned
from projects.importing.fields import project_fields
from projects.importing.importer import import_projects
from projects.policy import IMPORT_JOB

# How long an import's folder is kept after it was last touched (`gongjian cleanup` and each new upload remove
# older ones): a week once imported, as a record of what came in; a day for an upload that was rejected or never
# imported. The cleanup command's options override both.
KEEP_DAYS = 7
ABANDONED_HOURS = 24
PREVIEW, COMMIT = "preview", "commit"
# Tests set this to False so the work happens inside the request (and inside the test's transaction).
RUN_IN_BACKGROUND = True


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _write_json(path: Path, data) -> None:
    """Replace a JSON file in one step, so a poll never reads half of it."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, default=_json_default), encoding="utf-8")
    os.replace(temporary, path)


def _json_default(value):
    if isinstance(value, Decimal | dt.date):
        return str(value)
    raise TypeError(type(value))


class ImportJob:
    """One web import: `meta.json` (who, file, mapping, mode), `progress.json`, `preview.json`, `result.json`."""

    def __init__(self, folder: Path, meta: dict):
        self.folder = folder
        self.meta = meta

    @property
    def id(self) -> str:
        return self.folder.name

    @classmethod
    def create(cls, user, uploaded, *, sheet: str = "", mapping_text: str = "") -> "ImportJob":
        """Store an upload for `user`; old jobs are cleared out on the way."""
        cls.clear_old()
        folder = _root() / uuid.uuid4().hex
        folder.mkdir(parents=True)
        name = Path(uploaded.name).name
        with (folder / ("upload" + Path(name).suffix.lower())).open("wb") as target:
            for chunk in uploaded.chunks():
                target.write(chunk)
        meta = {
            "user_id": user.pk,
            "filename": name,
            "sheet": sheet,
            "mapping": mapping_text,
            "mapping_uploaded": bool(mapping_text.strip()),  # an uploaded mapping is used as it is
        }
        job = cls(folder, meta)
        job.save()
        return job

    @classmethod
    def load(cls, job_id: str, user) -> "ImportJob | None":
        """The job, if it exists and belongs to `user` (jobs are private to whoever uploaded them)."""
        if not job_id.isalnum():
            return None
        folder = _root() / job_id
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(folder, meta) if reaches_owned(user, IMPORT_JOB, VIEW, meta.get("user_id")) else None

    @classmethod
    def clear_old(cls) -> None:
        remove_stale_jobs()

    def save(self) -> None:
        _write_json(self.folder / "meta.json", self.meta)

    @property
    def imported(self) -> bool:
        """Whether the import itself ran to a result (as opposed to a rejected file or an unfinished upload)."""
        outcome = self.read(COMMIT)
        return bool(outcome and outcome.get("result"))

    @property
    def upload(self) -> Path:
        return next(self.folder.glob("upload.*"))

    @property
    def filename(self) -> str:
        return self.meta["filename"]

    @property
    def sheet(self) -> str | None:
        return self.meta.get("sheet") or None

    @property
    def valid_rows_only(self) -> bool:
        return bool(self.meta.get("valid_rows_only"))

    def mapping(self) -> Mapping:
        text = self.meta.get("mapping") or ""
        return load_mapping(text, project_fields()) if text.strip() else Mapping()

    def read(self, name: str) -> dict | None:
        try:
            return json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write(self, name: str, data: dict) -> None:
        _write_json(self.folder / f"{name}.json", data)

    def result(self, name: str) -> ImportResult | None:
        data = self.read(name)
        return ImportResult.from_dict(data["result"]) if data and data.get("result") else None

    def start(self, task: str) -> None:
        """Run the preview (a dry run) or the import; in the background unless RUN_IN_BACKGROUND is off."""
        for stale in (task, "progress"):
            (self.folder / f"{stale}.json").unlink(missing_ok=True)
        self.write("progress", {"task": task, "done": 0, "total": 0, "phase": _("排队"), "finished": False})
        if RUN_IN_BACKGROUND:
            threading.Thread(target=self._run_in_thread, args=(task,), name=f"import-{self.id}", daemon=True).start()
        else:
            self.run(task)

    def _run_in_thread(self, task: str) -> None:
        try:
            self.run(task)
        finally:
            connection.close()  # the thread's own connection
            close_old_connections()

    def run(self, task: str) -> None:
        """Do the work and leave its outcome in `<task>.json`; errors are recorded, never lost in a thread."""
        user = User.objects.get(pk=self.meta["user_id"])
        last = [0.0]

        def progress(done: int, total: int, phase: str) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.5 or done == total:
                last[0] = now
                self.write("progress", {"task": task, "done": done, "total": total, "phase": phase, "finished": False})

        sample: list = []
        outcome: dict = {"task": task}
        try:
            result = import_projects(
                self.upload,
                mapping=self.mapping(),
                filename=self.filename,
                sheet=self.sheet,
                user=user,
                dry_run=task == PREVIEW,
                valid_rows_only=self.valid_rows_only,
                progress=progress,
                sample=sample,
                # The preview answers every question with yes, to show what confirming would write; the import
                # itself takes only what the user ticked on the preview page.
                confirm=CONFIRMABLE if task == PREVIEW else self.meta.get("confirm", []),
            )
            outcome["result"] = result.as_dict()
            outcome["sample"] = [{"number": row.number, "pk": row.pk, **row.values} for row in sample]
        except ImportFailed as failure:
            outcome["failure"] = failure.message
        except Exception as error:  # shown to the clerk instead of dying silently in the thread
            outcome["failure"] = _("导入出错：%(error)s") % {"error": error}
            if not RUN_IN_BACKGROUND:
                raise
        self.write(task, outcome)
        self.write("progress", {"task": task, "done": 1, "total": 1, "phase": _("完成"), "finished": True})


@dataclass
class StaleJob:
    """An import folder removed (or, in a dry run, to be removed) by the cleanup."""

    job_id: str
    imported: bool
    idle_hours: float


def remove_stale_jobs(
    *, keep_days: float = KEEP_DAYS, abandoned_hours: float = ABANDONED_HOURS, now: float | None = None,
    dry_run: bool = False,
) -> list[StaleJob]:
    """Delete the folders of imports idle longer than `keep_days`, and of rejected or abandoned ones (never
    imported, or without readable metadata) idle longer than `abandoned_hours`; idle time counts from the newest
    file, so an import still writing its progress is never touched."""
    now = time.time() if now is None else now
    removed = []
    folders = sorted(_root().iterdir()) if _root().is_dir() else []
    for folder in folders:
        if not folder.is_dir():
            continue
        try:
            newest = max([folder.stat().st_mtime, *(path.stat().st_mtime for path in folder.rglob("*"))])
        except OSError:  # removed meanwhile by another worker's cleanup
            continue
        idle_hours = (now - newest) / 3600
        job = ImportJob(folder, {})
        imported = job.imported
        limit = keep_days * 24 if imported else abandoned_hours
        if idle_hours > limit:
            removed.append(StaleJob(folder.name, imported, idle_hours))
            if not dry_run:
                shutil.rmtree(folder, ignore_errors=True)
    return removed
