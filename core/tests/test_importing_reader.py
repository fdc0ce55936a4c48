"""Reading tables of any layout: title lines, merged multi-row headers, blank rows, CSV encodings; mappings."""

import datetime as dt
import io

import openpyxl
import pytest

from core.importing.mapping import Mapping, MappingError, load_mapping
from core.importing.reader import TableError, read_table
from core.importing.rows import Field, RowParser, dedupe_rows, resolve_columns


def merged_workbook(path):
    """A district's sheet: a title line, a two-level header with merged cells, a blank row inside the data."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目表"
    ws["A1"] = "2024年鲅鱼圈区重大项目计划表"
    ws.merge_cells("A1:D1")
    ws["A2"], ws["B2"], ws["D2"] = "项目名称", "本年计划", "总投资（亿元）"
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:D3")
    ws["B3"], ws["C3"] = "投资\n（万元）", "开工日期"
    ws.append(["码头改造", 1200, dt.date(2024, 3, 5), 2.5])
    ws.append([])
    ws.append(["镁材料", "３００", "2024年4月", "1.5"])
    wb.save(path)
    return path


def test_merged_two_level_header_title_and_blank_rows(tmp_path):
    table = read_table(merged_workbook(tmp_path / "district.xlsx"))
    assert table.headers == ["项目名称", "本年计划/投资（万元）", "本年计划/开工日期", "总投资（亿元）"]
    assert table.header_row_numbers == [2, 3]
    assert table.sheet_name == "项目表"
    rows = list(table.rows)
    # Row numbers are the spreadsheet's own: the blank row 5 is skipped but not renumbered.
    assert [number for number, _ in rows] == [4, 6]
    assert rows[0][1][:2] == ["码头改造", 1200.0]


def test_two_header_lines_without_merged_cells(tmp_path):
    """Some offices type the group name once and leave the cells beside it empty instead of merging them."""
    path = tmp_path / "unmerged.xlsx"
    wb = openpyxl.Workbook()
    for row in (["项目名称", "本年计划", None], [None, "投资", "开工日期"], ["码头", 100, "2024-01-01"]):
        wb.active.append(row)
    wb.save(path)
    table = read_table(path)
    assert table.headers == ["项目名称", "本年计划/投资", "本年计划/开工日期"]
    assert [number for number, _ in table.rows] == [3]


def test_sheet_by_name_and_missing_sheet(tmp_path):
    path = merged_workbook(tmp_path / "district.xlsx")
    assert read_table(path, sheet="项目表").headers[0] == "项目名称"
    with pytest.raises(TableError, match="找不到工作表「汇总」；文件中的工作表：项目表"):
        read_table(path, sheet="汇总")


def test_explicit_header_rows_and_skip_rows(tmp_path):
    path = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["说明", "本表由区发改局填报"], ["名称", "金额"], ["甲", 1], ["乙", 2]):
        ws.append(row)
    wb.save(path)
    table = read_table(path, skip_rows=1, header_rows=1)
    assert table.headers == ["名称", "金额"]
    assert [number for number, _ in table.rows] == [3, 4]


def test_csv_in_gb18030_with_two_level_header():
    text = "项目名称,本年计划,,总投资\n,投资,日期,\n码头,100,2024-01-01,5\n\n港区,200,2024-02-01,6\n"
    table = read_table(io.BytesIO(text.encode("gb18030")), filename="list.csv")
    assert table.headers == ["项目名称", "本年计划/投资", "本年计划/日期", "总投资"]
    assert [(number, cells[0]) for number, cells in table.rows] == [(3, "码头"), (5, "港区")]


def test_csv_single_header_utf8_bom():
    table = read_table(io.BytesIO("\ufeff名称,金额\n甲,1\n".encode()), filename="a.csv")
    assert table.headers == ["名称", "金额"]
    assert list(table.rows) == [(2, ["甲", "1"])]


def test_unsupported_and_empty_files():
    with pytest.raises(TableError, match="不支持的文件类型"):
        read_table(io.BytesIO(b"x"), filename="a.pdf")
    with pytest.raises(TableError, match="文件是空的"):
        read_table(io.BytesIO(b"\n\n"), filename="a.csv")
    with pytest.raises(TableError, match="没有找到表头"):
        read_table(io.BytesIO("名称\n\n".encode()), filename="a.csv")
    with pytest.raises(TableError, match="文件无法读取：不是有效的 Excel/CSV 文件"):
        read_table(io.BytesIO(b"not a workbook"), filename="a.xlsx")


FIELDS = {
    "name": Field("name", "项目名称", ("名称", "Project Name"), required=True, max_length=10),
    "total": Field("total", "总投资", ("Budget",), kind="money", required=True),
    "start": Field("start", "开工日期", ("Start",), kind="date"),
    "stage": Field("stage", "项目阶段", ("Phase",), kind="choice", choices=[("continuing", ["续建", "在建"])]),
}


def test_synonyms_header_units_and_row_errors():
    headers = ["Project Name", "总投资（亿元）", "Start", "阶段说明"]
    columns = resolve_columns(headers, FIELDS, Mapping())
    assert {name: column.header for name, column in columns.items()} == {
        "name": "Project Name",
        "total": "总投资（亿元）",
        "start": "Start",
    }
    parser = RowParser(FIELDS, columns, Mapping())
    assert parser.parse(7, ["码头", "2.5", "2024/3/5", "x"]) == (
        {"name": "码头", "total": 25000, "start": dt.date(2024, 3, 5)},
        [],
    )
    values, errors = parser.parse(8, ["", "很多", "明天", ""])
    assert values == {}
    assert [(e.row, e.column) for e in errors] == [(8, "Project Name"), (8, "总投资（亿元）"), (8, "Start")]
    assert errors[0].reason == "必填，不能为空。" and "不是数字" in errors[1].reason
    assert str(errors[2]).startswith("第 8 行「Start」列：无法识别的日期「明天」")


def test_missing_required_column_is_reported_with_the_headers():
    with pytest.raises(MappingError, match="找不到必需的列：总投资；文件的表头：名称、备注"):
        resolve_columns(["名称", "备注"], FIELDS, Mapping())


MAPPING_TOML = """
currency = "USD"
rate_to_cny = "6.5"
date_format = "%m/%d/%Y"
[columns]
name = "{Title} ({ID})"
total = ["Cost", "Budget"]
stage = "Phase"
[units]
total = "百万"
[values.stage]
Construction = "在建"
"*" = "continuing"
[defaults]
start = "2024年1月"
[dedupe]
key = "ID"
latest = "As Of"
"""


def test_mapping_columns_templates_units_values_defaults_and_dedupe():
    mapping = load_mapping(MAPPING_TOML, FIELDS)
    headers = ["ID", "Title", "Budget", "Phase", "As Of"]
    rows = [
        (2, ["1", "Pier", 2.0, "Design", "01/01/2019"]),
        (3, ["1", "Pier", 3.0, "Construction", "09/01/2019"]),
        (4, ["1", "Pier", 1.0, "Design", "05/01/2019"]),
        (5, ["2", "Road", 1.0, "Construction", "05/01/2019"]),
    ]
    kept, dropped = dedupe_rows(rows, headers, mapping)
    assert [number for number, _ in kept] == [3, 5] and dropped == 2
    columns = resolve_columns(headers, FIELDS, mapping)
    parser = RowParser(FIELDS, columns, mapping)
    values, errors = parser.parse(*kept[0])
    assert errors == []
    # 3 million dollars × 6.5 = 19.5 million yuan = 1950 万元; "*" catches phases the map does not list.
    assert values == {"name": "Pier (1)", "total": 1950, "stage": "continuing", "start": dt.date(2024, 1, 1)}
    assert load_mapping(mapping.to_toml(), FIELDS) == mapping


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("colums = {}", "未知的设置：colums"),
        ("[columns]\nowner = 'A'", "未知字段：owner"),
        ("currency = 'USD'", "必须给出 rate_to_cny"),
        ("header_rows = 9", "header_rows 应为 1 到 5"),
        ("[units]\ntotal = '斤'", "未知的金额单位"),
        ("[units]\nname = '万元'", "该字段不是金额"),
        ("[columns\n", "不是有效的 TOML"),
        ("[dedupe]\nlatest = 'x'", "须有 key"),
    ],
)
def test_bad_mappings_are_explained(toml, message):
    with pytest.raises(MappingError, match=message):
        load_mapping(toml, FIELDS)


def test_mapping_referring_to_absent_columns():
    mapping = load_mapping("[columns]\nname = 'Title'\ntotal = 'Cost'", FIELDS)
    with pytest.raises(MappingError, match="「总投资」对应的列「Cost」在文件中不存在"):
        resolve_columns(["Title", "Amount"], FIELDS, mapping)
    with pytest.raises(MappingError, match="模板「{Title} {Nope}」引用了文件中没有的列「Nope」"):
        resolve_columns(["Title", "Cost"], FIELDS, load_mapping("[columns]\nname = '{Title} {Nope}'", FIELDS))
    with pytest.raises(MappingError, match="defaults.start 的值无效"):
        RowParser(FIELDS, {}, load_mapping("[defaults]\nstart = 'soon'\ntotal = '1'\nname='x'", FIELDS))
