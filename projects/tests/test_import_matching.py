"""Matching imported rows to projects: normalised names, near duplicates, districts, external keys, scope;
large changes of a figure; dedupe that keeps the latest non-blank value of each column."""

import io
import string
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.importing.matching import match_key, one_apart
from core.importing.results import ImportFailed
from core.testing import user_for
from projects.importing import import_projects
from projects.models import Project
from projects.testing import make_project

pytestmark = pytest.mark.django_db

CODE = "2024-210804-44-01-100001"


def csv_file(text: str, name="list.csv"):
    data = io.BytesIO(text.encode("utf-8"))
    data.name = name
    return data


def xlsx(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


# --- names compared after normalising width, whitespace and punctuation ------------------------------------------

FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
BRACKET_VARIANTS = [("（", "）"), ("(", ")"), ("【", "】"), ("[", "]"), ("〔", "〕")]


@st.composite
def written_variants(draw):
    """A project name with a phase in brackets, and the same name as another office would write it."""
    core = draw(
        st.text(alphabet="营口港区鲅鱼圈大石桥镁业化工物流园污水处理厂新建扩建工程项目", min_size=2, max_size=12)
    )
    latin = draw(st.text(alphabet=string.ascii_letters + string.digits, max_size=4))
    phase = draw(st.sampled_from(["一期", "二期", "三期", "2024", "A区"]))
    left, right = draw(st.sampled_from(BRACKET_VARIANTS))
    canonical = f"{core}{latin}（{phase}）"
    variant = f"{core}{latin}{left}{phase}{right}"
    if draw(st.booleans()):
        variant = "".join(FULL_WIDTH.get(c, c) for c in variant)  # 全角 letters and digits
    if draw(st.booleans()):
        variant = variant.lower() if draw(st.booleans()) else variant.upper()
    spaces = draw(st.lists(st.integers(min_value=0, max_value=len(variant)), max_size=3))
    for position in sorted(spaces, reverse=True):
        variant = variant[:position] + draw(st.sampled_from([" ", "\u3000", "\n", "·", "、"])) + variant[position:]
    return canonical, variant


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=written_variants(), owner_spaces=st.booleans())
def test_width_whitespace_and_punctuation_variants_match_the_same_project_but_never_across_districts(
    names, owner_spaces
):
    canonical, variant = names
    owner = "营口港务集团（有限公司）"
    with_owner = "营口港务集团 (有限公司)" if owner_spaces else "营口港务集团(有限公司)"
    assert match_key(canonical) == match_key(variant)
    Project.objects.all().delete()
    project = make_project(name=canonical, owner=owner, region="210804", total_investment=Decimal("500"))
    other = make_project(name=canonical, owner=owner, region="210881", total_investment=Decimal("700"))
    text = f'项目名称,建设单位,县区,总投资\n"{variant}",{with_owner},鲅鱼圈区,600\n'
    result = import_projects(csv_file(text))
    assert (result.created, result.updated, result.rejected) == (0, 1, 0), result.errors
    project.refresh_from_db()
    other.refresh_from_db()
    assert (project.name, project.total_investment) == (variant.strip(), Decimal("600.00"))
    assert other.total_investment == Decimal("700.00")  # the same name in 盖州市 is another project
    assert Project.objects.count() == 2
    # In a district holding no such project, the variant never matches either of them: it is a question.
    elsewhere = import_projects(csv_file(text.replace("鲅鱼圈区", "西市区").replace(",600", ",650")))
    assert (elsewhere.updated, elsewhere.created, [e.kind for e in elsewhere.errors]) == (0, 0, ["near_duplicate"])
    assert sorted(Project.objects.values_list("total_investment", flat=True)) == [Decimal("600.00"), Decimal("700.00")]


def test_one_apart():
    assert one_apart("营口港三期", "营口港四期") and one_apart("营口港三期", "营口港三期a") and one_apart("ab", "b")
    assert not one_apart("营口港三期", "营口港三期") and not one_apart("营口港三期", "营口港四五期")


def test_a_near_match_is_asked_never_merged_or_silently_created():
    existing = make_project(name="鲅鱼圈港区（三期）泊位工程", owner="营口港务集团", region="210804")
    text = "项目名称,建设单位,县区,总投资,阶段\n鲅鱼圈港区（四期）泊位工程,营口港务集团,鲅鱼圈区,900,前期\n"
    result = import_projects(csv_file(text))
    assert (result.created, result.written, result.rejected) == (0, False, 1)
    (question,) = result.errors
    assert (question.row, question.column, question.kind) == (2, "项目名称", "near_duplicate")
    assert "可能与系统中的项目「鲅鱼圈港区（三期）泊位工程」（建设单位：营口港务集团）重复" in question.reason
    assert Project.objects.count() == 1
    # The owner one character away is as uncertain as the name.
    owner_near = "项目名称,建设单位,县区,总投资\n鲅鱼圈港区（三期）泊位工程,营口港务集团公,鲅鱼圈区,900\n"
    assert [e.kind for e in import_projects(csv_file(owner_near)).errors] == ["near_duplicate"]
    # Confirmed: a new project, the existing one untouched.
    result = import_projects(csv_file(text), confirm=["near_duplicate"])
    assert (result.created, result.written, [f.kind for f in result.flags]) == (1, True, ["near_duplicate"])
    existing.refresh_from_db()
    assert existing.total_investment == Decimal("12345.67")
    assert Project.objects.filter(name="鲅鱼圈港区（四期）泊位工程", region__code="210804").exists()


def test_the_same_name_in_another_district_is_a_question_then_another_project():
    gaizhou = make_project(name="冷链物流中心", owner="西海农业", region="210881", total_investment=Decimal("800"))
    text = "项目名称,建设单位,县区,总投资\n冷链物流中心,西海农业,鲅鱼圈区,800\n"
    result = import_projects(csv_file(text))
    assert [(e.column, e.kind) for e in result.errors] == [("县区", "near_duplicate")]
    assert "系统中「盖州市」已有同名同建设单位的项目" in result.errors[0].reason
    result = import_projects(csv_file(text), confirm=["near_duplicate"])
    assert (result.created, result.updated) == (1, 0)
    gaizhou.refresh_from_db()
    assert gaizhou.region.code == "210881"
    assert sorted(Project.objects.values_list("region__code", flat=True)) == ["210804", "210881"]


def test_an_import_moves_a_project_to_another_district_only_when_confirmed():
    project = make_project(national_code=CODE, name="港区项目", region="210804")
    text = f"项目代码,项目名称,建设单位,县区,总投资\n{CODE},港区项目,营口测试建设有限公司,老边区,12345.67\n"
    result = import_projects(csv_file(text))
    assert [(e.kind, e.old, e.new) for e in result.errors] == [("region_move", "鲅鱼圈区", "老边区")]
    project.refresh_from_db()
    assert project.region.code == "210804"
    result = import_projects(csv_file(text), confirm=["region_move"])
    assert result.updated == 1 and [f.kind for f in result.flags] == ["region_move"]
    project.refresh_from_db()
    assert project.region.code == "210811"
    # A file without a region column never moves anything.
    text = f"项目代码,项目名称,建设单位,总投资\n{CODE},港区项目,营口测试建设有限公司,12345.67\n"
    assert import_projects(csv_file(text)).unchanged == 1


def test_a_match_outside_the_users_scope_reveals_nothing():
    hidden = make_project(national_code=CODE, name="盖州秘密项目", region="210881", stage="preliminary")
    text = f"项目代码,项目名称,建设单位,县区,总投资\n{CODE},本区项目,某公司,鲅鱼圈区,100\n"
    result = import_projects(csv_file(text), user=user_for("byq"), valid_rows_only=True)
    (error,) = result.errors
    assert (
        error.column == "项目代码" and error.reason == "该编号已属于您辖区之外的项目，不能由您导入；请与市发改委核对。"
    )
    for secret in (CODE, "盖州秘密项目", "盖州", "前期"):
        assert secret not in error.reason
    hidden.refresh_from_db()
    assert hidden.name == "盖州秘密项目" and Project.objects.count() == 1


def test_external_key_from_the_mapping_matches_before_anything_else(tmp_path):
    mapping = '[external_key]\nsource = "营口市项目库"\ncolumn = "项目编号"\n'
    headers = ["项目编号", "项目名称", "建设单位", "县区", "总投资"]
    first = xlsx(tmp_path / "a.xlsx", [headers, ["YK-001", "港区项目", "港务", "鲅鱼圈区", 100]])
    result = import_projects(first, mapping=mapping)
    assert result.created == 1
    project = Project.objects.get()
    assert project.external_key == "营口市项目库:YK-001"
    # Renamed and re-owned in the next list: still the same project, found by its id.
    renamed = xlsx(tmp_path / "b.xlsx", [headers, ["YK-001", "鲅鱼圈港区项目", "营口港务集团", "鲅鱼圈区", 120]])
    result = import_projects(renamed, mapping=mapping)
    assert (result.created, result.updated) == (0, 1)
    project.refresh_from_db()
    assert (project.name, project.owner, project.total_investment) == (
        "鲅鱼圈港区项目",
        "营口港务集团",
        Decimal("120.00"),
    )
    # Two ids with the same name and owner are two projects; one id twice in a file is one project twice.
    pair = [headers, ["YK-002", "同名项目", "甲", "站前区", 1], ["YK-003", "同名项目", "甲", "站前区", 2]]
    assert import_projects(xlsx(tmp_path / "c.xlsx", pair), mapping=mapping).created == 2
    twice = [headers, ["YK-004", "项目四", "甲", "站前区", 1], ["YK-004", "项目四", "甲", "站前区", 2]]
    result = import_projects(xlsx(tmp_path / "d.xlsx", twice), mapping=mapping)
    assert [(e.row, e.column) for e in result.errors] == [(3, "项目编号")]
    with pytest.raises(ImportFailed, match="external_key.column 的列「编号」在文件中不存在"):
        import_projects(first, mapping='[external_key]\nsource = "x"\ncolumn = "编号"\n')
    with pytest.raises(ImportFailed, match="external_key.source"):
        import_projects(first, mapping='[external_key]\nsource = "a:b"\ncolumn = "项目编号"\n')


# --- a figure that changes by ten times or more ------------------------------------------------------------------


def test_a_tenfold_change_is_flagged_with_old_and_new_and_written_only_when_confirmed(tmp_path, capsys):
    project = make_project(national_code=CODE, name="港区项目", total_investment=Decimal("50000"))  # 5亿元
    # The district wrote 5 (meaning 亿元) into a 万元 column.
    path = tmp_path / "list.csv"
    path.write_text(f"项目代码,项目名称,建设单位,总投资（万元）\n{CODE},港区项目,营口测试建设有限公司,5\n", "utf-8")
    result = import_projects(path)
    (question,) = result.errors
    assert (question.row, question.column, question.kind) == (2, "总投资（万元）", "large_change")
    assert (question.old, question.new) == ("50,000.00", "5.00")
    assert "从 50,000.00 变为 5.00（万元），变化达 10 倍以上" in question.reason
    assert not result.written
    with pytest.raises(CommandError):
        call_command("import", "projects", str(path), "--no-progress")
    out = capsys.readouterr().out
    assert "核对无误后加 --accept-large-changes 重新导入" in out
    project.refresh_from_db()
    assert project.total_investment == Decimal("50000.00")

    call_command("import", "projects", str(path), "--no-progress", "--accept-large-changes")
    out = capsys.readouterr().out
    assert "已确认：第 2 行「总投资（万元）」列：「港区项目」的总投资（万元）从 50,000.00 变为 5.00" in out
    project.refresh_from_db()
    assert project.total_investment == Decimal("5.00")


@pytest.mark.parametrize(
    ("old", "new", "flagged"),
    [("100", "999.99", False), ("100", "1000", True), ("100", "10.01", False), ("100", "10", True), ("100", "0", True)],
)
def test_the_change_factor_boundaries(old, new, flagged):
    make_project(national_code=CODE, total_investment=Decimal(old))
    text = f"项目代码,项目名称,建设单位,总投资\n{CODE},项目,营口测试建设有限公司,{new}\n"
    result = import_projects(csv_file(text))
    assert [e.kind for e in result.errors] == (["large_change"] if flagged else [])
    assert result.updated == (0 if flagged else 1)


def test_the_factor_is_configurable_in_the_mapping():
    make_project(national_code=CODE, total_investment=Decimal("100"))
    text = f"项目代码,项目名称,建设单位,总投资\n{CODE},项目,营口测试建设有限公司,300\n"
    result = import_projects(csv_file(text), mapping='large_change_factor = "3"\n')
    assert [e.kind for e in result.errors] == ["large_change"]
    with pytest.raises(ImportFailed, match="large_change_factor 应为大于 1 的数"):
        import_projects(csv_file(text), mapping="large_change_factor = 1\n")


def test_the_result_shows_old_and_new_for_every_changed_field():
    project = make_project(national_code=CODE, name="港区项目", total_investment=Decimal("100"), address="新港路")
    text = f"项目代码,项目名称,建设单位,总投资,建设地点,阶段\n{CODE},港区项目二期,营口测试建设有限公司,150,,前期\n"
    result = import_projects(csv_file(text))
    assert result.changes == [
        {
            "row": 2,
            "pk": project.pk,
            "name": "港区项目二期",
            "fields": [
                {"field": "项目名称", "old": "港区项目", "new": "港区项目二期"},
                {"field": "总投资（万元）", "old": "100.00", "new": "150.00"},
            ],
        }
    ]


# --- dedupe: the latest non-blank value of each column ------------------------------------------------------------


def reports(tmp_path):
    """A city's monthly reports of the same projects: the last report of 001 leaves the budget blank."""
    return xlsx(
        tmp_path / "reports.xlsx",
        [
            ["项目编号", "报告日期", "项目名称", "建设单位", "县区", "总投资（亿元）", "阶段"],
            ["001", "2024-03-31", "港区项目", "港务", "鲅鱼圈区", 2.5, "前期"],
            ["002", "2024-03-31", "镁业项目", "镁业", "大石桥市", None, "前期"],
            ["001", "2024-05-31", "港区项目", "港务", "鲅鱼圈区", "/", "谋划"],
            ["001", "2024-04-30", "港区项目", "港务", "鲅鱼圈区", 3, None],
            ["002", "2024-04-30", "镁业项目", "镁业", "大石桥市", None, "前期"],
        ],
    )


def test_dedupe_latest_values_keeps_the_budget_reported_before(tmp_path):
    # keep = "latest_row" (the default) takes the May row of 001 as it stands: no budget, so no project.
    latest_row = '[dedupe]\nkey = "项目编号"\nlatest = "报告日期"\n'
    result = import_projects(reports(tmp_path), mapping=latest_row, valid_rows_only=True, dry_run=True)
    assert (result.created, result.skipped, result.rejected) == (0, 3, 2)

    mapping = latest_row + 'keep = "latest_values"\n'
    result = import_projects(reports(tmp_path), mapping=mapping, valid_rows_only=True)
    assert (result.created, result.skipped, result.rejected) == (1, 3, 1)
    port = Project.objects.get()
    # Budget from the April report (the May one is blank), stage from May, the latest that gave one.
    assert (port.name, port.total_investment, port.stage) == ("港区项目", Decimal("30000.00"), "planning")
    # 002 never reported a budget: named by its latest row.
    assert [(e.row, e.column) for e in result.errors] == [(6, "总投资（亿元）")]
    with pytest.raises(ImportFailed, match="dedupe.keep 应为"):
        import_projects(reports(tmp_path), mapping='[dedupe]\nkey = "项目编号"\nkeep = "newest"\n')


def test_command_line_lists_skipped_rows_and_asks_for_near_duplicates(tmp_path, capsys):
    make_project(name="鲅鱼圈港区（三期）泊位工程", owner="营口港务集团", region="210804")
    path = tmp_path / "list.csv"
    path.write_text(
        "序号,项目名称,建设单位,县区,总投资\n1,鲅鱼圈港区（四期）泊位工程,营口港务集团,鲅鱼圈区,900\n合计,,,,900\n",
        "utf-8",
    )
    with pytest.raises(CommandError, match="未写入"):
        call_command("import", "projects", str(path), "--no-progress")
    out = capsys.readouterr().out
    assert "第 3 行跳过：合计或小计行「合计」" in out
    assert "有需要确认的行（疑似重复的新项目）：核对无误后加 --accept-near-duplicates 重新导入。" in out
    call_command("import", "projects", str(path), "--no-progress", "--accept-near-duplicates")
    out = capsys.readouterr().out
    assert (
        "已写入：新建 1，更新 0，未变 0，拒绝 0 行。" in out
        and "已确认：第 2 行「项目名称」列：可能与系统中的项目" in out
    )
    assert Project.objects.count() == 2
