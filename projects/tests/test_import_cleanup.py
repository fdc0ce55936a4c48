"""`gongjian cleanup` removes old import files and rejected or abandoned uploads, and nothing still in use."""

import io
import os
import re
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from core.testing import user_for
from projects.importing import jobs
from projects.models import ImportProgress

pytestmark = pytest.mark.django_db
HOUR = 3600


@pytest.fixture(autouse=True)
def inline_jobs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def workbook(name="district.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.active.append(["项目名称", "建设单位", "县区", "总投资（万元）", "项目阶段"])
    book.active.append(["鲅鱼圈港区泊位改造项目", "营口港务集团", "鲅鱼圈区", 25000, "前期"])
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile(name, data.getvalue())


def idle(job: jobs.ImportJob, hours: float) -> None:
    """Make every file of the job look untouched for `hours`."""
    then = time.time() - hours * HOUR
    for path in [job.folder, *job.folder.rglob("*")]:
        os.utime(path, (then, then))


def test_cleanup_removes_old_imports_and_rejected_or_abandoned_uploads():
    admin = user_for("admin")
    imported = jobs.ImportJob.create(admin, workbook())
    imported.start(jobs.COMMIT)
    assert imported.imported, imported.read(jobs.COMMIT)
    rejected = jobs.ImportJob.create(admin, SimpleUploadedFile("broken.xlsx", b"not a workbook"))
    rejected.start(jobs.PREVIEW)
    assert "failure" in rejected.read(jobs.PREVIEW) and not rejected.imported
    abandoned = jobs.ImportJob.create(admin, workbook())
    recent_upload = jobs.ImportJob.create(admin, workbook())
    recent_import = jobs.ImportJob.create(admin, workbook())
    recent_import.start(jobs.COMMIT)

    idle(imported, 8 * 24)
    idle(rejected, 25)
    idle(abandoned, 30)
    idle(recent_upload, 2)
    idle(recent_import, 6 * 24)

    out = io.StringIO()
    call_command("cleanup", "--dry-run", stdout=out)
    assert "would remove 3 import folder(s)" in out.getvalue()
    assert all(job.folder.exists() for job in (imported, rejected, abandoned))

    call_command("cleanup", stdout=io.StringIO())
    assert not any(job.folder.exists() for job in (imported, rejected, abandoned))
    assert recent_upload.upload.exists() and recent_import.upload.exists()

    # The ages are the operator's to choose.
    call_command("cleanup", "--abandoned-hours", "1", "--keep-days", "5", stdout=io.StringIO())
    assert not recent_upload.folder.exists() and not recent_import.folder.exists()


def test_stored_upload_names_cannot_be_guessed():
    job = jobs.ImportJob.create(user_for("byq"), workbook("鲅鱼圈区 2024年 重点项目.xlsx"))
    assert re.fullmatch("[0-9a-f]{32}", job.id) and job.upload.name == "upload.xlsx"  # uuid4: 122 random bits
    assert job.filename == "鲅鱼圈区 2024年 重点项目.xlsx"  # kept only in meta.json, for the pages


def test_the_daily_scheduled_job_cleans_up_as_the_command_does():
    from core import tasks

    job = next(job for job in tasks.scheduled_jobs() if job.name == "projects.import_cleanup")
    function = job.function
    assert job.schedule == tasks.DAILY
    registered = getattr(function, "dotted_path", None)
    assert function is jobs.cleanup_import_files or registered == "projects.importing.jobs.cleanup_import_files"
    abandoned = jobs.ImportJob.create(user_for("admin"), workbook())
    recent = jobs.ImportJob.create(user_for("admin"), workbook())
    idle(abandoned, 30)
    out = io.StringIO()
    call_command("tasks", "run-due", stdout=out)
    assert "projects.import_cleanup [" in out.getvalue() and "ok removed 1 import folder(s)" in out.getvalue()
    assert not abandoned.folder.exists() and recent.upload.exists()


def test_a_step_still_running_keeps_its_folder():
    job = jobs.ImportJob.create(user_for("admin"), workbook())
    idle(job, 30)  # its files untouched for a day, but its check is running (progress written just now)
    ImportProgress.objects.create(job=job.id, task=jobs.PREVIEW, done=10, total=100)
    assert jobs.remove_stale_jobs() == [] and job.folder.exists()
    ImportProgress.objects.filter(job=job.id).update(finished=True)
    assert [stale.job_id for stale in jobs.remove_stale_jobs()] == [job.id]
    assert not ImportProgress.objects.filter(job=job.id).exists()
