"""Sentences written from figures, as a circular writes them: "1—5月，全市开复工项目591个，完成投资203.1亿元，同比增长
7.5%". Each takes plain figures (from scheduling.figures, stewardship.statistics and the race result) and the
`notes` list of the document: a figure the data lacks is left out of the sentence and named in a note to the
editor, never invented.
"""

from decimal import Decimal

from core.money import TENTH, WAN_PER_YI, round_to

GROWTH_WORDS = ("增长", "下降", "持平")


def yi_tenth(wan) -> Decimal:
    """万元 → 亿元 to one decimal, half up, rounded once from the exact amount (rounding to the cent first would turn
    2.045亿 into 2.1)."""
    return round_to(Decimal(wan) / WAN_PER_YI, TENTH)


def yi_text(wan) -> str:
    """万元 → '203.1亿元' (one decimal, as circulars write sums)."""
    return f"{yi_tenth(wan):,}亿元"


def pct_text(value) -> str:
    """Decimal('7.5') → '7.5%'."""
    return f"{round_to(value, TENTH)}%"


def growth_text(pct) -> str:
    """'同比增长7.5%' / '同比下降2.0%' / '与上年同期持平'."""
    if pct > 0:
        return f"同比增长{pct_text(pct)}"
    if pct < 0:
        return f"同比下降{pct_text(-pct)}"
    return "与上年同期持平"


def headline_sentence(span: str, city: dict, notes: list, book=None) -> str:
    """'1—5月，全市开复工项目591个，完成投资203.1亿元，同比增长7.5%。' from scheduling.figures' city entry, in the
    wording of `book` (documents.phrasing.Phrasebook of the document's kind; the shipped circular's without)."""
    from documents.phrasing import Phrasebook

    book = book or Phrasebook("circular", texts={})
    parts = [
        book.write("headline", notes, span=span, count=str(city["started_count"]), investment=yi_text(city["ytd"]))
    ]
    if city.get("yoy_pct") is None:
        notes.append(f"上年同期（{span}）无已报送的投资数据，同比增速未写入。")
    else:
        parts.append(book.write("headline.growth", notes, change=growth_text(city["yoy_pct"])))
    text = "，".join(part for part in parts if part)
    return f"{text}。" if text else ""


def plan_sentence(city: dict, notes: list) -> str:
    """'全市年度计划投资412.0亿元，已完成49.3%，序时进度45.0%，快于序时4.3个百分点。' ("" without a plan)."""
    if not city.get("plan"):
        notes.append("本年度尚无项目年度投资计划，计划完成率未写入。")
        return ""
    text = f"全市年度计划投资{yi_text(city['plan'])}，已完成{pct_text(city['completion_pct'])}"
    expected = city.get("expected_pct")
    if expected is None:
        notes.append("缺少序时进度（季节性进度曲线），与序时的比较未写入。")
        return text + "。"
    gap = round_to(city["completion_pct"] - expected, TENTH)
    if gap > 0:
        compare = f"快于序时{gap}个百分点"
    elif gap < 0:
        compare = f"慢于序时{-gap}个百分点"
    else:
        compare = "与序时持平"
    return f"{text}，序时进度{pct_text(expected)}，{compare}。"


def region_names(names: list[str]) -> str:
    """['甲', '乙', '丙'] → '甲、乙、丙'."""
    return "、".join(names)


def race_sentence(result: dict, notes: list) -> list[str]:
    """One sentence per group: '县（市）区组中，排名前三位的是……；排名末位的是……。'"""
    sentences = []
    for group in result.get("groups", []):
        rows = group["rows"]
        if not rows:
            continue
        top = region_names([row["region"] for row in rows[:3]])
        last = rows[-1]
        text = f"{group['name']}组中，排名前{min(3, len(rows))}位的是{top}"
        if len(rows) > 3:
            text += f"；排名末位的是{last['region']}（{last['score']}分）"
        sentences.append(text + "。")
    if not sentences:
        notes.append(f"赛马结果（{result.get('period', '')}）没有任何地区的得分，排名情况未写入。")
    return sentences


def list_sentences(result: dict) -> dict:
    """{"red": "……", "black": …, "improved": …, "summons": …}: who is on each list, "" for an empty list."""
    named = {
        name: [row["region"] for row in result.get("rows", []) if name in row.get("lists", [])]
        for name in ("red", "black", "improved")
    }
    summons = list(result.get("summons", []))
    texts = {
        "red": f"列入红榜的地区：{region_names(named['red'])}。" if named["red"] else "本期无地区列入红榜。",
        "black": f"列入黑榜的地区：{region_names(named['black'])}。" if named["black"] else "本期无地区列入黑榜。",
        "improved": f"争先进位的地区：{region_names(named['improved'])}。" if named["improved"] else "",
        "summons": (
            f"按照赛马规则，对{region_names(summons)}主要负责同志进行约谈。" if summons else "本期无约谈地区。"
        ),
    }
    return texts


def stewardship_sentence(until: str, figures: dict) -> str:
    """'截至5月31日，全市31名项目管家服务重点项目33个（总投资2,055.0亿元），……累计解决问题38个。'"""
    return (
        f"截至{until}，全市{figures['stewards']}名项目管家服务重点项目{figures['projects']}个"
        f"（总投资{yi_text(figures['investment'])}），管家现场调研{figures['steward_site_visits']}次、"
        f"电话调研{figures['steward_phone_surveys']}次，市级帮办团队现场调研{figures['city_team_site_visits']}次，"
        f"县区帮办团队现场调研{figures['county_team_site_visits']}次，累计解决问题{figures['problems_solved']}个。"
    )


def problems_sentence(row: dict) -> str:
    """'本期新提出问题12个，解决9个，销号7个；超期未办结3个。' from a stewardship statistics city row."""
    text = f"本期新提出问题{row['raised']}个，解决{row['solved']}个，销号{row['verified']}个"
    if row["overdue"]:
        text += f"；超期未办结{row['overdue']}个，请相关地区和部门抓紧办理"
    if row.get("avg_days_to_solve") is not None:
        text += f"；问题平均办结用时{row['avg_days_to_solve']}天"
    return text + "。"
