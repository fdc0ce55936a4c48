"""Error cells and hostile files through the project import, on the command line's function and on the web page.

An error cell is rejected by row and header, never imported as a blank; a hostile upload is refused on the form
with a clear message (400, not 500) and the worker goes on serving the next upload.
"""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.importing import import_projects
from projects.models import Project
from projects.testing import make_project

pytestmark = pytest.mark.django_db

HEADER = ["项目名称", "建设单位", "县区", "总投资", "计划开工"]


def workbook(rows, name="list.xlsx") -> io.BytesIO:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = name
    return data


@pytest.fixture(autouse=True)
def inline_jobs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_error_cells_are_rejected_by_row_and_header_never_blank():
    existing = make_project(name="港区泊位改造项目", owner="营口港务集团", region="210804")
    before = existing.total_investment
    rows = [
        HEADER,
        ["港区泊位改造项目", "营口港务集团", "鲅鱼圈区", "#DIV/0!", "2024-03-01"],
        ["镁材料项目", "营口镁业有限公司", "鲅鱼圈区", "=B9*2", "2024-03-01"],
        ["#N/A", "营口温泉文旅有限公司", "鲅鱼圈区", 100, "2024-03-01"],
        ["仓储物流项目", "营口物流有限公司", "#REF!", 100, "#VALUE!"],
        ["康养项目", "营口康养有限公司", "鲅鱼圈区", 300, "2024-05-01"],
    ]
    result = import_projects(workbook(rows), valid_rows_only=True)
    messages = [str(error) for error in result.errors]
    assert "第 2 行「总投资」列：单元格是 Excel 错误值 #DIV/0!，请改正公式或填写数值。" in messages
    assert any(m.startswith("第 3 行「总投资」列：单元格是公式（=B9*2），但文件中没有保存计算结果") for m in messages)
    assert "第 4 行「项目名称」列：单元格是 Excel 错误值 #N/A，请改正公式或填写数值。" in messages
    assert "第 5 行「县区」列：单元格是 Excel 错误值 #REF!，请改正公式或填写数值。" in messages
    assert "第 5 行「计划开工」列：单元格是 Excel 错误值 #VALUE!，请改正公式或填写数值。" in messages
    assert result.rejected == 4 and result.created == 1
    existing.refresh_from_db()
    assert existing.total_investment == before  # not cleared, not zeroed
    assert Project.objects.filter(name="康养项目").exists()


def test_error_cells_written_as_text_in_a_csv_are_errors_too():
    text = "项目名称,建设单位,县区,总投资\n港区项目,营口港务集团,鲅鱼圈区,#DIV/0!\n"
    data = io.BytesIO(text.encode("gb18030"))
    data.name = "list.csv"
    result = import_projects(data)
    assert [str(error) for error in result.errors] == [
        "第 2 行「总投资」列：单元格是 Excel 错误值 #DIV/0!，请改正公式或填写数值。"
    ]
    assert not result.written


def test_an_error_cell_is_not_hidden_by_a_value_map_catch_all():
    mapping = '[values.region]\n"*" = "210800"\n'
    rows = [HEADER, ["港区项目", "营口港务集团", "#N/A", 100, "2024-03-01"]]
    result = import_projects(workbook(rows), mapping=mapping)
    assert [error.column for error in result.errors] == ["县区"]


def post(client, name, data, **extra):
    return client.post(reverse("projects:import"), {"file": SimpleUploadedFile(name, data), **extra})


def crashing_workbook() -> bytes:
    """A cell at XFD1048576 and no <dimension>: calamine aborts on it (in its child process)."""
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    wb.active["XFD1048576"] = 1
    source, target = io.BytesIO(), io.BytesIO()
    wb.save(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            content = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb"<dimension[^>]*/>", b"", content)
            new.writestr(item, content)
    return target.getvalue()


def bomb() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x20" * (40 * 2**20))
    return data.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("crash.xlsx", crashing_workbook(), "读取程序在解析该文件时异常退出"),
        ("bomb.xlsx", bomb(), "疑似压缩炸弹"),
        ("page.xls", b"<html><table><tr><td>a</td></tr></table></html>", "网页（HTML/XML）格式"),
        ("empty.xlsx", b"", None),  # Django's own form message for an empty upload
        ("garbage.xlsx", bytes(range(256)) * 20, "不是有效的 Excel/CSV 文件"),
        ("truncated.xlsx", workbook([HEADER]).getvalue()[:2000], "文件不完整或已损坏"),
    ],
    ids=["reader-crash", "zip-bomb", "html-as-xls", "empty", "garbage", "truncated"],
)
def test_hostile_uploads_are_refused_on_the_form_and_the_worker_goes_on(login, name, data, message):
    client = login("admin")
    response = post(client, name, data)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["file"])
    assert message is None or message in errors, errors
    assert not re.search(r"[A-Za-z]{5,}", re.sub(r"Excel|HTML|XML|WPS|CSV|\.[a-z]{3,4}\b", "", errors)), errors
    following = post(
        client, "good.xlsx", workbook([HEADER, ["港区项目", "营口港务集团", "鲅鱼圈区", 1, None]]).getvalue()
    )
    assert following.status_code == 302


def test_an_oversized_upload_gets_a_form_error_not_a_500(login, settings):
    settings.GONGJIAN_MAX_UPLOAD_MB = 0.01  # about 10 KB
    client = login("admin")
    big = workbook([HEADER] + [[f"项目{i}", "某公司", "鲅鱼圈区", i, None] for i in range(3000)]).getvalue()
    assert len(big) > 10_486
    response = post(client, "big.xlsx", big)
    assert response.status_code == 400
    assert "超过上传上限 10.2\xa0KB" in " ".join(response.context["form"].errors["file"])
    mapping = SimpleUploadedFile("m.toml", b"#" * 20_000)
    response = post(client, "small.xlsx", workbook([HEADER]).getvalue(), mapping=mapping)
    assert response.status_code == 400 and "超过上传上限" in " ".join(response.context["form"].errors["mapping"])
