"""The web import: upload → columns → preview → import, progress polling, modes, permissions and scope."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.testing import user_for
from projects.importing import jobs
from projects.models import ImportProgress, Project

pytestmark = pytest.mark.django_db

ROWS = [
    ["序号", "项目名称", "业主单位", "县区", "总投资（亿元）", "计划开工", "阶段", "备注"],
    [1, "鲅鱼圈港区泊位改造项目", "营口港务集团", "鲅鱼圈区", 2.5, "2024年3月", "前期", "重点"],
    [2, "盖州市镁材料项目", "盖州镁业有限公司", "盖州市", "8000万元", "2024/5/1", "储备", ""],
    [3, "坏金额项目", "某公司", "鲅鱼圈区", "很多", "2024-01-01", "前期", ""],
]


@pytest.fixture(autouse=True)
def inline_jobs(settings, tmp_path):
    """Jobs keep their files in tmp_path (their tasks run inside the request: the immediate backend, conftest.py)."""
    settings.MEDIA_ROOT = tmp_path


def sheet(rows=ROWS, name="district.xlsx"):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    data = io.BytesIO()
    wb.save(data)
    return SimpleUploadedFile(name, data.getvalue())


def upload(client, file=None, **extra):
    response = client.post(reverse("projects:import"), {"file": file or sheet(), **extra})
    assert response.status_code == 302, response.content.decode()
    return response["Location"].split("/")[-3]  # …/import/<job>/columns/


def choose(client, job, mode="valid", **overrides):
    """Post the column page with the preselected choices (read back from the page) and the mode."""
    page = client.get(reverse("projects:import_columns", args=[job])).content.decode()
    data = {"mode": mode}
    for index in range(len(ROWS[0])):
        marker = f'name="column-{index}"'
        block = page[page.index(marker) :].split("</select>")[0]
        selected = [part.split('value="')[1].split('"')[0] for part in block.split("<option")[1:] if "selected" in part]
        data[f"column-{index}"] = selected[0] if selected else ""
    data.update(overrides)
    return client.post(reverse("projects:import_columns", args=[job]), data)


def test_full_flow_for_the_city_administrator(login):
    client = login("admin")
    assert client.get(reverse("projects:import")).status_code == 200
    job = upload(client)
    columns = client.get(reverse("projects:import_columns", args=[job]))
    page = columns.content.decode()
    assert "业主单位" in page and "营口港务集团" in page  # headers, with the first rows under them
    response = choose(client, job)
    assert response["Location"] == reverse("projects:import_progress", args=[job])
    # The check has run: the progress page sends the browser on to the preview.
    assert client.get(response["Location"])["Location"] == reverse("projects:import_preview", args=[job])
    preview = client.get(reverse("projects:import_preview", args=[job]))
    text = preview.content.decode()
    assert "试运行（未写入）：新建 2，更新 0，未变 0，拒绝 1 行。" in text
    assert "鲅鱼圈港区泊位改造项目" in text and "25,000.00" in text  # 2.5亿元 shown in 万元
    assert "「很多」不是数字" in text and "总投资（亿元）" in text
    assert not Project.objects.exists()

    confirmed = client.post(reverse("projects:import_preview", args=[job]))
    assert client.get(confirmed["Location"])["Location"] == reverse("projects:import_result", args=[job])
    result = client.get(reverse("projects:import_result", args=[job])).content.decode()
    assert "已写入：新建 2，更新 0，未变 0，拒绝 1 行。" in result
    port = Project.objects.get(name="鲅鱼圈港区泊位改造项目")
    assert port.history.get().history_user == user_for("admin")
    mapping = client.get(reverse("projects:import_mapping", args=[job])).content.decode()
    assert 'owner = ["业主单位"]' in mapping and "[columns]" in mapping


def test_all_or_nothing_preview_offers_no_import(login):
    client = login("admin")
    job = upload(client)
    choose(client, job, mode="all")
    page = client.get(reverse("projects:import_preview", args=[job])).content.decode()
    assert "全部或全不模式下有错误，不能导入" in page and "确认导入" not in page


def test_status_polling(login):
    client = login("admin")
    job = upload(client)
    ImportProgress.objects.create(job=job, task="commit", done=3000, total=10000, phase="检查")
    partial = client.get(reverse("projects:import_status", args=[job]))
    assert partial.status_code == 200 and "3000 / 10000" in partial.content.decode()
    assert 'hx-trigger="every 1s"' in partial.content.decode()
    ImportProgress.objects.filter(job=job).update(done=1, total=1, phase="完成", finished=True)
    done = client.get(reverse("projects:import_status", args=[job]))
    assert done["HX-Redirect"] == reverse("projects:import_result", args=[job])


def test_column_choices_are_checked(login):
    client = login("admin")
    job = upload(client)
    response = choose(client, job, **{"column-2": "", "column-7": "name"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "「项目名称」被选给了两列" in text and "请选择「建设单位」所在的列" in text


def test_uploaded_mapping_is_used(login):
    client = login("admin")
    csv = b"PID,Title,Agency,Cost\n7,Pier,Port Co,2\n"
    mapping = """
currency = "USD"
rate_to_cny = "7"
[columns]
name = "{Title} ({PID})"
owner = "Agency"
total_investment = "Cost"
[units]
total_investment = "百万"
[defaults]
region = "210800"
""".encode()
    job = upload(
        client,
        SimpleUploadedFile("list.csv", csv),
        mapping=SimpleUploadedFile("m.toml", mapping),
    )
    assert "使用上传的映射文件" in client.get(reverse("projects:import_columns", args=[job])).content.decode()
    client.post(reverse("projects:import_columns", args=[job]), {"mode": "all"})
    client.post(reverse("projects:import_preview", args=[job]))
    project = Project.objects.get(name="Pier (7)")
    assert str(project.total_investment) == "1400.00"  # 2 million dollars × 7


def test_bad_files_and_mappings_are_refused_on_the_form(login):
    client = login("admin")
    response = client.post(reverse("projects:import"), {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert response.status_code == 400 and "不支持的文件类型" in response.content.decode()
    bad_mapping = SimpleUploadedFile("m.toml", b"[columns]\nowner_name = 'x'\n")
    response = client.post(reverse("projects:import"), {"file": sheet(), "mapping": bad_mapping})
    assert response.status_code == 400 and "未知字段：owner_name" in response.content.decode()


def test_district_operator_imports_only_their_region(login):
    client = login("byq")
    job = upload(client)
    choose(client, job)
    preview = client.get(reverse("projects:import_preview", args=[job])).content.decode()
    assert "您只能导入本辖区（鲅鱼圈区）的项目。" in preview
    client.post(reverse("projects:import_preview", args=[job]))
    assert list(Project.objects.values_list("name", flat=True)) == ["鲅鱼圈港区泊位改造项目"]


@pytest.mark.parametrize("role", ["leader", "zrzy", "observer"])
def test_roles_that_may_not_add_projects_may_not_import(login, role):
    assert login(role).get(reverse("projects:import")).status_code == 403


def test_jobs_are_private_and_login_is_required(client, login):
    admin = login("admin")
    job = upload(admin)
    assert json.loads((jobs._root() / job / "meta.json").read_text())["user_id"] == user_for("admin").pk
    other = login("byq")
    assert other.get(reverse("projects:import_columns", args=[job])).status_code == 404
    other.logout()
    assert client.get(reverse("projects:import")).status_code == 302


def test_preview_shows_old_and_new_and_a_large_change_needs_the_users_confirmation(login):
    from decimal import Decimal

    from projects.testing import make_project

    port = make_project(name="鲅鱼圈港区泊位改造项目", owner="营口港务集团", total_investment=Decimal("250"))
    rows = [ROWS[0], ROWS[1]]  # 2.5亿元 = 25,000 万元: a hundredfold of the 250 万元 the system holds
    client = login("admin")
    job = upload(client, sheet(rows))
    choose(client, job, mode="all")
    page = client.get(reverse("projects:import_preview", args=[job])).content.decode()
    assert "试运行（未写入）：新建 0，更新 1，未变 0，拒绝 0 行。" in page
    assert 'data-testid="import-changes"' in page and "250.00" in page and "25,000.00" in page  # old → new
    assert 'data-testid="question-large_change"' in page and 'name="confirm-large_change"' in page
    assert "从 250.00 变为 25,000.00（万元），变化达 10 倍以上" in page

    refused = client.post(reverse("projects:import_preview", args=[job]))  # not ticked: nothing is written
    assert refused.status_code == 400 and 'data-testid="confirm-error"' in refused.content.decode()
    port.refresh_from_db()
    assert port.total_investment == Decimal("250.00")

    confirmed = client.post(reverse("projects:import_preview", args=[job]), {"confirm-large_change": "1"})
    assert confirmed.status_code == 302
    result = client.get(reverse("projects:import_result", args=[job])).content.decode()
    assert "已写入：新建 0，更新 1" in result and 'data-testid="import-flags"' in result
    port.refresh_from_db()
    assert port.total_investment == Decimal("25000.00")


def test_valid_rows_only_leaves_an_unconfirmed_question_out(login):
    from decimal import Decimal

    from projects.testing import make_project

    make_project(name="鲅鱼圈港区泊位改造项目", owner="营口港务集团", total_investment=Decimal("250"))
    client = login("admin")
    job = upload(client)
    choose(client, job, mode="valid")
    client.post(reverse("projects:import_preview", args=[job]))  # valid rows only, nothing ticked
    result = client.get(reverse("projects:import_result", args=[job])).content.decode()
    assert "已写入：新建 1，更新 0，未变 0，拒绝 2 行。" in result
    assert Project.objects.get(name="鲅鱼圈港区泊位改造项目").total_investment == Decimal("250.00")
