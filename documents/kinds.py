"""The builders of each kind of document: figures in (scheduling.figures, stewardship.statistics, the race result),
one `Content` out. Sentences come from documents/sentences.py; a figure the data lacks becomes a note to the
editor. The page, the CLI, the task and the tests all build documents here.
"""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.money import format_money, to_yi
from documents import sentences as say
from documents.choices import PERIOD_KIND, DocumentKind
from documents.content import Chart, Content, Outline, Table, chinese_date
from documents.phrasing import Phrasebook
from race.periods import Period

LIGHT_NAMES = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
LIST_NAMES = {"red": "红榜", "black": "黑榜", "improved": "争先进位", "summons": "约谈"}
LEADING_BODIES = "中共营口市委、市人大常委会、市人民政府、市政协"
TITLES = {
    DocumentKind.CIRCULAR: "关于{year}年{span}全市重大项目建设情况的通报",
    DocumentKind.QUARTERLY: "关于{label}全市重大项目建设情况的总结",
    DocumentKind.ANNUAL: "关于{year}年度全市重大项目建设考核结果的通报",
    DocumentKind.WORK_REPORT: "固定资产投资与项目管理工作报告",
    DocumentKind.MIDYEAR: "{year}年{span}攻坚之年攻坚之战年中答卷",
}
PERIOD_EXAMPLES = {
    "month": _lazy("月度（如 2024-05）"),
    "quarter": _lazy("季度（如 2024-Q2）"),
    "year": _lazy("年度（如 2024）"),
}
DEFAULT_ADDRESSEE = "各县（市）区人民政府，各功能区管委会，市政府各有关部门："


def money(wan) -> str:
    """万元 → 亿元 with two decimals and thousands separators, as tables show sums."""
    return format_money(to_yi(wan))


def pct(value) -> str:
    return "" if value is None else f"{value}"


def rank_change(change) -> str:
    """+2 → '上升2位', −1 → '下降1位', 0 → '持平', None (no previous period) → '—'."""
    if change is None:
        return ""
    if change > 0:
        return f"上升{change}位"
    if change < 0:
        return f"下降{-change}位"
    return "持平"


def parse_period(kind: str, text) -> Period:
    """The period of a document kind; a period of another kind is refused with a message naming both."""
    period = Period.parse(text)
    expected = PERIOD_KIND[kind]
    if period.kind != expected:
        example = PERIOD_EXAMPLES[expected]
        raise ValueError(
            _("“%(kind)s”的期次应为%(example)s，收到“%(text)s”。")
            % {"kind": DocumentKind(kind).label, "example": example, "text": text}
        )
    return period


def race_result(kind: str, period: Period, notes: list) -> dict | None:
    """The race result the document cites: the scheme for the period's kind; a quarter or year without a scheme of
    its own falls back to the monthly scheme at the period's last month (the cumulative figures are the same), and
    the editor is told so. None when there is no scheme at all."""
    from race.services import default_scheme, result_for

    scheme = default_scheme(period.kind)
    race_period = period
    if scheme is None and period.kind != "month":
        scheme = default_scheme("month")
        race_period = Period("month", period.year, period.last_month)
        if scheme is not None:
            notes.append(
                f"未设置{ {'quarter': '季度', 'year': '年度'}[period.kind] }赛马方案，排名采用月度方案"
                f"“{scheme.name}”按{race_period.cumulative_label}累计计算。"
            )
    if scheme is None:
        notes.append("未设置赛马方案，赛马排名未写入。")
        return None
    return result_for(scheme, race_period)


def investment_table(rows: list[dict], caption: str = "") -> Table:
    """各地区投资完成情况: one row per ranked district from scheduling.figures.headline (no caption of its own
    as the only table of its attachment, which is titled)."""
    return Table(
        caption,
        [
            "地区",
            "开复工项目（个）",
            "完成投资（亿元）",
            "同比增长（%）",
            "年度计划（亿元）",
            "计划完成率（%）",
            "序时进度（%）",
        ],
        [
            [
                row["region"].name,
                str(row["started_count"]),
                money(row["ytd"]),
                pct(row["yoy_pct"]),
                money(row["plan"]) if row["plan"] else "",
                pct(row["completion_pct"]),
                pct(row["expected_pct"]),
            ]
            for row in rows
        ],
        [False, True, True, True, True, True, True],
        [34, 20, 21, 20, 21, 20, 20],
    )


def ranking_table(group: dict) -> Table:
    """One group's ranking, in rank order, from the race result."""
    return Table(
        f"{group['name']}赛马排名",
        ["名次", "地区", "得分", "名次变化", "亮灯", "榜单"],
        [
            [
                str(row["rank"]),
                row["region"],
                f"{row['score']:.2f}",
                rank_change(row["rank_change"]),
                LIGHT_NAMES.get(row["light"], row["light"]),
                "、".join(LIST_NAMES[name] for name in row.get("lists", []) if name in LIST_NAMES),
            ]
            for row in group["rows"]
        ],
        [True, False, True, False, False, False],
        [16, 44, 22, 26, 18, 30],
    )


def investment_chart(rows: list[dict]) -> Chart:
    return Chart(
        "各地区完成投资",
        {
            "type": "bar",
            "labels": [row["region"].name for row in rows],
            "series": [{"name": "完成投资", "values": [str(to_yi(row["ytd"])) for row in rows]}],
            "unit": "亿元",
        },
    )


def plan_chart(rows: list[dict]) -> Chart:
    return Chart(
        "计划完成率与序时进度",
        {
            "type": "bar",
            "labels": [row["region"].name for row in rows],
            "series": [
                {"name": "计划完成率", "values": [pct(row["completion_pct"]) for row in rows]},
                {"name": "序时进度", "values": [pct(row["expected_pct"]) for row in rows]},
            ],
            "unit": "%",
        },
    )


def race_chart(result: dict) -> Chart:
    rows = sorted(result["rows"], key=lambda row: row["score"], reverse=True)
    return Chart(
        "赛马得分",
        {
            "type": "barh",
            "labels": [row["region"] for row in rows],
            "series": [{"name": "得分", "values": [str(row["score"]) for row in rows]}],
            "colors": [{"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}[row["light"]] for row in rows],
            "unit": "分",
        },
    )


def investment_section(outline: Outline, period: Period, notes: list, charts: bool = True, book=None) -> None:
    """一、总体情况: the headline (in `book`'s wording) and plan sentences, the district table and two charts."""
    from scheduling.figures import headline

    figures = headline(period.end)
    city, rows = figures["city"], figures["rows"]
    if figures["through"] is None or figures["through"] < period.through:
        notes.append(f"{period.label}的月报尚未全部计入（截至{period.end}），投资数据可能不完整。")
    outline.heading(1, "总体情况")
    number = outline.attach("各县（市）区、功能区重大项目投资完成情况表", [investment_table(rows)])
    outline.paragraph(
        say.headline_sentence(period.cumulative_label, city, notes, book)
        + say.plan_sentence(city, notes)
        + f"各地区情况详见附件{number}。"
    )
    if charts and rows:
        outline.add(investment_chart(rows))
        outline.add(plan_chart(rows))


def race_section(outline: Outline, result: dict | None, notes: list, charts: bool = True) -> None:
    """二、赛马排名情况 and 三、红黑榜: sentences, one table per group, the score chart, the lists and summons."""
    if result is None:
        return
    outline.heading(1, "赛马排名情况")
    number = outline.attach("重大项目建设赛马排名表", [ranking_table(group) for group in result["groups"]])
    outline.paragraph(
        f"按照“{result['scheme']}”（第{result['scheme_version']}版），"
        + "".join(say.race_sentence(result, notes))
        + f"各组排名详见附件{number}。"
    )
    if charts and result["rows"]:
        outline.add(race_chart(result))
    outline.heading(1, "红黑榜及约谈")
    texts = say.list_sentences(result)
    outline.paragraph(texts["red"] + texts["black"] + texts["improved"])
    outline.paragraph(texts["summons"])


def stewardship_section(outline: Outline, period: Period, notes: list) -> None:
    """项目管家服务和问题解决: the stewardship headline to the period's end and the period's problems."""
    from stewardship.statistics import Period as Span
    from stewardship.statistics import headline, statistics

    figures = headline(period.end)
    (row,) = statistics(Span(period.start, period.end), "city")
    outline.heading(1, "项目管家服务和问题解决情况")
    if figures["stewards"]:
        outline.paragraph(say.stewardship_sentence(f"{period.end.month}月{period.end.day}日", figures))
    else:
        notes.append("截至期末没有在岗的项目管家，管家服务情况未写入。")
    outline.paragraph(say.problems_sentence(row))


def requirements_section(outline: Outline) -> None:
    outline.heading(1, "下步工作要求")
    outline.paragraph(
        "各地区、各部门要对照赛马排名查找差距，聚焦年度投资计划和序时进度，加快推进项目开复工和投资完成；"
        "对排名靠后、被列入黑榜的地区，要深入分析原因，制定整改措施，限期提升。"
    )


def library_figures(as_of: dt.date | None = None) -> list[tuple[str, int, object]]:
    """(library name, projects, total investment in 万元) for each library as of a day (live when None): the
    library overview's figures (projects.services), so a document and the overview page never disagree."""
    from projects.choices import Library
    from projects.services import library_totals

    totals = library_totals(as_of)
    return [(str(library.label), totals[library]["count"], totals[library]["investment"]) for library in Library]


def libraries_section(outline: Outline, period: Period) -> None:
    """项目库建设: projects and total investment in each library at the period's end (today's while it runs), so a
    report on May drafted in July still counts May's libraries."""
    from core.clock import today

    outline.heading(1, "项目库建设情况")
    as_of = period.end if period.end < today() else None
    rows = [[name, str(count), money(total)] for name, count, total in library_figures(as_of)]
    outline.paragraph("；".join(f"{name}入库项目{count}个，总投资{total}亿元" for name, count, total in rows) + "。")
    outline.add(
        Table("项目库入库情况", ["项目库", "项目（个）", "总投资（亿元）"], rows, [False, True, True], [60, 48, 48])
    )


def build(
    kind: str, period, issuing_body, *, on: dt.date | None = None, charts: bool = True
) -> tuple[Content, dict | None]:
    """The content of a `kind` document for `period` from live data, and the race result it cites."""
    from core.clock import today

    kind = DocumentKind(kind)
    period = parse_period(kind, period)
    on = on or today()
    notes: list[str] = []
    outline = Outline()
    result = race_result(kind, period, notes)
    title = TITLES[kind].format(year=period.year, span=period.cumulative_label, label=period.label)
    addressee = issuing_body.addressee or DEFAULT_ADDRESSEE
    if kind == DocumentKind.MIDYEAR:
        from documents.midyear import midyear_sections

        midyear_sections(outline, period, result, notes)
    elif kind == DocumentKind.WORK_REPORT:
        addressee = f"{LEADING_BODIES}："
        outline.paragraph(f"现将{period.year}年{period.cumulative_label}全市固定资产投资与项目管理工作情况报告如下：")
        libraries_section(outline, period)
        investment_section(outline, period, notes, charts, Phrasebook(kind))
        stewardship_section(outline, period, notes)
        race_section(outline, result, notes, charts)
    else:
        doing = {DocumentKind.CIRCULAR: "通报", DocumentKind.QUARTERLY: "总结", DocumentKind.ANNUAL: "通报"}[kind]
        span = f"{period.year}年{period.cumulative_label}" if kind == DocumentKind.CIRCULAR else period.label
        outline.paragraph(
            f"为深入推进重大项目建设攻坚，落实“月通报、季总结、年考核”赛马机制，现将{span}全市重大项目建设情况{doing}如下："
        )
        investment_section(outline, period, notes, charts, Phrasebook(kind))
        race_section(outline, result, notes, charts)
        stewardship_section(outline, period, notes)
        requirements_section(outline)
    content = Content(
        kind=str(kind),
        mark=issuing_body.mark,
        number="",
        title=title,
        addressee=addressee,
        blocks=outline.blocks,
        attachments=outline.attachments,
        signature=issuing_body.signature,
        date=chinese_date(on),
        copies_to=issuing_body.copies_to,
        printer=issuing_body.printer or issuing_body.name,
        print_date=chinese_date(on),
        notes=notes,
        period=str(period),
    )
    return content, result
