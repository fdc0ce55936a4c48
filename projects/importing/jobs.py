"""Web import jobs: the uploaded file and the chosen mapping in a folder per job, the work in a background task.

The upload, the mapping (`meta.json`) and the outcomes (`preview.json`, `commit.json`) stay in a folder under
MEDIA_ROOT/imports/<id>/, next to the file they describe, and `gongjian cleanup` removes the whole folder. The check
(preview, a dry run) and the import itself run as a task of Django's task framework (`run_import_step`, picked up
by `gongjian db_worker`); the page polls the task's state and the job's `ImportProgress` row.

While the import writes, it holds one transaction: its own progress writes would not be seen before the end. On
PostgreSQL they go through a second connection and show live; on SQLite the import holds the database's write
lock, so during the write phase the bar stands at the last committed figure (the check's) until the end.
"""

import datetime as dt
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

from core.importing.mapping import Mapping, load_mapping
from core.importing.results import CONFIRMABLE, ImportFailed, ImportResult
from core.models import User
from core.permissions import VIEW, reaches_owned
from projects.importing.fields import project_fields
from projects.importing.importer import import_projects
from projects.models import ImportProgress
from projects.policy import IMPORT_JOB

# How long an import's folder is kept after it was last touched (`gongjian cleanup` and each new upload remove
# older ones): a week once imported, as a record of what came in; a day for an upload that was rejected or never
# imported. The cleanup command's options override both.
KEEP_DAYS = 7
ABANDONED_HOURS = 24
PREVIEW, COMMIT = "preview", "commit"
logger = logging.getLogger(__name__)


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
    """One web import: `meta.json` (who, file, mapping, mode), `preview.json` and `commit.json` (the outcomes) in
    its folder, and an `ImportProgress` row while a step runs."""

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
        """Queue the preview (a dry run) or the import as a background task; the page then polls `progress()`."""
        (self.folder / f"{task}.json").unlink(missing_ok=True)
        ImportProgress.objects.update_or_create(
            job=self.id,
            defaults={"task": task, "task_result_id": "", "done": 0, "total": 0, "phase": _("排队"), "finished": False},
        )
        # With the immediate backend (tests) the step has run by the time enqueue() returns.
        result = run_import_step.enqueue(self.id, task)
        ImportProgress.objects.filter(job=self.id, task=task).update(task_result_id=str(result.id))

    def progress(self) -> dict:
        """Where the current step stands: its progress row, finished also when its task failed outside `run()`
        (the job's user deleted, the worker's code broken), so the page does not wait for ever."""
        row = ImportProgress.objects.filter(job=self.id).first()
        if row is None:
            return {}
        if not row.finished and row.task_result_id:
            try:
                state = default_task_backend.get_result(row.task_result_id)
            except (TaskResultDoesNotExist, NotImplementedError):
                state = None
            if state is not None and state.status == TaskResultStatus.FAILED:
                error = state.errors[-1].exception_class_path if state.errors else ""
                self.write(row.task, {"task": row.task, "failure": _("后台任务失败：%(error)s") % {"error": error}})
                row.finished, row.phase = True, _("失败")
                row.save(update_fields=["finished", "phase", "updated"])
            elif state is not None and state.status == TaskResultStatus.READY:
                row.phase = _("排队（等候后台任务进程）")
        return row.as_dict()

    def run(self, task: str) -> dict:
        """Do the work and leave its outcome in `<task>.json`; errors are recorded for the clerk, never lost."""
        user = User.objects.get(pk=self.meta["user_id"])
        last = [0.0]

        def progress(done: int, total: int, phase: str) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.5 or done == total:
                last[0] = now
                _write_progress(self.id, done=done, total=total, phase=phase)

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
        except Exception as error:  # shown to the clerk instead of dying silently in the worker
            logger.exception("import job %s (%s) failed", self.id, task)
            outcome["failure"] = _("导入出错：%(error)s") % {"error": error}
        self.write(task, outcome)
        ImportProgress.objects.filter(job=self.id).update(
            done=1, total=1, phase=_("完成"), finished=True, updated=timezone.now()
        )
        return outcome


def _write_progress(job_id: str, **values) -> None:
    """Record how far a step got where the polling page can see it now, not only when the import commits (the
    time of the last progress also keeps the cleanup away from a step under way)."""
    values["updated"] = timezone.now()
    if not connection.in_atomic_block:
        ImportProgress.objects.filter(job=job_id).update(**values)
    elif connection.vendor != "sqlite":  # SQLite: the import's transaction holds the only write lock
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportProgress._meta.db_table} SET done = %s, total = %s, phase = %s, updated = %s"
                    " WHERE job = %s",
                    [values["done"], values["total"], values["phase"], values["updated"], job_id],
                )
        finally:
            other.close()


@task()
def run_import_step(job_id: str, step: str) -> dict:
    """The background task of a web import: the preview (dry run) or the import of job `job_id`; returns the
    counts (or the failure) also written to the job's folder."""
    job = ImportJob(_root() / job_id, {})
    job.meta = json.loads((job.folder / "meta.json").read_text(encoding="utf-8"))
    outcome = job.run(step)
    summary = {"task": step, "result": outcome.get("result"), "failure": outcome.get("failure")}
    return json.loads(json.dumps(summary, default=_json_default))  # a task's return value must be plain JSON


@dataclass
class StaleJob:
    """An import folder removed (or, in a dry run, to be removed) by the cleanup."""

    job_id: str
    imported: bool
    idle_hours: float


def remove_stale_jobs(
    *,
    keep_days: float = KEEP_DAYS,
    abandoned_hours: float = ABANDONED_HOURS,
    now: float | None = None,
    dry_run: bool = False,
) -> list[StaleJob]:
    """Delete the folders of imports idle longer than `keep_days`, and of rejected or abandoned ones (never
    imported, or without readable metadata) idle longer than `abandoned_hours`; idle time counts from the newest
    file or from the last progress of a step still running, so an import under way is never touched."""
    now = time.time() if now is None else now
    removed = []
    folders = sorted(_root().iterdir()) if _root().is_dir() else []
    running = {
        job: updated.timestamp()
        for job, updated in ImportProgress.objects.filter(finished=False).values_list("job", "updated")
    }
    for folder in folders:
        if not folder.is_dir():
            continue
        try:
            times = [folder.stat().st_mtime, *(path.stat().st_mtime for path in folder.rglob("*"))]
            newest = max([*times, running.get(folder.name, 0)])
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
    if removed and not dry_run:
        ImportProgress.objects.filter(job__in=[job.job_id for job in removed]).delete()
    return removed


def cleanup_import_files() -> str:
    """The daily scheduled job (core.tasks): what `gongjian cleanup` does with its default ages."""
    removed = remove_stale_jobs()
    return f"removed {len(removed)} import folder(s)"
