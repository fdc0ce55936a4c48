"""The deadline rush on PostgreSQL: 20+ clerks editing and submitting one district's month at the same moment.

No update may be lost: every save the server confirmed is in the history under its own version, a stale edit is
refused with the conflict message, and nobody sees a server error.
"""

import datetime as dt
import io
import re
import threading
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.testing import user_for
from projects.testing import make_project
from scheduling.choices import ReportStatus
from scheduling.models import MonthlyReport

CLIENTS = 24
MONTH = "2024-05"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrency is proven on PostgreSQL"),
]


@pytest.fixture(scope="module", autouse=True)
def _restore(restore_reference_data):
    """These tests are transactional; the reference data is loaded again after the module."""


def run_together(work, count=CLIENTS):
    """Run `work(i)` in `count` threads released at the same instant; return their results in order."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def runner(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001  (reported by the test, not lost in the thread)
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def clerk_client():
    client = Client()
    client.force_login(user_for("byq"))
    return client


def post_row(client, project, amount, version):
    url = reverse("scheduling:month_row", args=["210804", MONTH, project.pk])
    data = {"month_amount": str(amount), "site_status": "working", "version": version}
    return client.post(url, data)


def test_concurrent_edits_of_one_report_lose_nothing(reference_data):
    project = make_project(stage="continuing", actual_start=dt.date(2023, 1, 1), region="210804")
    clients = [clerk_client() for _ in range(CLIENTS)]
    first = post_row(clients[0], project, 1, "")
    assert first.status_code == 200
    loaded = MonthlyReport.objects.get(project=project).version  # every clerk opened the page at this version

    responses = run_together(lambda i: post_row(clients[i], project, 100 + i, loaded))

    assert all(r.status_code in (200, 409) for r in responses), [r.status_code for r in responses]
    saved = [i for i, r in enumerate(responses) if r.status_code == 200]
    refused = [r for r in responses if r.status_code == 409]
    assert len(saved) == 1, "exactly one of the clerks who loaded the same version may save"
    assert all("已被他人修改" in r.content.decode() for r in refused)
    report = MonthlyReport.objects.get(project=project)
    assert report.month_amount == D(100 + saved[0]) and report.version == loaded + 1


def test_first_saves_of_a_never_saved_row_lose_nothing(reference_data):
    """N clerks open the month before anyone saved the row and all press save at once: one wins, the rest conflict."""
    project = make_project(stage="continuing", actual_start=dt.date(2023, 1, 1), region="210804")
    clients = [clerk_client() for _ in range(CLIENTS)]

    responses = run_together(lambda i: post_row(clients[i], project, 100 + i, 0))

    failures = [r for r in responses if isinstance(r, Exception)]
    assert not failures, failures  # an IntegrityError of the unique (project, period) would surface here
    assert all(r.status_code in (200, 409) for r in responses), [r.status_code for r in responses]
    saved = [i for i, r in enumerate(responses) if r.status_code == 200]
    assert len(saved) == 1, "exactly one first save may win"
    assert "已保存（第 1 版）" in responses[saved[0]].content.decode()
    refused = [r for r in responses if r.status_code == 409]
    assert len(refused) == CLIENTS - 1 and all("已被他人修改" in r.content.decode() for r in refused)
    report = MonthlyReport.objects.get(project=project)
    assert report.month_amount == D(100 + saved[0]) and report.version == 1
    assert report.history.count() == 1


def test_template_rows_uploaded_at_once_from_the_same_download(reference_data, tmp_path):
    """Clerks upload copies of one download, each with their own figure for the same row: one wins, no 500."""
    from openpyxl import load_workbook

    from scheduling.spreadsheets import BY_KEY, COLUMNS, FIRST_DATA_ROW, import_month_workbook, month_template_bytes

    project = make_project(stage="continuing", actual_start=dt.date(2023, 1, 1), region="210804", name="同时上传项目")
    clerk = user_for("byq")
    count = 8
    template = month_template_bytes(clerk, project.region, dt.date(2024, 5, 1))
    column = COLUMNS.index(BY_KEY["month_amount"]) + 1
    paths = []
    for i in range(count):
        workbook = load_workbook(io.BytesIO(template))
        sheet = workbook.worksheets[0]
        sheet.cell(FIRST_DATA_ROW, column, 500 + i)
        paths.append(tmp_path / f"copy{i}.xlsx")
        workbook.save(paths[-1])

    results = run_together(
        lambda i: import_month_workbook(clerk, paths[i], region="210804", period="2024-05"), count=count
    )

    failures = [r for r in results if isinstance(r, Exception)]
    assert not failures, failures
    written = [i for i, r in enumerate(results) if r.written]
    assert len(written) == 1, [(r.written, r.errors) for r in results]
    assert all("已被他人修改" in r.errors[0].reason for i, r in enumerate(results) if i not in written)
    assert MonthlyReport.objects.get(project=project).month_amount == D(500 + written[0])


def test_rush_of_edits_and_submissions_on_one_district_month(reference_data):
    projects = [
        make_project(stage="continuing", actual_start=dt.date(2023, 1, 1), region="210804", name=f"赶工项目{i}")
        for i in range(6)
    ]
    clients = [clerk_client() for _ in range(CLIENTS)]
    submit_url = reverse("scheduling:month_submit", args=["210804", MONTH])

    def work(i):
        """Each clerk saves figures for one project, retrying with the fresh version on conflict; some submit."""
        client, project = clients[i], projects[i % len(projects)]
        confirmed = []
        for attempt in range(8):
            report = MonthlyReport.objects.filter(project=project, period=dt.date(2024, 5, 1)).first()
            version = report.version if report else 0
            amount = D(1000 * i + attempt)
            response = post_row(client, project, amount, version)
            assert response.status_code in (200, 409), response.status_code
            match = re.search(r"已保存（第 (\d+) 版）", response.content.decode())
            if match:
                confirmed.append((project.pk, int(match.group(1)), amount))
                break
            if "已报送" in response.content.decode():
                break  # the month went to the city meanwhile: a clear refusal, not an error
        if i % 6 == 5:
            response = client.post(submit_url)
            assert response.status_code == 302, response.status_code
        return confirmed

    results = run_together(work)
    failures = [r for r in results if isinstance(r, Exception)]
    assert not failures, failures
    confirmed = [entry for result in results for entry in result]
    assert confirmed, "some saves must succeed"
    for project in projects:
        report = MonthlyReport.objects.filter(project=project).first()
        if report is None:
            continue
        versions = {h.version: h.month_amount for h in report.history.all()}
        mine = [(v, a) for pk, v, a in confirmed if pk == project.pk]
        assert len({v for v, _ in mine}) == len(mine), "two saves confirmed under the same version: a lost update"
        for version, amount in mine:
            assert versions.get(version) == amount, "a confirmed save is missing from the history"
        assert report.status in (ReportStatus.DRAFT, ReportStatus.SUBMITTED)
