"""Writing a list of projects as a government spreadsheet in a chosen layout, the way districts send them.

A `CorpusProject` is the truth (figures in 万元, dates, region and department codes); a `Layout` says how a clerk
laid it out: title and 单位 lines, one to three header rows with merged cells, the unit in some header row or in
the line above, column order and header words, 序号, section headings, district subtotals, a 合计 line, notes and
signatures under the table, "/" or "—" in empty cells, money in 万元, 亿元 or 元 as numbers or as text with
thousands separators or full-width digits, dates in many spellings. `write` renders the layout to .xlsx
(openpyxl), CSV in UTF-8 with a BOM, or CSV in GBK as Chinese Excel saves it. Re-saves by LibreOffice are in
`resave.py`.
"""

import csv
import datetime as dt
import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

WAN = Decimal(10000)
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
CN_NUMBERS = "一二三四五六七八九十"

# The truth about each region and department, by code, and the spellings sheets use for them.
REGIONS = {
    "210802": ("站前区", "站前"),
    "210803": ("西市区", "西市"),
    "210804": ("鲅鱼圈区", "鲅鱼圈"),
    "210811": ("老边区", "老边"),
    "210881": ("盖州市", "盖州市"),
    "210882": ("大石桥市", "大石桥市"),
    "YK-KFQ": ("营口经济技术开发区", "经开区"),
    "YK-GXQ": ("营口高新技术产业开发区", "高新区"),
}
DEPARTMENTS = {
    "fgw": ("营口市发展和改革委员会", "发改委"),
    "gxj": ("营口市工业和信息化局", "工信局"),
    "zjj": ("营口市住房和城乡建设局", "住建局"),
    "jtysj": ("营口市交通运输局", "交通运输局"),
    "wlj": ("营口市文化旅游和广播电视局", "文旅局"),
}
STAGE_WORDS = {
    "planning": ("谋划储备", "储备"),
    "preliminary": ("前期", "前期工作"),
    "new_start": ("新开工", "开工"),
    "continuing": ("续建", "在建"),
}
SECTION_TITLES = {
    "continuing": "续建项目",
    "new_start": "新开工项目",
    "preliminary": "前期项目",
    "planning": "储备项目",
}

# Column keys, and the header words districts use for each (the first is the system's own label).
HEADERS = {
    "seq": ("序号",),
    "name": ("项目名称", "项目名", "名称"),
    "owner": ("建设单位", "业主单位", "项目单位", "项目法人"),
    "region": ("所属地区", "县区", "地区", "属地"),
    "total": ("总投资", "项目总投资", "计划总投资", "投资总额"),
    "stage": ("项目阶段", "阶段", "建设阶段", "项目状态"),
    "planned_start": ("计划开工", "计划开工时间", "预计开工时间"),
    "planned_finish": ("计划竣工", "计划竣工时间", "计划完工时间"),
    "actual_start": ("实际开工", "实际开工时间", "开工日期"),
    "department": ("责任单位", "责任部门", "牵头部门"),
}
COLUMN_KEYS = tuple(HEADERS)
# Columns the import must not take for any field: other money figures next to the total, and remarks.
DISTRACTORS = {
    "plan": ("2024年计划投资", "本年度计划投资", "年度投资计划"),
    "done": ("累计完成投资", "截至上年底累计完成投资", "开工累计完成投资"),
    "central": ("中央预算内资金",),
    "local": ("地方政府专项债券",),
    "own": ("企业自筹",),
    "remarks": ("备注",),
}
HEADERS.update(DISTRACTORS)
MONEY_KEYS = frozenset({"total", "plan", "done", "central", "local", "own"})
FUNDING_KEYS = ("central", "local", "own")  # 资金来源: they add up to the total (as a formula, if asked)
# Two-level groups: the upper header over these columns.
GROUPS = {
    "total": "投资情况",
    "plan": "投资情况",
    "done": "投资情况",
    "central": "资金来源",
    "local": "资金来源",
    "own": "资金来源",
    "planned_start": "建设起止年限",
    "planned_finish": "建设起止年限",
}
REMARKS = ("省重点项目", "", "港产城融合", "", "已纳入专项债")
# Three-level: a band over the project's identity and one over the figures.
BANDS = {"name": "项目基本情况", "owner": "项目基本情况", "region": "项目基本情况"}
FIGURE_BAND = "投资及进度"


@dataclass(frozen=True)
class CorpusProject:
    """One project as the system must store it: money in 万元 to the cent, codes for region and department."""

    name: str
    owner: str
    region: str
    total: Decimal
    stage: str
    planned_start: dt.date | None = None
    planned_finish: dt.date | None = None
    actual_start: dt.date | None = None
    department: str | None = None

    def stored(self) -> tuple:
        """The tuple the database must hold (see `stored_projects` in the tests)."""
        return (
            self.name,
            self.owner,
            self.region,
            self.total,
            self.stage,
            self.planned_start,
            self.planned_finish,
            self.actual_start,
            self.department,
        )


@dataclass(frozen=True)
class Layout:
    """How a clerk laid the list out; every option is something seen in real district and department sheets."""

    title: str | None = "营口市2024年重点项目建设计划表"
    unit: str = "万元"  # 万元, 亿元 or 元
    # header: 总投资（亿元）; group: 投资情况（亿元） above; under: （亿元） below; line: 单位：亿元 line; none: nowhere
    unit_place: str = "header"
    header_rows: int = 1  # 1, 2 or 3
    columns: tuple[str, ...] = COLUMN_KEYS
    words: dict = field(default_factory=dict)  # column key → header word (default: the first of HEADERS)
    region_style: str = "name"  # name, short, code, city (营口市鲅鱼圈区)
    region_words: dict = field(default_factory=dict)  # region code → the word this sheet writes (大石桥)
    merge_regions: bool = False  # one merged 县区 cell over a district's consecutive projects
    department_style: str = "name"  # name, short, code, or any alias text given in `department_words`
    department_words: dict = field(default_factory=dict)  # department code → the word this sheet writes
    stage_style: int = 0  # which of STAGE_WORDS' spellings
    money_style: str = "number"  # number, float_noise, text, thousands, fullwidth
    date_style: str = "date"  # date, iso, slash, dotted, chinese, month, serial, compact
    sections: bool = False  # 一、续建项目 … headings, projects grouped by stage
    subtotals: bool = False  # 鲅鱼圈区小计 after each region's projects
    total_row: bool = True  # 合计 at the bottom
    notes: bool = False  # 注：… and 填报人：… 联系电话：… under the table
    filler: str = ""  # what empty optional cells hold: "", "/", "—"
    merge_title: bool = True
    total_formula: bool = False  # 总投资 as =central+local+own (needs those columns and numeric money)
    unit_line: str | None = None  # a 单位 line written whatever the unit (to contradict the header, say)
    header_breaks: bool = False  # line breaks typed into header cells (Alt+Enter): "总投资\n（亿元）", "计划开工\n时间"


def _money(layout: Layout, amount_wan: Decimal):
    """The amount as this layout writes it: a number or text, in the layout's unit."""
    factor = {"万元": Decimal(1), "亿元": Decimal(1) / WAN, "元": WAN}[layout.unit]
    value = (amount_wan * factor).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    style = layout.money_style
    if style == "number":
        return int(value) if value == value.to_integral() else float(value)
    if style == "float_noise":  # what Excel stores after arithmetic: one unit in the last place off
        return math.nextafter(float(value), math.inf)
    text = f"{value:,f}" if style in ("thousands", "fullwidth") else f"{value:f}"
    return text.translate(FULL_WIDTH) if style == "fullwidth" else text


def _date(layout: Layout, value: dt.date | None):
    if value is None:
        return layout.filler or None
    style = layout.date_style
    if style == "date":
        return value
    if style == "serial":
        return (value - dt.date(1899, 12, 30)).days
    if style == "month" and value.day == 1:
        return f"{value.year}年{value.month}月"
    if style in ("chinese", "month"):
        return f"{value.year}年{value.month}月{value.day}日"
    if style == "slash":
        return f"{value.year}/{value.month}/{value.day}"
    if style == "dotted":
        return f"{value.year}.{value.month}.{value.day}"
    if style == "compact":
        return f"{value:%Y%m%d}"
    return value.isoformat()


def _region(layout: Layout, code: str) -> str:
    if code in layout.region_words:
        return layout.region_words[code]
    name, short = REGIONS[code]
    return {"name": name, "short": short, "code": code, "city": f"营口市{name}"}[layout.region_style]


def _department(layout: Layout, code: str | None):
    if code is None:
        return layout.filler or None
    if code in layout.department_words:
        return layout.department_words[code]
    name, short = DEPARTMENTS[code]
    return {"name": name, "short": short, "code": code}[layout.department_style]


class Formula(str):
    """A formula cell: the text Excel stores, and the value it computes (what a CSV export would show)."""

    value: object = None


def _shares(total: Decimal) -> dict[str, Decimal]:
    """The project's other figures, derived from its total to the cent: plan, done and the three funding sources."""
    cent = Decimal("0.01")
    central, local = (total * Decimal("0.2")).quantize(cent), (total * Decimal("0.3")).quantize(cent)
    return {
        "plan": (total * Decimal("0.1")).quantize(cent),
        "done": (total * Decimal("0.35")).quantize(cent),
        "central": central,
        "local": local,
        "own": total - central - local,
    }


def _cell(layout: Layout, key: str, project: CorpusProject, seq: int, row: int = 0):
    if key == "seq":
        return seq
    if key == "total" and layout.total_formula:
        letters = [get_column_letter(layout.columns.index(k) + 1) for k in FUNDING_KEYS]
        formula = Formula("=" + "+".join(f"{letter}{row}" for letter in letters))
        formula.value = _money(layout, project.total)
        return formula
    if key == "total":
        return _money(layout, project.total)
    if key in MONEY_KEYS:
        return _money(layout, _shares(project.total)[key])
    if key == "remarks":
        return REMARKS[seq % len(REMARKS)] or None
    if key == "region":
        return _region(layout, project.region)
    if key == "stage":
        return STAGE_WORDS[project.stage][layout.stage_style]
    if key == "department":
        return _department(layout, project.department)
    if key in ("planned_start", "planned_finish", "actual_start"):
        return _date(layout, getattr(project, key))
    return getattr(project, key)


def _unit_label(layout: Layout) -> str:
    return f"（{layout.unit}）"


def _broken(word: str) -> str:
    """A header as a clerk wraps it by hand: before the unit bracket, else after the fourth character."""
    if "（" in word:
        return word.replace("（", "\n（", 1)
    return word if len(word) <= 4 else word[:4] + "\n" + word[4:]


def header_levels(layout: Layout) -> list[list[str | None]]:
    """The header rows (upper first); None where a merged cell continues. Merges are derived from the Nones."""
    words = {key: layout.words.get(key, HEADERS[key][0]) for key in layout.columns}
    depth = layout.header_rows
    unit = _unit_label(layout)
    if layout.unit_place == "header":
        for key in MONEY_KEYS & set(words):
            words[key] += unit
    if layout.header_breaks:
        words = {key: _broken(word) for key, word in words.items()}
    levels: list[list[str | None]] = [[None] * len(layout.columns) for _ in range(depth)]
    for c, key in enumerate(layout.columns):
        leaf = words[key]
        if depth == 1:
            levels[0][c] = leaf
            continue
        group = GROUPS.get(key)
        money_under = key in MONEY_KEYS and layout.unit_place == "under"
        if key in MONEY_KEYS and layout.unit_place == "group":
            group += unit
        if money_under:
            group = None
        if depth == 3:
            band = BANDS.get(key, FIGURE_BAND if key not in ("seq",) else None)
            levels[0][c] = band
            if key == "seq":
                levels[0][c] = leaf
                continue
            if money_under:
                levels[1][c], levels[2][c] = leaf, unit
            elif group:
                levels[1][c], levels[2][c] = group, leaf
            else:
                levels[1][c] = leaf
            continue
        if money_under:
            levels[0][c], levels[1][c] = leaf, unit
        elif group:
            levels[0][c], levels[1][c] = group, leaf
        else:
            levels[0][c] = leaf
    return levels


def _merges_of(levels, top: int) -> list[tuple[int, int, int, int]]:
    """Merged ranges (row1, col1, row2, col2; 1-based) for header levels starting at sheet row `top`.

    A cell merges down over the Nones below it, then equal neighbours on one level merge across.
    """
    merges = []
    depth, width = len(levels), len(levels[0])
    for c in range(width):
        for r in range(depth):
            if levels[r][c] is None:
                continue
            bottom = r
            while bottom + 1 < depth and levels[bottom + 1][c] is None:
                bottom += 1
            if bottom > r:
                merges.append((top + r, c + 1, top + bottom, c + 1))
    for r in range(depth):
        c = 0
        while c < width:
            end = c
            word = levels[r][c]
            while word and end + 1 < width and levels[r][end + 1] == word:
                end += 1
            if end > c:
                merges.append((top + r, c + 1, top + r, end + 1))
            c = end + 1
    return merges


@dataclass
class Grid:
    """A rendered sheet: rows of cell values (1-based row numbers = position + 1) and merged ranges."""

    rows: list[list] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def render(projects: list[CorpusProject], layout: Layout) -> Grid:
    """The sheet as rows of cells, in the layout; data cells hold what the clerk's program would store."""
    if layout.total_formula and (
        layout.money_style not in ("number", "float_noise") or not set(FUNDING_KEYS) <= set(layout.columns)
    ):
        raise ValueError("a total formula needs the funding columns and amounts stored as numbers")
    if layout.unit_place in ("group", "under") and layout.header_rows == 1:
        raise ValueError("a unit above or below the header word needs two or three header rows")
    grid = Grid()
    width = len(layout.columns)
    blank = [None] * width

    def add(row):
        grid.rows.append(list(row) + [None] * (width - len(row)))
        return len(grid.rows)

    if layout.title:
        number = add([layout.title])
        if layout.merge_title:
            grid.merges.append((number, 1, number, width))
    if layout.unit_place == "line" or layout.unit_line:  # its own line, at the right above the table
        add([None] * (width - 1) + [layout.unit_line or f"单位：{layout.unit}"])
    levels = header_levels(layout)
    top = len(grid.rows) + 1
    for level in levels:
        add(level)
    grid.merges.extend(_merges_of(levels, top))
    groups: list[tuple[str | None, list[CorpusProject]]]
    if layout.sections:
        order = [stage for stage in SECTION_TITLES if any(p.stage == stage for p in projects)]
        groups = [(stage, [p for p in projects if p.stage == stage]) for stage in order]
    else:
        groups = [(None, list(projects))]
    columns = layout.columns
    total_column = columns.index("total") if "total" in columns else None
    name_column = columns.index("name")
    for section_number, (stage, members) in enumerate(groups):
        if stage is not None:
            heading = f"{CN_NUMBERS[section_number]}、{SECTION_TITLES[stage]}"
            row = list(blank)
            row[0] = heading
            number = add(row)
            grid.merges.append((number, 1, number, width))
        seq = 0
        by_region: list[tuple[str, list]] = []
        for project in members:
            if by_region and by_region[-1][0] == project.region:
                by_region[-1][1].append(project)
            else:
                by_region.append((project.region, [project]))
        for region, region_projects in by_region:
            first = len(grid.rows) + 1
            for project in region_projects:
                seq += 1
                row = [_cell(layout, key, project, seq, len(grid.rows) + 1) for key in columns]
                row = [layout.filler if value is None and layout.filler else value for value in row]
                grid.rows.append(row)
            if layout.merge_regions and len(region_projects) > 1 and "region" in columns:
                column = columns.index("region") + 1
                grid.merges.append((first, column, len(grid.rows), column))
            if layout.subtotals:
                row = list(blank)
                row[name_column] = f"{REGIONS[region][0]}小计"
                if total_column is not None:
                    row[total_column] = _money(layout, sum((p.total for p in region_projects), Decimal(0)))
                add(row)
    if layout.total_row:
        row = list(blank)
        row[0 if columns[0] == "seq" else name_column] = "合计"
        if total_column is not None:
            row[total_column] = _money(layout, sum((p.total for p in projects), Decimal(0)))
        add(row)
    if layout.notes:
        add(["注：1.总投资以可研批复为准；2.本表由各县区发改局汇总填报。"])
        add(["填报人：王丽", None, "联系电话：0417-2856123", None, "审核人：李强"][:width])
        add([f"填报日期：{dt.date(2024, 3, 15):%Y年%m月%d日}"])
    return grid


def _as_text(value) -> str:
    """A cell as a CSV holds it: the text a clerk sees."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return _as_text(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write(projects: list[CorpusProject], layout: Layout, path: Path, fmt: str = "xlsx") -> Path:
    """Render and save as `fmt`: xlsx, csv (UTF-8 with BOM, as Excel's "CSV UTF-8") or csv_gbk; returns the path."""
    grid = render(projects, layout)
    path = Path(path)
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "项目表"
        for r, row in enumerate(grid.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(r, c, value)
                if isinstance(value, Formula):
                    continue  # openpyxl stores the formula without a computed value; Excel or LibreOffice adds it
                if isinstance(value, str):
                    cell.data_type = "s"  # text such as "-" or "=" stays text, as typed
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for r1, c1, r2, c2 in grid.merges:
            sheet.merge_cells(f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")
        workbook.save(path)
        return path
    encoding = {"csv": "utf-8-sig", "csv_gbk": "gbk"}[fmt]
    # A merged range keeps its text in the top-left cell only, as Excel writes it to CSV.
    hidden = {
        (r, c)
        for r1, c1, r2, c2 in grid.merges
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        for r, row in enumerate(grid.rows, start=1):
            writer.writerow(["" if (r, c) in hidden else _as_text(value) for c, value in enumerate(row, start=1)])
    return path


def with_layout(layout: Layout, **changes) -> Layout:
    return replace(layout, **changes)
