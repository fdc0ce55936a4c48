"""Project import: layouts and synonyms, matching and updating, modes, idempotence, rules, scope, history, CLI."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from core.importing.results import ImportFailed
from core.models import Region
from core.testing import user_for
from projects.importing import import_projects
from projects.models import Project
from projects.testing import make_project

pytestmark = pytest.mark.django_db

CODE = "2024-210804-44-01-100001"


def xlsx(path, rows, *, merges=(), title=None):
    """Write rows (lists) to an .xlsx file, optionally under a merged title line, merging the given ranges."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    for cell_range in merges:
        ws.merge_cells(cell_range)
    wb.save(path)
    return path


def csv_file(text: str, name="list.csv"):
    data = io.BytesIO(text.encode("utf-8"))
    data.name = name
    return data


def district_sheet(tmp_path):
    """A district's list as they send it: title line, two-level merged header, 亿元, Chinese dates, a total line."""
    return xlsx(
        tmp_path / "byq.xlsx",
        [
            ["序号", "项目名称", "项目代码", "业主单位", "县区", "总投资（亿元）", "建设起止年限", None, "阶段"],
            [None, None, None, None, None, None, "计划开工", "计划竣工", None],
            [1, "鲅鱼圈港区泊位改造项目", "２０２４－２１０８０４－４４－０１－１０００01", "营口港务集团", "鲅鱼圈"]
            + ["２．５", "2024年3月", "2026/12/31", "前期"],
            [],
            [2, "熊岳温泉康养项目", None, "营口温泉文旅有限公司", "210804"]
            + ["8000万元", "2025-05-01", "2027年6月", "储备"],
            ["合计", None, None, None, None, 3.3, None, None, None],
        ],
        merges=["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:H2", "I2:I3", "A1:I1"],
        title="2024年鲅鱼圈区重大项目表",
    )


def test_any_layout_with_merged_headers_units_and_dates(tmp_path):
    result = import_projects(district_sheet(tmp_path))
    assert (result.created, result.updated, result.rejected, result.skipped) == (2, 0, 0, 1), result.errors
    port = Project.objects.get(national_code=CODE)
    assert port.name == "鲅鱼圈港区泊位改造项目" and port.owner == "营口港务集团"
    assert port.region.code == "210804"
    assert port.total_investment == Decimal("25000.00")  # 2.5亿元
    assert (port.planned_start, port.planned_finish) == (dt.date(2024, 3, 1), dt.date(2026, 12, 31))
    assert port.stage == "preliminary"
    spa = Project.objects.get(name="熊岳温泉康养项目")
    assert spa.national_code is None and spa.total_investment == Decimal("8000.00") and spa.stage == "planning"
    assert spa.planned_finish == dt.date(2027, 6, 1)
    # Each created project has one creation record naming the file.
    assert list(port.history.values_list("history_type", "history_change_reason")) == [("+", "导入：byq.xlsx")]


def test_second_import_of_the_same_file_changes_nothing(tmp_path):
    path = district_sheet(tmp_path)
    import_projects(path)
    before = list(Project.objects.values_list("pk", "updated"))
    history = Project.history.count()
    result = import_projects(path)
    assert (result.created, result.updated, result.unchanged, result.written) == (0, 0, 2, True)
    assert list(Project.objects.values_list("pk", "updated")) == before
    assert Project.history.count() == history


def test_update_by_national_code_and_by_name_and_owner():
    by_code = make_project(national_code=CODE, name="旧名称", total_investment=Decimal("100"))
    by_name = make_project(name="无代码项目", owner="营口某公司", total_investment=Decimal("200"), stage="planning")
    text = (
        "项目代码,项目名称,建设单位,所属地区,总投资（万元）,项目阶段\n"
        f"{CODE},新名称,营口测试建设有限公司,鲅鱼圈区,150,前期\n"
        ",无代码项目,营口某公司,鲅鱼圈区,250,前期\n"
    )
    result = import_projects(csv_file(text))
    assert (result.created, result.updated) == (0, 2), result.errors
    by_code.refresh_from_db()
    by_name.refresh_from_db()
    assert (by_code.name, by_code.total_investment) == ("新名称", Decimal("150.00"))
    assert (by_name.total_investment, by_name.stage) == (Decimal("250.00"), "preliminary")
    change = by_name.history.first()
    assert change.history_type == "~" and change.history_change_reason == "导入：list.csv"
    assert change.prev_record.total_investment == Decimal("200.00")


def test_blank_cells_keep_what_the_system_holds():
    project = make_project(name="港区项目", owner="港务", address="鲅鱼圈区新港路1号", total_investment=Decimal("10"))
    text = "项目名称,建设单位,建设地点,总投资\n港区项目,港务,,10\n"
    result = import_projects(csv_file(text))
    assert result.unchanged == 1
    project.refresh_from_db()
    assert project.address == "鲅鱼圈区新港路1号"


BAD = (
    "项目名称,建设单位,所属地区,总投资,计划开工,计划竣工,项目阶段\n"
    "好项目,甲公司,鲅鱼圈区,100,2024-01-01,2025-01-01,前期\n"
    "坏金额,乙公司,鲅鱼圈区,一百万,2024-01-01,2025-01-01,前期\n"
    "倒挂,丙公司,鲅鱼圈区,100,2025-01-01,2024-01-01,前期\n"
    "未开工,丁公司,火星,100,,,续建\n"
)


def test_all_or_nothing_writes_nothing_and_names_row_column_and_reason():
    result = import_projects(csv_file(BAD))
    assert not result.written and Project.objects.count() == 0
    problems = {(e.row, e.column): e.reason for e in result.errors}
    # Every problem of a row is listed: row 5 has an unknown region and, being 续建, no actual start date (a column
    # the file does not have, so the message names the field and says the column is missing).
    assert set(problems) == {(3, "总投资"), (4, "计划竣工"), (5, "所属地区"), (5, "")}
    assert problems[(5, "")] == "项目阶段为「续建」时必须填写实际开工日期（文件中没有「实际开工日期」列）。"
    assert "不是数字" in problems[(3, "总投资")]
    assert problems[(4, "计划竣工")] == "计划竣工日期不能早于计划开工日期。"
    assert problems[(5, "所属地区")].startswith("「火星」不是可选的值。")
    assert result.rejected_rows == [3, 4, 5]


def test_valid_rows_only_writes_the_valid_rows_and_project_rules_apply():
    result = import_projects(csv_file(BAD.replace("火星", "盖州市")), valid_rows_only=True)
    assert result.written and result.created == 1
    assert list(Project.objects.values_list("name", flat=True)) == ["好项目"]
    # 续建 without an actual start is refused by Project.clean, with the model's own message; the file has no such
    # column, so the message names no column but the field, and says the file lacks it.
    assert [str(e) for e in result.errors if e.row == 5] == [
        "第 5 行：项目阶段为「续建」时必须填写实际开工日期（文件中没有「实际开工日期」列）。"
    ]


def test_dry_run_counts_but_writes_nothing():
    result = import_projects(csv_file(BAD), dry_run=True, valid_rows_only=True)
    assert (result.created, result.rejected, result.written) == (1, 3, False)
    assert not Project.objects.exists()


def test_duplicates_in_the_file_and_bad_codes_are_rejected():
    text = (
        "项目代码,项目名称,建设单位,县区,总投资\n"
        f"{CODE},甲,公司,鲅鱼圈区,1\n"
        f"{CODE},乙,公司,鲅鱼圈区,1\n"
        ",甲,公司,鲅鱼圈区,1\n"
        "2024-999999-44-01-100002,丙,公司,鲅鱼圈区,1\n"
        "123,丁,公司,鲅鱼圈区,1\n"
    )
    result = import_projects(csv_file(text), valid_rows_only=True)
    reasons = {e.row: (e.column, e.reason) for e in result.errors}
    assert reasons[3] == ("项目代码", "与第 2 行是同一个项目（项目代码相同），一个项目只能出现一次。")
    same = "与第 2 行是同一个项目（项目名称、建设单位和所属地区相同），一个项目只能出现一次。"
    assert reasons[4] == ("项目名称", same)
    assert reasons[5] == ("项目代码", "项目代码中的区划代码 999999 不是已登记的行政区域。")
    assert reasons[6][1].startswith("项目代码「123」格式不正确")
    assert result.created == 1


def test_stage_changes_follow_the_stage_machine():
    make_project(national_code=CODE, stage="preliminary")
    text = (
        "项目代码,项目名称,建设单位,县区,总投资,项目阶段,实际开工\n"
        f"{CODE},甲,营口测试建设有限公司,210804,12345.67,投产,2024-01-01\n"
    )
    result = import_projects(csv_file(text))
    assert [(e.column, e.reason) for e in result.errors] == [
        ("项目阶段", "项目阶段不能从「前期」直接改为「投产」。"),
        ("", "项目阶段为「投产」时必须填写实际竣工日期（文件中没有「实际竣工日期」列）。"),
    ]
    new = "项目名称,建设单位,县区,总投资,项目阶段\n新项目,某公司,210804,1,暂停\n"
    assert [e.reason for e in import_projects(csv_file(new)).errors] == ["新建项目的阶段不能是「暂停」。"]


def test_missing_columns_and_unreadable_files_fail_clearly():
    with pytest.raises(ImportFailed, match="找不到必需的列：建设单位；文件的表头：项目名称、备注"):
        import_projects(csv_file("项目名称,备注\n甲,乙\n"))
    with pytest.raises(ImportFailed, match="不支持的文件类型"):
        import_projects(csv_file("x", name="list.pdf"))


def test_english_synonyms_without_mapping():
    text = "Project Name,Owner,District,Budget,Phase,Planned Start\nPier 5,Port Co,Bayuquan,3.5亿元,Design,2024-05-01\n"
    region = Region.objects.get(code="210804")
    Region.objects.filter(pk=region.pk).update(short_name="Bayuquan")  # rolled back with the test
    result = import_projects(
        csv_file(text.replace("Design", "前期")),
    )
    assert result.created == 1, result.errors
    project = Project.objects.get(name="Pier 5")
    assert (project.owner, project.region_id, project.total_investment) == ("Port Co", region.pk, Decimal("35000.00"))


def test_district_operator_imports_only_within_their_region():
    text = "项目名称,建设单位,县区,总投资\n本区项目,甲,鲅鱼圈区,1\n外区项目,乙,盖州市,1\n"
    result = import_projects(csv_file(text), user=user_for("byq"), valid_rows_only=True)
    assert result.created == 1
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(3, "县区", "您只能导入本辖区（鲅鱼圈区）的项目。")]
    created = Project.objects.get(name="本区项目")
    assert created.history.get().history_user == user_for("byq")
    outside = make_project(name="盖州项目", owner="丙", region="210881")
    result = import_projects(
        csv_file("项目名称,建设单位,县区,总投资\n盖州项目,丙,鲅鱼圈区,2\n"), user=user_for("byq"), valid_rows_only=True
    )
    # The same name and owner in a district the operator cannot see is another project: created in their own
    # district, the other one untouched (and nothing about it told).
    assert (result.created, result.rejected) == (1, 0)
    assert Project.objects.get(pk=outside.pk).region.code == "210881"
    assert Project.objects.get(name="盖州项目", region__code="210804").total_investment == Decimal("2.00")
    for role in ("leader", "zrzy", "observer"):
        with pytest.raises(ImportFailed, match="您无权导入项目"):
            import_projects(csv_file(text), user=user_for(role))


def test_command_line(tmp_path, capsys):
    path = district_sheet(tmp_path)
    call_command("import", "projects", str(path), "--dry-run", "--no-progress")
    assert "试运行（未写入）：新建 2" in capsys.readouterr().out and not Project.objects.exists()
    call_command("import", "projects", str(path))
    captured = capsys.readouterr()
    assert "已写入：新建 2，更新 0，未变 0，拒绝 0 行。" in captured.out
    assert "检查: 100%" in captured.err  # the progress bar goes to stderr
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="未写入"):
        call_command("import", "projects", str(bad), "--no-progress")
    assert "第 3 行「总投资」列：「一百万」不是数字" in capsys.readouterr().out
    call_command("import", "projects", str(bad), "--valid-rows-only", "--no-progress", "--user", "city_admin")
    assert Project.objects.get(name="好项目").history.get().history_user.username == "city_admin"
    mapping = tmp_path / "m.toml"
    mapping.write_text("[columns]\nname = 'Nope'\n", encoding="utf-8")
    with pytest.raises(CommandError, match="找不到必需的列|不存在"):
        call_command("import", "projects", str(bad), "--mapping", str(mapping), "--no-progress")


def test_new_projects_need_region_and_investment():
    text = "项目名称,建设单位,总投资\n新项目,某公司,\n"
    result = import_projects(csv_file(text))
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "", "新建项目时必填，不能为空（文件中没有「所属地区」列）。"),  # never a column the file does not have
        (2, "总投资", "新建项目时必填，不能为空。"),
    ]


def test_imported_rows_are_stored_as_the_orm_stores_them():
    """The writer's own statements store dates, money, blanks and keys exactly as a form save would."""
    from django.db import connection

    from projects.importing.writer import EDITABLE

    import_projects(
        csv_file(
            "项目名称,建设单位,县区,总投资（万元）,计划开工,实际开工,阶段\n"
            "导入的项目,营口某公司,210804,1234.5,2024-03-01,2024-04-02,新开工\n"
        )
    )
    imported = Project.objects.get(name="导入的项目")
    saved = make_project(
        name="保存的项目",
        owner="营口某公司",
        region=imported.region,
        total_investment=Decimal("1234.50"),
        planned_start=dt.date(2024, 3, 1),
        actual_start=dt.date(2024, 4, 2),
        stage="new_start",
        responsible_department=None,
    )
    columns = ", ".join(connection.ops.quote_name(c) for c in EDITABLE if c != "name")
    with connection.cursor() as cursor:
        rows = []
        for pk in (imported.pk, saved.pk):
            cursor.execute(f"SELECT {columns} FROM projects_project WHERE id = %s", [pk])  # noqa: S608
            rows.append(cursor.fetchone())
    assert rows[0] == rows[1]
    assert imported.national_code is None and imported.responsible_department_id is None
