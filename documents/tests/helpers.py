"""Content for render tests without the demo: a race result of the contract's shape and a circular built on it."""

from decimal import Decimal

from documents.content import Content, Outline, chinese_date
from documents.kinds import ranking_table

AWKWARD = "A&B<区>"  # a region name that would corrupt an unescaped .docx


def row(region, rank, score, group="县（市）区", change=None, light="green", lists=()):
    return {
        "region_id": rank,
        "region_code": f"2108{rank:02d}",
        "region": region,
        "group": group,
        "score": Decimal(score),
        "rank": rank,
        "rank_change": change,
        "light": light,
        "items": {},
        "lists": list(lists),
    }


def race_result() -> dict:
    """A result dict as race.services.compute returns it (contract.md)."""
    counties = [
        row("鲅鱼圈区", 1, "98.50", change=2, lists=["red"]),
        row("站前区", 2, "91.25", change=-1),
        row(AWKWARD, 3, "80.00", change=0, light="yellow"),
        row("盖州市", 4, "62.10", change=None, light="red", lists=["black", "summons"]),
    ]
    zones = [row("营口经济技术开发区", 1, "95.00", group="功能区"), row("营口高新区", 2, "88.00", group="功能区")]
    return {
        "period": "2024-05",
        "period_kind": "month",
        "scheme": "营口市重大项目月度赛马（百分制）",
        "scheme_code": "yingkou-100",
        "scheme_version": 1,
        "published": False,
        "publication_id": None,
        "published_at": None,
        "items": [{"code": "plan_completion", "label": "年度计划完成率", "weight": Decimal("40")}],
        "groups": [{"name": "县（市）区", "rows": counties}, {"name": "功能区", "rows": zones}],
        "rows": counties + zones,
        "summons": ["盖州市"],
    }


def sample_content(charts: bool = False) -> Content:
    """A circular with headings, a paragraph, the ranking tables from `race_result` and (optionally) a chart."""
    import datetime as dt

    from documents.kinds import race_chart

    result = race_result()
    outline = Outline()
    outline.heading(1, "赛马排名情况")
    outline.paragraph(f"{AWKWARD}的得分为80.00分。")
    for group in result["groups"]:
        outline.heading(2, group["name"])
        outline.add(ranking_table(group))
    if charts:
        outline.add(race_chart(result))
    day = chinese_date(dt.date(2024, 6, 5))
    return Content(
        kind="circular",
        mark="营口市发展和改革委员会文件",
        number="营发改发〔2024〕12号",
        title="关于2024年1—5月全市重大项目建设情况的通报",
        addressee="各县（市）区人民政府，市政府各部门：",
        blocks=outline.blocks,
        signature="营口市发展和改革委员会",
        date=day,
        copies_to="市委办公室，市政府办公室",
        printer="营口市发展和改革委员会办公室",
        print_date=day,
        period="2024-05",
    )
