"""The web import through the database task backend: the page queues the step, `gongjian db_worker` runs it and
the page reads the outcome from the task's state and the job's progress row (on SQLite and PostgreSQL)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.urls import reverse
from django_tasks import TaskResultStatus, default_task_backend

from core.testing import user_for
from projects.importing import jobs
from projects.models import ImportProgress, Project

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits, as it does in production


@pytest.fixture(scope="module", autouse=True)
def _restore(restore_reference_data):
    """These tests are transactional; the reference data is loaded again after the module."""


@pytest.fixture(autouse=True)
def database_tasks(settings, tmp_path, reference_data):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": settings.TASKS_BACKENDS["database"]}}


def workbook(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("district.xlsx", data.getvalue())


def run_worker() -> None:
    """One pass of the worker: every queued task, then exit."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def task_state(job):
    return default_task_backend.get_result(ImportProgress.objects.get(job=job.id).task_result_id)


def test_the_worker_runs_the_check_and_the_import_the_page_queued(client):
    rows = [["项目名称", "建设单位", "县区", "总投资（万元）", "项目阶段"]]
    rows += [[f"鲅鱼圈区物流园{i}号项目", "营口港务集团", "鲅鱼圈区", 1000 + i, "前期"] for i in range(1, 4)]
    rows.append(["坏金额项目", "某公司", "鲅鱼圈区", "很多", "前期"])
    client.force_login(user_for("admin"))
    job = jobs.ImportJob.create(user_for("admin"), workbook(rows))
    job.meta["valid_rows_only"] = True
    job.save()

    job.start(jobs.PREVIEW)
    assert task_state(job).status == TaskResultStatus.READY
    status = client.get(reverse("projects:import_status", args=[job.id]))
    assert status.status_code == 200 and "等候后台任务进程" in status.content.decode()  # queued, no worker yet

    run_worker()
    state = task_state(job)
    assert state.status == TaskResultStatus.SUCCESSFUL
    assert (state.return_value["result"]["created"], state.return_value["result"]["rejected"]) == (3, 1)
    assert job.progress()["finished"] and job.result(jobs.PREVIEW).dry_run
    done = client.get(reverse("projects:import_status", args=[job.id]))
    assert done["HX-Redirect"] == reverse("projects:import_preview", args=[job.id])
    assert not Project.objects.exists()

    job.start(jobs.COMMIT)
    assert not job.progress()["finished"]
    run_worker()
    assert task_state(job).status == TaskResultStatus.SUCCESSFUL
    finished = {"task": "commit", "done": 1, "total": 1, "phase": "完成", "finished": True}
    assert job.imported and job.progress() == finished
    assert sorted(Project.objects.values_list("total_investment", flat=True)) == [1001, 1002, 1003]


def test_a_task_that_fails_outside_the_import_ends_the_wait_with_a_message(client):
    rows = [["项目名称", "建设单位", "县区", "总投资（万元）", "项目阶段"], ["甲项目", "某公司", "鲅鱼圈区", 1, "前期"]]
    job = jobs.ImportJob.create(user_for("admin"), workbook(rows))
    job.start(jobs.PREVIEW)
    job.meta["user_id"] = 0  # the uploader's account is gone by the time the worker gets to the job
    job.save()
    run_worker()
    assert task_state(job).status == TaskResultStatus.FAILED
    assert job.progress()["finished"]
    assert "后台任务失败" in job.read(jobs.PREVIEW)["failure"]


def test_progress_written_during_the_imports_transaction_is_seen_at_once_on_postgresql():
    ImportProgress.objects.create(job="a" * 32, task="commit")
    with transaction.atomic():  # as the import holds its transaction while it writes
        jobs._write_progress("a" * 32, done=500, total=2000, phase="检查")
        other = connections.create_connection(DEFAULT_DB_ALIAS)  # the polling page's connection
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT done, total FROM projects_importprogress WHERE job = %s", ["a" * 32])
                seen = cursor.fetchone()
        finally:
            other.close()
    # SQLite: the import holds the only write lock, so the bar waits for the end rather than the import for it.
    assert seen == ((500, 2000) if connection.vendor == "postgresql" else (0, 0))
