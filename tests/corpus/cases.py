"""The named corpus: Yingkou project lists as districts send them, and the exact state each must leave behind.

The truth is `PROJECTS` (figures in 万元 to the cent, region and department by code); every case lays the same
projects (or a part of them) out differently, and importing the file must store exactly those figures, regions,
owners, stages, dates and departments, and nothing else: no 小计 or 合计 line, heading or note becomes a project.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

from tests.corpus.generator import CorpusProject, Layout


def _d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _project(name, owner, region, total, stage, planned_start, planned_finish, actual_start, department):
    return CorpusProject(
        name, owner, region, D(total), stage, _d(planned_start), _d(planned_finish), _d(actual_start), department
    )


PROJECTS = [
    _project(
        "鲅鱼圈港区30万吨级原油码头改造工程", "营口港务集团有限公司", "210804", "286500.00", "continuing",
        "2023-03-01", "2025-10-31", "2023-04-15", "jtysj",
    ),
    _project(
        "鲅鱼圈区精细化工新材料产业园基础设施项目", "营口仙人岛建设投资有限公司", "210804", "152300.50", "new_start",
        "2024-03-18", "2026-06-30", "2024-03-18", "gxj",
    ),
    _project(
        "营口经济技术开发区新能源汽车零部件产业园", "营口华辰新能源科技有限公司", "YK-KFQ", "45678.91", "continuing",
        "2023-05-01", "2025-05-01", "2023-06-20", "gxj",
    ),
    _project(
        "盖州市熊岳温泉康养小镇项目", "营口熊岳温泉文旅发展有限公司", "210881", "98000.00", "preliminary",
        "2024-09-01", "2027-12-31", None, "wlj",
    ),
    _project(
        "大石桥市镁质材料精深加工项目", "辽宁青花耐火材料股份有限公司", "210882", "12345.67", "continuing",
        "2023-04-01", "2025-12-31", "2023-05-06", "gxj",
    ),
    _project(
        "站前区老旧小区改造工程（三期）", "营口市城市建设投资发展有限公司", "210802", "8600.05", "planning",
        "2025-04-01", "2025-11-30", None, "zjj",
    ),
    _project(
        "老边区农产品冷链物流园", "营口老边农产品物流有限公司", "210811", "5000.00", "new_start",
        "2024-04-01", "2025-09-30", "2024-04-10", None,
    ),
    _project(
        "营口高新区集成电路封装测试基地", "营口芯谷微电子有限公司", "YK-GXQ", "320000.01", "continuing",
        "2022-10-01", "2026-12-31", "2022-11-08", "fgw",
    ),
]  # fmt: skip
# A district's own list: the same kind of projects, several per region so that subtotals have something to add.
BYQ = [p for p in PROJECTS if p.region in ("210804", "YK-KFQ", "210881")]


@dataclass(frozen=True)
class Case:
    """A named spreadsheet: the projects, the layout, the file format and an optional LibreOffice re-save."""

    id: str
    layout: Layout
    fmt: str = "xlsx"
    resave: str | None = None  # ods, xls, xlsx, csv, csv_gbk
    projects: tuple = tuple(PROJECTS)
    cli: bool = False  # import with `gongjian import projects FILE --user city_admin` instead of the function


WIDE = (
    "seq", "name", "owner", "region", "total", "plan", "done", "central", "local", "own", "stage",
    "planned_start", "planned_finish", "actual_start", "department", "remarks",
)  # fmt: skip
TWO_ROW_YI = Layout(header_rows=2, unit="亿元", region_style="short", stage_style=1, date_style="chinese")

CASES = [
    Case("one-header-wan-xlsx", Layout()),
    Case("two-row-merged-header-yi-chinese-dates", TWO_ROW_YI),
    Case(
        "three-row-header-yuan-thousands-text",
        Layout(header_rows=3, unit="元", money_style="thousands", date_style="slash", department_style="short"),
    ),
    Case(
        "reordered-columns-synonyms-codes",
        Layout(
            columns=(
                "seq",
                "region",
                "name",
                "department",
                "owner",
                "stage",
                "total",
                "planned_start",
                "planned_finish",
                "actual_start",
            ),
            words={
                "owner": "业主单位",
                "region": "属地",
                "total": "项目总投资",
                "stage": "建设阶段",
                "department": "牵头部门",
                "planned_start": "计划开工时间",
                "actual_start": "开工日期",
            },
            region_style="code",
            department_style="code",
            date_style="iso",
            title=None,
            total_row=False,
        ),
    ),  # fmt: skip
    Case(
        "excel-float-noise-and-serial-dates",
        Layout(unit="亿元", money_style="float_noise", date_style="serial", region_style="city"),
    ),
    Case(
        "gbk-csv-fullwidth-money-filler",
        Layout(header_rows=2, money_style="fullwidth", filler="—", date_style="dotted", stage_style=1),
        fmt="csv_gbk",
        cli=True,
    ),
    Case(
        "utf8-bom-csv-yuan-compact-dates",
        Layout(unit="元", money_style="text", date_style="compact", filler="/", department_style="short"),
        fmt="csv",
    ),
    Case("line-breaks-in-headers", Layout(header_rows=2, unit="亿元", header_breaks=True, columns=WIDE)),
    Case("month-dates-text-amounts", Layout(header_rows=2, money_style="text", date_style="month"), projects=BYQ),
    # Re-saved by LibreOffice (what WPS and LibreOffice users send back).
    Case("libreoffice-ods", TWO_ROW_YI, resave="ods"),
    Case("libreoffice-ods-three-header-rows", Layout(header_rows=3, unit="亿元"), resave="ods"),
    Case("libreoffice-xls", Layout(header_rows=2, unit="元", date_style="date"), resave="xls", cli=True),
    Case("libreoffice-xlsx", Layout(header_rows=3, unit="亿元", money_style="float_noise"), resave="xlsx"),
    Case("libreoffice-csv-gbk", Layout(header_rows=2, unit="亿元"), resave="csv_gbk"),
    Case("libreoffice-csv-utf8", Layout(date_style="date", money_style="number"), resave="csv"),
    # Other money columns beside the total (plan, done, funding sources) and remarks: none may feed a field.
    Case("other-money-columns-and-remarks", Layout(header_rows=2, unit="亿元", columns=WIDE)),
    Case("other-money-columns-yuan-csv", Layout(header_rows=2, unit="元", columns=WIDE), fmt="csv"),
    # 总投资 as a formula over the funding sources; LibreOffice computes and stores its value, as Excel does.
    Case("total-as-formula-libreoffice", Layout(columns=WIDE, total_formula=True), resave="xlsx"),
    Case(
        "total-as-formula-libreoffice-ods-yi",
        Layout(header_rows=2, unit="亿元", columns=WIDE, total_formula=True, money_style="float_noise"),
        resave="ods",
    ),
    # The unit somewhere other than the total column's own header.
    Case("other-money-columns-unit-in-group", Layout(header_rows=2, unit="亿元", unit_place="group", columns=WIDE)),
    Case("unit-in-group-row", Layout(header_rows=2, unit="亿元", unit_place="group")),
    Case("unit-in-top-of-three-rows", Layout(header_rows=3, unit="亿元", unit_place="group")),
    # "总投资" over "（亿元）": the unit alone in the header line below.
    Case("unit-under-the-header", Layout(header_rows=2, unit="亿元", unit_place="under")),
    Case("unit-line-yi", Layout(unit="亿元", unit_place="line")),
    Case("unit-line-yuan-csv", Layout(unit="元", unit_place="line"), fmt="csv"),
    # Rows that are not projects: headings, district subtotals, notes and signatures.
    Case(
        "sections-subtotals-notes",
        Layout(header_rows=2, sections=True, subtotals=True, notes=True, filler="/"),
        projects=BYQ,
    ),
    Case(
        "sections-subtotals-notes-gbk-csv",
        Layout(sections=True, subtotals=True, notes=True, unit="亿元", money_style="thousands"),
        fmt="csv_gbk",
    ),
    Case(
        "district-synonyms-and-department-aliases",
        Layout(
            words={"region": "所属县区", "department": "责任单位"},
            department_style="short",
            department_words={"jtysj": "交通局"},
        ),
    ),
    Case(
        "short-region-names-dashiqiao",
        Layout(region_style="short", region_words={"210882": "大石桥", "YK-KFQ": "经开区"}),
    ),
    Case(
        "district-cells-merged-over-their-projects",
        Layout(header_rows=2, merge_regions=True),
        projects=tuple(sorted(BYQ, key=lambda p: p.region)),
    ),
    Case("region-header-suozai-diqu", Layout(words={"region": "所在地区"}, header_rows=2, unit="亿元")),
]
