"""Rows that are not projects (totals, headings, notes, fillers) and the header and value words offices write."""

from decimal import Decimal

import openpyxl
import pytest

from core.importing.nonrecords import non_record_reason
from core.models import Department
from projects.importing import import_projects
from projects.models import Project

pytestmark = pytest.mark.django_db


def xlsx(path, rows, *, title=None):
    wb = openpyxl.Workbook()
    if title:
        wb.active.append([title])
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


HEADER = ["序号", "项目名称", "项目代码", "建设单位", "所属县区", "总投资（万元）", "建设地点", "建设性质", "责任单位"]


def district_report(tmp_path):
    """A district's monthly list as it arrives: sections, subtotals, fillers and the signature block below."""
    return xlsx(
        tmp_path / "yingkou.xlsx",
        [
            HEADER,
            [None, "一、续建项目", None, None, None, 30000, None, None, None],
            ["（一）", "工业项目", "/", "/", "/", "/", "/", "/", "/"],
            [None, "1.工业项目", None, None, None, None, None, None, None],
            [1, "鲅鱼圈精细化工园区污水处理厂", "—", "营口仙人岛化工有限公司", "鲅鱼圈", 20000, "/", "续建", "无"],
            [2, "大石桥镁质材料深加工项目", "无", "大石桥金鼎镁业有限公司", "大石桥", "1亿元", "—", "续建", "工信局"],
            [None, "鲅鱼圈区小计", None, None, None, 30000, None, None, None],
            ["其中：省重点项目", None, None, None, None, 20000, None, None, None],
            [None, "（二）新开工项目", None, None, None, None, None, None, None],
            [
                3,
                "盖州市西海农场冷链物流中心",
                "-",
                "盖州市西海农业发展有限公司",
                "盖州",
                8000,
                "盖州市西海农场",
                "新开工",
                "交通局",
            ],
            ["合计", None, None, None, None, 38000, None, None, None],
            ["注：1.总投资单位为万元；2.按项目代码排序。", None, None, None, None, None, None, None, None],
            [
                "填报单位：营口市鲅鱼圈区发改局",
                None,
                None,
                "填报人：李海燕",
                None,
                "联系电话：0417-6253001",
                None,
                None,
            ],
            [None, None, "审核人：王建国", None, None, None, "日期：2024年6月5日", None, None],
            [None, None, None, None, None, None, None, None, "2024年6月5日"],
        ],
        title="2024年营口市重大项目建设进展情况表",
    )


def test_non_project_rows_are_skipped_with_a_reason_and_do_not_block_the_file(tmp_path):
    path = district_report(tmp_path)
    result = import_projects(path)  # all or nothing: the skipped rows must not stop the file
    assert (result.created, result.rejected, result.written) == (0, 3, False)
    # 新开工 needs an actual start date: the only errors are the real ones, one per project row.
    assert {e.row for e in result.errors} == {6, 7, 11}
    missing = "时必须填写实际开工日期（文件中没有「实际开工日期」列）。"
    assert {e.reason for e in result.errors} == {f"项目阶段为「续建」{missing}", f"项目阶段为「新开工」{missing}"}
    skipped = {row.row: row.reason for row in result.skipped_rows}
    assert skipped == {
        3: "分组标题行「一、续建项目」",
        4: "分组标题行「（一）」",  # (一) | 工业项目 over two cells, no owner
        5: "分组标题或说明行「1.工业项目」",
        8: "合计或小计行「鲅鱼圈区小计」",
        9: "「其中」分项行「其中：省重点项目」",
        10: "分组标题行「（二）新开工项目」",
        12: "合计或小计行「合计」",
        13: "表下的说明或签署行「注：1.总投资单位为万元；2.按项目代…」",
        14: "表下的说明或签署行「填报单位：营口市鲅鱼圈区发改局」",
        15: "表下的说明或签署行「审核人：王建国」",
        16: "分组标题或说明行「2024年6月5日」",
    }
    assert result.skipped == 11


def test_fillers_count_as_blank_and_the_projects_are_written(tmp_path):
    path = district_report(tmp_path)
    wb = openpyxl.load_workbook(path)
    sheet = wb.active
    sheet.cell(row=2, column=10, value="实际开工")
    for row in (6, 7, 11):
        sheet.cell(row=row, column=10, value="2024年4月")
    wb.save(path)
    result = import_projects(path)
    assert (result.created, result.rejected, result.skipped, result.written) == (3, 0, 11, True), result.errors
    plant = Project.objects.get(name="鲅鱼圈精细化工园区污水处理厂")
    # "—", "/", "无" are blanks: no code, no address, no department, never the filler itself.
    assert (plant.national_code, plant.address, plant.responsible_department) == (None, "", None)
    assert (plant.region.code, plant.total_investment, plant.stage) == ("210804", Decimal("20000.00"), "continuing")
    magnesium = Project.objects.get(name="大石桥镁质材料深加工项目")
    assert (magnesium.region.code, magnesium.total_investment) == ("210882", Decimal("10000.00"))
    assert magnesium.responsible_department.code == "gxj"
    cold_chain = Project.objects.get(name="盖州市西海农场冷链物流中心")
    assert (cold_chain.region.code, cold_chain.stage) == ("210881", "new_start")
    assert cold_chain.responsible_department.code == "jtysj"  # 交通局, an alias of 交通运输局
    assert Project.objects.count() == 3


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["合 计", None, 5], "合计或小计行「合 计」"),
        ([None, None, "总计（35个）", 120.5], "合计或小计行「总计（35个）」"),
        (["Total", None, 1], "合计或小计行「Total」"),
        (["/", "—", "无", None], "空行（只有占位符）"),
        (["1、工业项目", None], "分组标题或说明行「1、工业项目」"),
        (["（1）", "交通项目", None], None),  # a 序号 beside a name is a row, not a heading
        ([1, "交通项目", "某公司"], None),
        (["1.工业项目", "某公司"], None),
        (["二、新开工项目", None, None, 12, "3.5"], "分组标题行「二、新开工项目」"),
        (["二、新开工项目", "某公司", None], None),  # text beside it: read as a project, never dropped silently
        (["联系人：张三", None], "表下的说明或签署行「联系人：张三」"),
    ],
)
def test_non_record_reason(cells, expected):
    assert non_record_reason(cells) == expected


def test_subtotal_in_the_name_column_after_a_serial_number():
    assert non_record_reason([7, "站前区小计", None, 100], name="站前区小计") == "合计或小计行「站前区小计」"


def test_header_synonyms_and_short_region_names(tmp_path):
    headers = ["序号", "项目名称及建设内容", "项目单位", "属地", "总投资（亿元）", "阶段"]
    regions = ["大石桥", "盖州", "鲅鱼圈", "经开区", "高新区", "老边", "站前", "西市"]
    rows = [[i + 1, f"{region}测试项目", f"{region}建设公司", region, 1, "前期"] for i, region in enumerate(regions)]
    result = import_projects(xlsx(tmp_path / "regions.xlsx", [headers, *rows]))
    assert (result.created, result.rejected) == (8, 0), result.errors
    assert dict(Project.objects.values_list("owner", "region__name")) == {
        "大石桥建设公司": "大石桥市",
        "盖州建设公司": "盖州市",
        "鲅鱼圈建设公司": "鲅鱼圈区",
        "经开区建设公司": "营口经济技术开发区",
        "高新区建设公司": "营口高新技术产业开发区",
        "老边建设公司": "老边区",
        "站前建设公司": "站前区",
        "西市建设公司": "西市区",
    }


@pytest.mark.parametrize(
    ("region_header", "owner_header"),
    [
        ("所在地区", "建设单位"),
        ("所属县区", "业主单位"),
        ("县区", "项目单位"),
        ("地区", "建设单位"),
        ("属地", "业主单位"),
    ],
)
def test_region_and_owner_headers(tmp_path, region_header, owner_header):
    headers = ["序号", "项目名称", owner_header, region_header, "总投资", "建设性质", "实际开工"]
    rows = [[1, "老边区物流园", "老边物流公司", "老边区", 500, "续建", "2023-05-01"]]
    result = import_projects(xlsx(tmp_path / "h.xlsx", [headers, *rows]))
    assert (result.created, result.rejected) == (1, 0), result.errors
    project = Project.objects.get()
    assert (project.owner, project.region.code, project.stage) == ("老边物流公司", "210811", "continuing")


def test_department_aliases_are_the_citys_own_list(tmp_path):
    headers = ["项目名称", "建设单位", "县区", "总投资", "责任单位"]
    path = xlsx(tmp_path / "d.xlsx", [headers, ["港口项目", "港务", "鲅鱼圈区", 1, "港航局"]])
    result = import_projects(path)
    assert result.rejected == 1 and "部门代码、名称、简称或别名" in result.errors[0].reason
    Department.objects.filter(code="jtysj").update(aliases="交通局、港航局")  # the city adds a word
    result = import_projects(path)
    assert result.created == 1 and Project.objects.get().responsible_department.code == "jtysj"


def test_every_problem_of_a_row_is_listed(tmp_path):
    headers = ["项目名称", "建设单位", "县区", "总投资", "计划开工", "计划竣工", "责任单位", "阶段"]
    rows = [["问题项目", "某公司", "火星区", "很多", "2025-01-01", "2024-01-01", "不存在局", "续建"]]
    result = import_projects(xlsx(tmp_path / "p.xlsx", [headers, *rows]))
    assert [(e.column, e.reason.split("。")[0]) for e in result.errors] == [
        ("县区", "「火星区」不是可选的值"),
        ("总投资", "「很多」不是数字；金额请填写数字，可带单位，如 1200、1,200万元、3.5亿元"),
        ("责任单位", "「不存在局」不是可选的值"),
        ("计划竣工", "计划竣工日期不能早于计划开工日期"),
        ("", "项目阶段为「续建」时必须填写实际开工日期（文件中没有「实际开工日期」列）"),
    ]
