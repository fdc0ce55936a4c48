"""Hostile and broken files: each class gets a clear Chinese message, and the process reading it survives.

Every file is made here, in code: a workbook claiming to span A1:XFD1048576, one that really holds a cell there
(calamine aborts on it: the child process dies, not this one), a zip bomb, damaged and disguised files, Excel
error values and formulas without a calculated value (.xlsx and .ods), CSV files with absurd lines or encodings.
"""

import io
import os
import random
import re
import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.importing.cells import EXCEL_ERROR_CODES, ErrorCell
from core.importing.reader import TableError, read_sheet, read_table
from core.importing.results import ImportResult, RowError
from tests.corpus.resave import needs_libreoffice, resave

ENGLISH = re.compile(r"[A-Za-z]{4,}")  # library texts such as "Cannot detect file format", "invalid Zip archive"
NAMES = re.compile(r"Excel|WPS|CSV|HTML|XML|UTF|GBK|\.[a-z]{3,4}\b")  # product and format names may appear


def workbook_bytes(rows, **cells) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    for ref, value in cells.items():
        wb.active[ref] = value
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The same .xlsx with its first worksheet's XML passed through `change`."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item)
            out.writestr(item, change(content) if item.filename == "xl/worksheets/sheet1.xml" else content)
    return target.getvalue()


def refused(data: bytes, name: str, **options) -> str:
    """read_table's message for a file; fails the test if it is read, or if the message is in English."""
    with pytest.raises(TableError) as caught:
        table = read_table(io.BytesIO(data), filename=name, **options)
        list(table.rows)
    message = caught.value.message
    assert not ENGLISH.search(NAMES.sub("", message)), message
    return message


def still_reads():
    """The process that met the hostile file goes on reading files."""
    table = read_table(io.BytesIO(workbook_bytes([["名称", "金额"], ["甲", 1]])), filename="ok.xlsx")
    assert list(table.rows) == [(2, ["甲", 1.0])]


def test_declared_dimension_far_too_large_is_refused_before_parsing():
    data = workbook_bytes([["名称", "金额"], ["甲", 1]], XFD1048576=1)
    assert len(data) < 10_000  # a few kilobytes that would ask calamine for 512 GiB
    message = refused(data, "huge.xlsx")
    assert "A1:XFD1048576" in message and "1,048,576 行 × 16,384 列" in message
    still_reads()


def test_a_crash_inside_the_reader_becomes_a_message():
    """Without a <dimension> the cell at XFD1048576 reaches calamine, which aborts: only its child process dies."""
    data = workbook_bytes([["名称", "金额"]], XFD1048576=1)
    data = rewrite_sheet(data, lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    assert "读取程序在解析该文件时异常退出" in refused(data, "crash.xlsx")
    still_reads()


def test_zip_bomb_is_refused_before_unpacking():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (40 * 2**20))  # 40 MB of spaces pack into ~40 KB
    assert len(bomb.getvalue()) < 100_000
    assert "疑似压缩炸弹" in refused(bomb.getvalue(), "bomb.xlsx")
    still_reads()


def test_total_uncompressed_size_has_a_limit(settings):
    settings.GONGJIAN_IMPORT_MAX_UNCOMPRESSED_MB = 0.001
    assert "解压后有" in refused(workbook_bytes([["名称", "金额"]]), "big.xlsx")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("list.xlsx", b"this is a letter, not a workbook", "不是有效的 Excel/CSV 文件"),
        ("list.xlsx", workbook_bytes([["名称", "金额"], ["甲", 1]])[:1500], "文件不完整或已损坏"),
        ("list.xls", "<html><body><table><tr><td>名称</td><td>金额</td></tr></table></body></html>".encode(), "网页"),
        ("list.xlsx", b"", "文件是空的"),
        ("list.xls", b"", "文件是空的"),
        ("list.csv", b"", "文件是空的"),
        ("list.xlsx", random.Random(1).randbytes(5000), "不是有效的 Excel/CSV 文件"),
        ("list.xls", random.Random(2).randbytes(5000), "不是有效的 Excel/CSV 文件"),
        ("list.ods", random.Random(3).randbytes(5000), "不是有效的 Excel/CSV 文件"),
        ("list.csv", b"\x00\x01\x02" + random.Random(4).randbytes(5000), "不是 CSV 文本"),
        ("list.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "密码保护"),
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "不是有效的 Excel/CSV 文件"),
        ("list.xls", workbook_bytes([["名称", "金额"]]), "只是扩展名为 .xls"),
    ],
    ids=[
        "not-a-zip",
        "truncated",
        "html-as-xls",
        "empty-xlsx",
        "empty-xls",
        "empty-csv",
        "garbage-xlsx",
        "garbage-xls",
        "garbage-ods",
        "garbage-csv",
        "ole-as-xlsx",
        "broken-ole-xls",
        "xlsx-as-xls",
    ],
)
def test_damaged_and_disguised_files_get_a_chinese_message(name, data, expected):
    assert expected in refused(data, name)
    still_reads()


def test_rows_are_capped_before_reading_them(settings):
    settings.GONGJIAN_IMPORT_MAX_ROWS = 5
    rows = [["名称", "金额"]] + [[f"项目{i}", i] for i in range(200)]
    assert "超过上限 5 行" in refused(workbook_bytes(rows), "many.xlsx")  # from the declared dimension
    undeclared = rewrite_sheet(workbook_bytes(rows), lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    assert "超过 5 行数据" in refused(undeclared, "many.xlsx")  # from the sheet calamine read
    csv_text = "\n".join(",".join(map(str, row)) for row in rows)
    assert "超过 5 行数据" in refused(csv_text.encode(), "many.csv")


def test_too_many_columns_are_refused(settings):
    settings.GONGJIAN_IMPORT_MAX_COLUMNS = 10
    assert "范围" in refused(workbook_bytes([["名称", "金额"]], Z1=1), "wide.xlsx")
    assert "超过上限 10 列" in refused(("名称,金额\n" + ",".join(["1"] * 50)).encode(), "wide.csv")


def test_a_csv_line_of_absurd_length_is_refused_not_loaded_whole():
    line = "项目," + "很" * 1_000_000
    assert "第 2 行无法读取" in refused(f"名称,说明\n{line}\n".encode(), "long.csv")


def test_file_size_has_a_limit(settings):
    settings.GONGJIAN_IMPORT_MAX_FILE_MB = 0.001
    assert "超过导入上限" in refused(workbook_bytes([["名称", "金额"]] * 50), "big.xlsx")
    assert "超过导入上限" in refused(("名称,金额\n" * 200).encode(), "big.csv")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_and_gb18030_csv(encoding):
    text = "项目名称,建设单位,总投资（亿元）\n鲅鱼圈港区镁质材料项目,营口镁业有限公司,１．５\n"
    table = read_table(io.BytesIO(text.encode(encoding)), filename="list.csv")
    assert table.headers == ["项目名称", "建设单位", "总投资（亿元）"]
    assert list(table.rows) == [(2, ["鲅鱼圈港区镁质材料项目", "营口镁业有限公司", "１．５"])]


# --- Excel error values and formulas without a calculated value ---


def test_xlsx_error_values_are_error_cells_not_blanks():
    codes = ["#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NULL!", "#NUM!"]
    data = workbook_bytes([["名称", "总投资"]] + [[f"项目{i}", code] for i, code in enumerate(codes)])
    assert b't="e"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")  # as Excel writes them
    rows = list(read_table(io.BytesIO(data), filename="errors.xlsx").rows)
    assert [cells[1] for _number, cells in rows] == [ErrorCell(code) for code in codes]
    assert set(codes) <= EXCEL_ERROR_CODES


def test_formulas_without_a_cached_value_are_error_cells():
    """openpyxl (and some generators) save formulas without their result: calamine reads those as ""."""
    data = workbook_bytes([["名称", "总投资"], ["甲", "=1/0"], ["乙", "=SUM(B5:B6)"], ["丙", 3]])
    rows = list(read_table(io.BytesIO(data), filename="formulas.xlsx").rows)
    assert rows == [(2, ["甲", ErrorCell("", "1/0")]), (3, ["乙", ErrorCell("", "SUM(B5:B6)")]), (4, ["丙", 3.0])]


def test_error_cells_keep_their_place_in_a_sheet_that_starts_lower_and_further_right():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C4"], ws["D4"], ws["C5"], ws["D5"], ws["C6"], ws["D6"] = "名称", "金额", "甲", "=1/0", "乙", "#REF!"
    data = io.BytesIO()
    wb.save(data)
    table = read_table(data, filename="offset.xlsx")
    assert table.header_row_numbers == [4]
    assert list(table.rows) == [(5, ["甲", ErrorCell("", "1/0")]), (6, ["乙", ErrorCell("#REF!")])]


def ods_bytes(rows_xml: str) -> bytes:
    """A minimal OpenDocument spreadsheet with one table "项目" holding the given <table:table-row>s."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
        ' office:version="1.2"><office:body><office:spreadsheet><table:table table:name="项目">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return data.getvalue()


def ods_text(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def test_ods_error_values_and_uncalculated_formulas_are_error_cells():
    """LibreOffice stores #DIV/0! as a float 0 with calcext:value-type="error": calamine would read 0."""
    rows = "".join(
        f"<table:table-row>{cells}</table:table-row>"
        for cells in [
            ods_text("名称") + ods_text("总投资"),
            ods_text("甲") + '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0"'
            ' calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
            ods_text("乙") + '<table:table-cell table:formula="of:=[.Z9]"/>',
            ods_text("丙") + '<table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p>'
            "</table:table-cell>",
        ]
    )
    table = read_table(io.BytesIO(ods_bytes(rows)), filename="errors.ods")
    assert list(table.rows) == [
        (2, ["甲", ErrorCell("#DIV/0!", "of:=1/0")]),
        (3, ["乙", ErrorCell("", "of:=[.Z9]")]),
        (4, ["丙", 7.0]),
    ]


def test_read_sheet_names_a_missing_sheet_and_lists_the_others():
    with pytest.raises(TableError) as caught:
        read_sheet(io.BytesIO(workbook_bytes([["名称", "金额"]])), sheet="模板信息", filename="a.xlsx")
    assert caught.value.sheet_names == ["Sheet"]


def test_no_temporary_copies_are_left_behind(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    list(read_table(io.BytesIO(workbook_bytes([["名称", "金额"], ["甲", 1]])), filename="a.xlsx").rows)
    with pytest.raises(TableError):
        read_table(io.BytesIO(b"garbage"), filename="a.xlsx")
    table = read_table(io.BytesIO(workbook_bytes([["名称", "金额"], ["甲", 1], ["乙", 2]])), filename="a.xlsx")
    next(table.rows)
    table.rows.close()  # a caller that stops early (the web page's three example rows)
    assert os.listdir(tmp_path) == []


def test_kept_error_messages_are_capped_and_the_rest_counted(settings):
    settings.GONGJIAN_IMPORT_MAX_ERRORS = 3
    result = ImportResult()
    for row in range(10, 20):
        result.add_errors([RowError(row, "总投资", "不是数字"), RowError(row, "计划开工", "无法识别的日期")])
    assert len(result.errors) == 3 and result.dropped_errors == 17
    assert result.rejected == 10
    assert "另有 17 条未列出" in result.dropped_note()
    again = ImportResult.from_dict(result.as_dict())
    assert (again.rejected, again.dropped_errors) == (10, 17)


def test_a_formula_whose_result_is_the_empty_string_stays_blank():
    """Excel saves =IF(A2="","",…) with t="str" and an empty <v>: a calculated blank, not a missing value."""
    data = workbook_bytes([["名称", "总投资"], ["甲", 1], ["乙", 2]])
    data = rewrite_sheet(
        data,
        lambda xml: xml.replace(
            b'<c r="B2" t="n"><v>1</v></c>', b'<c r="B2" t="str"><f>IF(A2="","","")</f><v></v></c>'
        ),
    )
    rows = list(read_table(io.BytesIO(data), filename="blank.xlsx").rows)
    assert rows == [(2, ["甲", ""]), (3, ["乙", 2.0])]


@pytest.mark.parametrize("signal_name", ["SIGSEGV", "SIGKILL"])
def test_a_reader_killed_by_a_signal_becomes_a_message(tmp_path, monkeypatch, signal_name):
    """Whatever kills the reader (a segfault in native code, the kernel's OOM killer), the clerk gets a message."""
    worker = tmp_path / "dying_worker.py"
    worker.write_text(f"import os, signal\nos.kill(os.getpid(), signal.{signal_name})\n")
    monkeypatch.setattr("core.importing.reader.WORKER", worker)
    data = workbook_bytes([["名称", "金额"], ["甲", 1]])
    assert "读取程序在解析该文件时异常退出" in refused(data, "list.xlsx")


def test_a_csv_in_no_known_encoding_names_the_line():
    data = "项目名称,总投资\n港区,1\n".encode("gb18030") + b"\xff\xfe\xfd,2\n"
    assert "第 3 行含有无法识别的字符" in refused(data, "list.csv")


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(["list.xlsx", "list.csv"]),
    changes=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=20),
    cut=st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_a_damaged_file_is_read_or_refused_with_a_message_never_anything_else(kind, changes, cut):
    """Bytes changed anywhere in a workbook or CSV (what a broken disk or transfer does): rows or a TableError."""
    base = workbook_bytes([["项目名称", "总投资"], *([f"项目{i}", i] for i in range(30))], B5="=1/0")
    if kind.endswith(".csv"):
        base = ("项目名称,总投资\n" + "港区,1\n" * 30).encode("gb18030")
    data = bytearray(base)
    for position, value in changes:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % len(data)]
    try:
        list(read_table(io.BytesIO(bytes(data)), filename=kind).rows)
    except TableError as error:
        assert not ENGLISH.search(NAMES.sub("", error.message)), error.message


def test_error_cells_are_placed_in_sheets_written_without_cell_references():
    """r="B3" is optional in .xlsx: some generators leave it out, and the cells are then placed by counting."""
    data = workbook_bytes([["名称", "总投资"], ["甲", 1], ["乙", "=1/0"], ["丙", "#N/A"]])
    data = rewrite_sheet(data, lambda xml: re.sub(rb' r="[A-Z]+\d+"', b"", xml))
    rows = list(read_table(io.BytesIO(data), filename="norefs.xlsx").rows)
    assert rows == [(2, ["甲", 1.0]), (3, ["乙", ErrorCell("", "1/0")]), (4, ["丙", ErrorCell("#N/A")])]


def test_ods_error_cells_in_repeated_rows_are_all_found():
    error = (
        '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0"'
        ' calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
    )
    rows = (
        f"<table:table-row>{ods_text('名称') + ods_text('总投资')}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="3">{ods_text("同名") + error}</table:table-row>'
    )
    table = read_table(io.BytesIO(ods_bytes(rows)), filename="repeated.ods")
    assert list(table.rows) == [(n, ["同名", ErrorCell("#DIV/0!", "of:=1/0")]) for n in (2, 3, 4)]


@needs_libreoffice
def test_xls_error_values_are_error_cells_not_blanks(tmp_path):
    """An old .xls (as WPS and LibreOffice still save): calamine reads #DIV/0! and #N/A there as blanks."""
    source = tmp_path / "errors.xlsx"
    source.write_bytes(workbook_bytes([["名称", "总投资"], ["甲", "=1/0"], ["乙", 5], ["丙", "=NA()"]]))
    table = read_table(resave(source, "xls"))
    assert list(table.rows) == [
        (2, ["甲", ErrorCell("#DIV/0!")]),
        (3, ["乙", 5.0]),
        (4, ["丙", ErrorCell("#N/A")]),
    ]
