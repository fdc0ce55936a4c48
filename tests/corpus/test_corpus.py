"""Every corpus sheet, imported through the real entry point as the city administrator, stores exactly its projects.

Named cases (cases.py) check one layout each, also after a LibreOffice re-save; the property test lays random
project lists out in random realistic layouts and file formats and asserts the same stored figures to the cent.
"""

import datetime as dt
import io
import re
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.importing.results import ImportFailed, ImportResult
from core.testing import user_for
from projects.importing import import_projects
from projects.models import Project
from tests.corpus.cases import CASES, PROJECTS, WIDE
from tests.corpus.generator import (
    DEPARTMENTS,
    HEADERS,
    REGIONS,
    STAGE_WORDS,
    CorpusProject,
    Layout,
    render,
    write,
)
from tests.corpus.resave import SOFFICE, needs_libreoffice, resave

pytestmark = pytest.mark.django_db

STORED = (
    "name",
    "owner",
    "region__code",
    "total_investment",
    "stage",
    "planned_start",
    "planned_finish",
    "actual_start",
    "responsible_department__code",
)


def stored_projects() -> set[tuple]:
    """What the database holds, in the order of CorpusProject.stored()."""
    return set(Project.objects.values_list(*STORED))


def import_as_city_admin(path: Path, *, cli: bool = False):
    """Through the function the web and the CLI call, or through the command line itself; counts come back."""
    if not cli:
        return import_projects(path, user=user_for("admin"))
    out = io.StringIO()
    call_command("import", "projects", str(path), "--user", user_for("admin").username, "--no-progress", stdout=out)
    counts = re.search(r"新建 (\d+)，更新 (\d+)，未变 (\d+)，拒绝 (\d+) 行", out.getvalue())
    assert counts, out.getvalue()
    created, updated, unchanged, rejected = map(int, counts.groups())
    return ImportResult(created=created, updated=updated, unchanged=unchanged, written=True), rejected


def _case_params():
    for case in CASES:
        yield pytest.param(case, id=case.id, marks=[needs_libreoffice] if case.resave else [])


@pytest.mark.parametrize("case", list(_case_params()))
def test_named_case_stores_exactly_its_projects(case, tmp_path):
    suffix = ".xlsx" if case.fmt == "xlsx" else ".csv"
    path = write(list(case.projects), case.layout, tmp_path / f"{case.id}{suffix}", case.fmt)
    if case.resave:
        path = resave(path, case.resave)
    if case.cli:
        result, rejected = import_as_city_admin(path, cli=True)
        assert rejected == 0
    else:
        result = import_as_city_admin(path)
        assert [str(error) for error in result.errors] == []
    assert (result.created, result.updated, result.written) == (len(case.projects), 0, True)
    assert stored_projects() == {project.stored() for project in case.projects}
    assert Project.objects.count() == len(case.projects)
    # Importing the same file again changes nothing.
    again = import_as_city_admin(path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, len(case.projects), 0)


def test_excel_error_cells_are_rejected_not_taken_for_blanks(tmp_path):
    """#REF!/#VALUE! where a figure should be: the row is rejected by row and column, nothing stored changes.

    A blank cell keeps what the system holds, so reading an error cell as blank would silently keep an old
    figure the clerk meant to replace.
    """
    project = PROJECTS[0]
    import_as_city_admin(write([project], Layout(), tmp_path / "first.xlsx"))
    path = write([project], Layout(title=None, total_row=False), tmp_path / "errors.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(2, header.index("总投资（万元）") + 1).value = "#REF!"  # openpyxl stores it as an error cell
    sheet.cell(2, header.index("计划竣工") + 1).value = "#VALUE!"
    workbook.save(path)
    result = import_as_city_admin(path)
    assert {(error.row, error.column) for error in result.errors} == {(2, "总投资（万元）"), (2, "计划竣工")}
    assert not result.written and stored_projects() == {project.stored()}


def test_formulas_without_a_computed_value_are_rejected(tmp_path):
    """A file written by a program (not Excel): 总投资 is =H3+I3+J3 with no stored result. Reading that as blank
    would keep the old figure without a word; the rows must be rejected at the 总投资 column instead."""
    projects = PROJECTS[:3]
    before = [replace(project, total=project.total - 1000) for project in projects]
    import_as_city_admin(write(before, Layout(), tmp_path / "before.xlsx"))
    path = write(projects, Layout(columns=WIDE, total_formula=True, title=None), tmp_path / "formulas.xlsx")
    result = import_as_city_admin(path)
    assert {(error.row, error.column) for error in result.errors} == {(row, "总投资（万元）") for row in (2, 3, 4)}
    assert not result.written and stored_projects() == {project.stored() for project in before}


def test_a_unit_line_that_contradicts_the_header_stops_the_import(tmp_path):
    """单位：万元 above a header saying 总投资（亿元）: one of them is wrong; the import asks instead of guessing."""
    path = write(PROJECTS, Layout(unit="亿元", unit_line="单位：万元"), tmp_path / "contradiction.xlsx")
    try:
        result = import_as_city_admin(path)
    except ImportFailed as failure:
        assert "亿元" in failure.message and "万元" in failure.message
    else:
        assert result.errors and not result.written
    assert not Project.objects.exists()


def test_a_unit_merged_under_several_columns_in_a_csv_is_questioned(tmp_path):
    """ "（亿元）" merged under 年度计划, 总投资 and 累计完成 reaches a CSV under the first of them only: 总投资 has no
    unit of its own beside a column in 亿元, so the import asks instead of taking 万元."""
    columns = ("name", "owner", "region", "plan", "total")
    layout = Layout(unit="亿元", unit_place="under", header_rows=2, columns=columns)
    path = write(PROJECTS, layout, tmp_path / "merged-unit.csv", "csv")
    try:
        result = import_as_city_admin(path)
    except ImportFailed as failure:
        assert "总投资" in failure.message and "亿元" in failure.message
    else:
        raise AssertionError(f"imported without a question: {result.summary()}")
    assert not Project.objects.exists()


def test_a_list_resent_in_yi_without_saying_so_is_questioned(tmp_path):
    """The same list sent again with 总投资 in 亿元 but no unit anywhere: every figure would shrink 10,000-fold.

    Taken at its word (万元) the file is readable, so only comparing with what the system holds can catch it:
    the rows must be held back for confirmation, not written.
    """
    import_as_city_admin(write(PROJECTS, Layout(), tmp_path / "first.xlsx"))
    resent = write(PROJECTS, Layout(unit="亿元", unit_place="none"), tmp_path / "resent.xlsx")
    result = import_as_city_admin(resent)
    assert not result.written and stored_projects() == {project.stored() for project in PROJECTS}
    assert {error.row for error in result.errors} == set(range(3, 3 + len(PROJECTS)))


def test_the_corpus_writes_what_it_promises(tmp_path):
    """The generator itself: merged title and headers, units where the layout says, 亿元 to six decimals."""
    layout = Layout(header_rows=2, unit="亿元", sections=True, subtotals=True, notes=True)
    grid = render(PROJECTS[:3], layout)
    texts = [value for row in grid.rows for value in row if isinstance(value, str)]
    assert grid.rows[0][0] == "营口市2024年重点项目建设计划表" and (1, 1, 1, len(layout.columns)) in grid.merges
    assert "总投资（亿元）" in texts and "建设起止年限" in texts and "一、续建项目" in texts
    assert "鲅鱼圈区小计" in texts and any(text.startswith("注：") for text in texts)
    amounts = [row[layout.columns.index("total")] for row in grid.rows]
    assert 28.65 in amounts and 15.230050 in amounts and 4.567891 in amounts
    # A 2,000-project GBK CSV round-trips its encoding.
    path = write(PROJECTS, Layout(money_style="fullwidth"), tmp_path / "gbk.csv", "csv_gbk")
    assert "２８６，５００" in path.read_bytes().decode("gbk")


# --- The property: any realistic layout of the same projects stores the same figures ---

PLACES = ["鲅鱼圈", "熊岳", "仙人岛", "沿海", "大石桥", "盖州", "老边", "站前", "西市", "高新区", "辽河", "营口港"]
WORKS = ["精细化工", "镁质材料", "冷链物流", "新能源", "港口物流", "智能装备", "温泉康养", "粮油加工", "集成电路"]
KINDS = ["产业园", "基础设施", "改扩建工程", "项目", "基地", "示范区建设工程"]
SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司", "发展有限公司"]


@st.composite
def corpus_projects(draw):
    count = draw(st.integers(min_value=1, max_value=7))
    names = draw(
        st.lists(
            st.tuples(st.sampled_from(PLACES), st.sampled_from(WORKS), st.sampled_from(KINDS)),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    projects = []
    for place, work, kind in names:
        stage = draw(st.sampled_from(sorted(STAGE_WORDS)))
        start = dt.date(draw(st.integers(2021, 2025)), draw(st.integers(1, 12)), draw(st.sampled_from([1, 1, 15, 28])))
        finish = start + dt.timedelta(days=draw(st.integers(0, 1500)))
        started = stage in ("new_start", "continuing")
        actual = start + dt.timedelta(days=draw(st.integers(0, 90))) if started else None
        owner = "营口" + draw(st.sampled_from(PLACES)) + draw(st.sampled_from(WORKS)) + draw(st.sampled_from(SUFFIXES))
        cents = draw(st.integers(min_value=1, max_value=50_000_000_000))  # up to 5亿万元 = 5,000亿元
        projects.append(
            CorpusProject(
                name=f"{place}{work}{kind}",
                owner=owner,
                region=draw(st.sampled_from(sorted(REGIONS))),
                total=Decimal(cents) / 100,
                stage=stage,
                planned_start=draw(st.sampled_from([start, None])) if not started else start,
                planned_finish=draw(st.sampled_from([finish, None])),
                actual_start=actual,
                department=draw(st.sampled_from([*sorted(DEPARTMENTS), None])),
            )
        )
    return projects


# Columns that a realistic sheet keeps side by side (the planned dates share the 建设起止年限 group).
BLOCKS = [("name",), ("owner",), ("region",), ("total",), ("stage",), ("planned_start", "planned_finish")]
BLOCKS += [("actual_start",), ("department",)]
# Columns the import must leave alone: other money figures, the funding sources (together), remarks.
OTHER_BLOCKS = [("plan",), ("done",), ("central", "local", "own"), ("remarks",)]


@st.composite
def layouts(draw, fmt: str):
    header_rows = draw(st.integers(1, 2 if fmt != "xlsx" else 3))  # a CSV has no merges to show a third level
    others = draw(st.lists(st.sampled_from(OTHER_BLOCKS), unique=True, max_size=len(OTHER_BLOCKS)))
    blocks = draw(st.permutations(BLOCKS + others))
    columns = ("seq",) if header_rows == 3 or draw(st.booleans()) else ()
    columns += tuple(key for block in blocks for key in block)
    money_style = draw(st.sampled_from(["number", "float_noise", "text", "thousands", "fullwidth"]))
    # 总投资 as a formula over the funding sources, in a file that LibreOffice then computes and saves.
    formula = bool(SOFFICE) and fmt == "xlsx" and "own" in columns and money_style in ("number", "float_noise")
    words = {key: draw(st.sampled_from(HEADERS[key])) for key in columns if key != "seq"}
    unit_places = ["header", "line"]
    if header_rows > 1:
        unit_places += ["group", "under"]
    matching = ["sections", "subtotals", "notes"]
    return Layout(
        title=draw(st.sampled_from(["营口市2024年重点项目建设计划表", "2024年鲅鱼圈区重大项目清单", None])),
        unit=draw(st.sampled_from(["万元", "亿元", "元"])),
        unit_place=draw(st.sampled_from(unit_places)),
        header_rows=header_rows,
        columns=columns,
        words=words,
        region_style=draw(st.sampled_from(["name", "short", "code", "city"])),
        department_style=draw(st.sampled_from(["name", "short", "code"])),
        stage_style=draw(st.integers(0, 1)),
        money_style=money_style,
        total_formula=formula and draw(st.booleans()),
        date_style=draw(st.sampled_from(["date", "iso", "slash", "dotted", "chinese", "month", "serial", "compact"])),
        sections="sections" in matching and draw(st.booleans()),
        subtotals="subtotals" in matching and draw(st.booleans()),
        notes="notes" in matching and draw(st.booleans()),
        total_row=draw(st.booleans()),
        filler=draw(st.sampled_from(["", "/", "—"])),
        merge_title=draw(st.booleans()),
        header_breaks=draw(st.booleans()),
    )


# One .xlsx sheet in three (where LibreOffice is installed) is re-saved by it before the import.
RESAVES = [*[None] * 8, "ods", "xls", "xlsx", "csv_gbk"] if SOFFICE else [None]


@st.composite
def sheets(draw):
    fmt = draw(st.sampled_from(["xlsx", "csv", "csv_gbk"]))
    layout = draw(layouts(fmt))
    if fmt != "xlsx" and layout.unit_place == "under":
        # A CSV keeps a merged "（亿元）" under several money columns in the first only: the import must ask
        # (test_a_unit_merged_under_several_columns_in_a_csv_is_questioned), so it cannot store the figures.
        layout = replace(layout, unit_place="header")
    resaves = RESAVES
    if layout.header_rows == 3 or layout.unit_place == "under":  # a CSV has no merges (third level, unit below)
        resaves = [target for target in resaves if target not in ("csv", "csv_gbk")]
    again = draw(st.sampled_from(resaves)) if fmt == "xlsx" else None
    if layout.total_formula:
        again = draw(st.sampled_from([target for target in ("xlsx", "ods", "xls") if target in resaves]))
    return draw(corpus_projects()), layout, fmt, again


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=sheets())
def test_any_realistic_layout_stores_the_same_figures_to_the_cent(sheet):
    projects, layout, fmt, again = sheet
    with tempfile.TemporaryDirectory() as folder:
        path = write(projects, layout, Path(folder) / f"sheet.{'xlsx' if fmt == 'xlsx' else 'csv'}", fmt)
        if again:
            path = resave(path, again)
        with transaction.atomic():
            result = import_as_city_admin(path)
            stored = stored_projects()
            transaction.set_rollback(True)  # each example starts from an empty project table
    assert [str(error) for error in result.errors] == [], (layout, fmt, again)
    assert result.created == len(projects)
    assert stored == {project.stored() for project in projects}
