"""A unit written anywhere in a file is never lost, and a contradiction stops the import with a question.

The unit of a money column may stand in any line of a merged header ("总投资（亿元）" over "计划" / "累计", or in
the middle line of three), in a note above the table ("单位：亿元" at the right end of a line, "金额单位：万元",
in a merged title), in the mapping, or in the cell itself ("1.2亿元"). Figures are checked to the cent.
"""

from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.importing.results import ImportFailed
from projects.importing import import_projects
from projects.models import Project
from projects.testing import make_project

pytestmark = pytest.mark.django_db

NAME, OWNER = "鲅鱼圈港区泊位改造项目", "营口港务集团"
COLUMNS = """
[columns]
name = "项目名称"
owner = "建设单位"
region = "县区"
total_investment = "%s"
"""


def sheet(path, lines, merges=()):
    """An .xlsx made as district offices make them: lines of cells (None = empty), then the merged ranges."""
    wb = openpyxl.Workbook()
    for line in lines:
        wb.active.append(line)
    for cell_range in merges:
        wb.active.merge_cells(cell_range)
    wb.save(path)
    return path


def two_line_header(path, amount, upper="总投资（亿元）", lower=("计划", "累计")):
    """ "总投资（亿元）" merged over "计划" and "累计": the unit is only in the upper line."""
    return sheet(
        path,
        [
            ["项目名称", "建设单位", "县区", upper, None],
            [None, None, None, *lower],
            [NAME, OWNER, "鲅鱼圈区", amount, 0.5],
        ],
        merges=["A1:A2", "B1:B2", "C1:C2", "D1:E1"],
    )


def three_line_header(path, amount):
    """ "投资情况" over "总投资（亿元）" over "计划" / "累计": the unit is in the middle line."""
    return sheet(
        path,
        [
            ["项目名称", "建设单位", "县区", "投资情况", None],
            [None, None, None, "总投资（亿元）", None],
            [None, None, None, "计划", "累计"],
            [NAME, OWNER, "鲅鱼圈区", amount, 0.25],
        ],
        merges=["A1:A3", "B1:B3", "C1:C3", "D1:E1", "D2:E2"],
    )


def noted_above(path, amount, note_lines):
    """A title, note lines above the header (the unit among them), a header without any unit."""
    return sheet(
        path,
        [
            ["2024年鲅鱼圈区重大项目计划表", None, None, None],
            *note_lines,
            ["项目名称", "建设单位", "县区", "总投资"],
            [NAME, OWNER, "鲅鱼圈区", amount],
        ],
        merges=["A1:D1"],
    )


def stored_total() -> Decimal:
    return Project.objects.get(name=NAME, owner=OWNER).total_investment


def test_unit_in_the_upper_line_of_a_two_line_merged_header(tmp_path):
    path = two_line_header(tmp_path / "two.xlsx", 1.2345)
    result = import_projects(path, mapping=COLUMNS % "总投资/计划")
    assert (result.created, result.rejected) == (1, 0), result.errors
    assert stored_total() == Decimal("12345.00")  # 1.2345 亿元, not 1.23 万元


def test_unit_in_the_middle_line_of_a_three_line_header(tmp_path):
    path = three_line_header(tmp_path / "three.xlsx", "0.75")
    result = import_projects(path, mapping=COLUMNS % "投资情况/总投资/计划")
    assert (result.created, result.rejected) == (1, 0), result.errors
    assert stored_total() == Decimal("7500.00")


@pytest.mark.parametrize(
    ("note_lines", "expected"),
    [
        ([["填报单位：鲅鱼圈区发改局", None, None, "单位：亿元"]], "25000.00"),  # at the right end of a line
        ([["填报单位：鲅鱼圈区发改局", None, None, "单位:亿元"]], "25000.00"),  # half-width colon
        ([["金额单位：万元", None, None, None]], "2.50"),
        ([["（单位：亿元）", None, None, None]], "25000.00"),
    ],
)
def test_unit_in_a_note_line_above_the_table(tmp_path, note_lines, expected):
    result = import_projects(noted_above(tmp_path / "noted.xlsx", 2.5, note_lines))
    assert (result.created, result.rejected) == (1, 0), result.errors
    assert stored_total() == Decimal(expected)


def test_unit_at_the_right_end_of_the_title_line(tmp_path):
    path = sheet(
        tmp_path / "title-end.xlsx",
        [
            ["2024年鲅鱼圈区重大项目计划表", None, None, "单位：亿元"],
            ["项目名称", "建设单位", "县区", "总投资"],
            [NAME, OWNER, "鲅鱼圈区", 0.1234],
        ],
        merges=["A1:C1"],
    )
    result = import_projects(path)
    assert result.rejected == 0, result.errors
    assert stored_total() == Decimal("1234.00")


def test_unit_in_a_merged_title(tmp_path):
    path = sheet(
        tmp_path / "title.xlsx",
        [
            ["2024年重大项目表（单位：亿元）", None, None, None],
            ["项目名称", "建设单位", "县区", "总投资"],
            [NAME, OWNER, "鲅鱼圈区", "0.0301"],
        ],
        merges=["A1:D1"],
    )
    import_projects(path)
    assert stored_total() == Decimal("301.00")


def test_unit_in_the_cell(tmp_path):
    path = sheet(
        tmp_path / "cells.xlsx",
        [
            ["项目名称", "建设单位", "县区", "总投资"],
            [NAME, OWNER, "鲅鱼圈区", "1.2亿元"],
            ["营口镁材料项目", "营口镁业有限公司", "鲅鱼圈区", "3,500.55万元"],
            ["熊岳康养项目", "营口温泉文旅有限公司", "鲅鱼圈区", 800],
        ],
    )
    import_projects(path)
    assert stored_total() == Decimal("12000.00")
    assert Project.objects.get(name="营口镁材料项目").total_investment == Decimal("3500.55")
    assert Project.objects.get(name="熊岳康养项目").total_investment == Decimal("800.00")


@pytest.mark.parametrize(
    ("make", "mapping", "question"),
    [
        (
            lambda path: sheet(
                path,
                [["单位：万元", None, None, None], ["项目名称", "建设单位", "县区", "总投资（亿元）"]]
                + [[NAME, OWNER, "鲅鱼圈区", 2.5]],
            ),
            None,
            "金额单位有矛盾：表头「总投资（亿元）」写的是亿元，表格上方第 1 行「单位：万元」写的是万元",
        ),
        (
            lambda path: two_line_header(path, 2.5),
            '[units]\ntotal_investment = "万元"\n' + COLUMNS % "总投资/计划",
            "映射（或所选单位）指定「总投资」为万元，而表头「总投资（亿元）/计划」写的是亿元",
        ),
        (
            lambda path: two_line_header(path, 2.5, lower=("计划（万元）", "累计（万元）")),
            COLUMNS % "总投资/计划",
            "「总投资（亿元）/计划（万元）」列的表头写了不同的金额单位（亿元、万元）",
        ),
        (
            lambda path: noted_above(
                path, 2.5, [["单位：万元", None, None, None], ["金额单位：亿元", None, None, None]]
            ),
            None,
            "表格上方写了不同的金额单位",
        ),
    ],
    ids=["note-vs-header", "mapping-vs-header", "header-levels", "two-notes"],
)
def test_a_contradiction_stops_the_import_and_the_existing_project_is_kept(tmp_path, make, mapping, question):
    existing = make_project(name=NAME, owner=OWNER, region="210804", total_investment=Decimal("25000.00"))
    history = existing.history.count()
    path = make(tmp_path / "conflict.xlsx")
    with pytest.raises(ImportFailed) as caught:
        import_projects(path, mapping=mapping)
    assert question in caught.value.message
    assert stored_total() == Decimal("25000.00")
    assert existing.history.count() == history


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    position=st.sampled_from(["upper", "middle", "note", "cell"]),
    unit=st.sampled_from(["万元", "亿元"]),
    amount=st.decimals(min_value=0, max_value=99999, places=4),
)
def test_the_stated_unit_always_reaches_the_stored_figure(tmp_path_factory, position, unit, amount):
    """Whatever line states the unit, the figure the import would store is the amount times that unit, to the cent."""
    path = tmp_path_factory.mktemp("units") / "sheet.xlsx"
    text = format(amount, "f")
    mapping = None
    if position == "upper":
        two_line_header(path, text, upper=f"总投资（{unit}）")
        mapping = COLUMNS % "总投资/计划"
    elif position == "middle":
        three_line_header(path, text)
        wb = openpyxl.load_workbook(path)
        wb.active["D2"] = f"总投资（{unit}）"
        wb.save(path)
        mapping = COLUMNS % "投资情况/总投资/计划"
    elif position == "note":
        noted_above(path, text, [["填报单位：鲅鱼圈区发改局", None, None, f"单位：{unit}"]])
    else:
        noted_above(path, text + unit, [])
    sample: list = []
    result = import_projects(path, mapping=mapping, dry_run=True, sample=sample)
    assert result.rejected == 0, result.errors
    factor = Decimal(10000) if unit == "亿元" else Decimal(1)
    assert sample[0].values["total_investment"] == (amount * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- the web page: the unit chosen on the column page meets the header's ---


@pytest.fixture
def inline_jobs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def web_import(client, tmp_path, unit=""):
    data = two_line_header(tmp_path / "web.xlsx", 1.5).read_bytes()
    response = client.post(reverse("projects:import"), {"file": SimpleUploadedFile("web.xlsx", data)})
    assert response.status_code == 302, response.content.decode()
    job = response["Location"].split("/")[-3]
    columns = {"column-0": "name", "column-1": "owner", "column-2": "region", "column-3": "total_investment"}
    client.post(reverse("projects:import_columns", args=[job]), {"mode": "all", "unit": unit, **columns})
    return job, client.get(reverse("projects:import_preview", args=[job])).content.decode()


def test_web_import_keeps_the_upper_header_unit(login, tmp_path, inline_jobs):
    client = login("admin")
    job, preview = web_import(client, tmp_path)
    assert "新建 1" in preview, preview
    client.post(reverse("projects:import_preview", args=[job]))
    assert stored_total() == Decimal("15000.00")


def test_web_import_asks_when_the_chosen_unit_contradicts_the_header(login, tmp_path, inline_jobs):
    client = login("admin")
    _job, preview = web_import(client, tmp_path, unit="万元")
    assert "金额单位有矛盾" in preview and "亿元" in preview
    assert not Project.objects.filter(name=NAME).exists()


def test_header_unit_words_do_not_hide_the_column(tmp_path):
    """Synonyms still find a column whose unit stands in brackets in any line: "计划总投资(万元)"."""
    path = sheet(
        tmp_path / "plain.xlsx", [["项目名称", "建设单位", "县区", "计划总投资(万元)"], [NAME, OWNER, "鲅鱼圈区", 12]]
    )
    import_projects(path)
    assert stored_total() == Decimal("12.00")


def test_unit_note_typed_at_the_end_of_the_header_line(tmp_path):
    path = sheet(
        tmp_path / "end.xlsx",
        [["项目名称", "建设单位", "县区", "总投资", "单位：亿元"], [NAME, OWNER, "鲅鱼圈区", "0.5", None]],
    )
    result = import_projects(path)
    assert result.rejected == 0, result.errors
    assert stored_total() == Decimal("5000.00")


@pytest.mark.parametrize("header", ["总投资（万美元）", "总投资(USD)", "总投资（百万美元）"])
def test_an_unknown_unit_in_a_money_header_is_a_question(tmp_path, header):
    path = sheet(tmp_path / "odd.xlsx", [["项目名称", "建设单位", "县区", header], [NAME, OWNER, "鲅鱼圈区", 3]])
    with pytest.raises(ImportFailed, match="无法识别「总投资.*」列的金额单位"):
        import_projects(path, mapping=COLUMNS % header)
    assert not Project.objects.filter(name=NAME).exists()


@pytest.mark.parametrize(
    ("header", "expected"), [("总投资（千万元）", "1500.00"), ("总投资（亿）", "15000.00"), ("总投资(单位:万)", "1.50")]
)
def test_short_and_uncommon_unit_spellings(tmp_path, header, expected):
    path = sheet(tmp_path / "short.xlsx", [["项目名称", "建设单位", "县区", header], [NAME, OWNER, "鲅鱼圈区", 1.5]])
    import_projects(path)
    assert stored_total() == Decimal(expected)


def test_a_header_naming_a_currency_needs_the_mappings_unit(tmp_path):
    """ "Budget (USD)" with currency = "USD" declared: dollars or 万 dollars? Only [units] answers it."""
    path = sheet(
        tmp_path / "usd.xlsx", [["项目名称", "建设单位", "县区", "Budget (USD)"], [NAME, OWNER, "鲅鱼圈区", 20000]]
    )
    mapping = 'currency = "USD"\nrate_to_cny = "7"\n' + COLUMNS % "Budget (USD)"
    with pytest.raises(ImportFailed, match="无法识别「Budget \\(USD\\)」列的金额单位「USD」"):
        import_projects(path, mapping=mapping)
    import_projects(path, mapping=mapping + '[units]\ntotal_investment = "元"\n')
    assert stored_total() == Decimal("14.00")  # 20,000 dollars × 7 = 140,000 元
