"""The mid-year report (年中答卷): the headline paragraph, the project libraries, stewardship and race paragraphs,
and the 攻坚突破 bullets by category, written in the city's wordings (documents.phrasing) from the figures.

Every figure comes from a service: the headline and the bullets from `indicators.services.midyear_data` (whose
investment figures are scheduling's, whose province ranks are entered facts with their source), the libraries
from `kinds.library_figures`, stewardship from `stewardship.statistics.headline`, the race from the result the
document cites. A figure the data lacks drops its clause and leaves a note to the editor.
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from documents.choices import DocumentKind
from documents.content import Outline, chinese_number
from documents.phrasing import Phrasebook
from documents.sentences import yi_tenth

# The computed indicators the headline's first sentence is made of (indicators.sources keys).
STARTED, INVESTMENT = "projects_started", "investment_ytd"


def yi(wan) -> str:
    """万元 → '203.1亿元', '2055亿元': one decimal half up (from the exact amount), a whole number without '.0',
    as the seed writes sums."""
    text = f"{yi_tenth(wan)}"
    return f"{text[:-2] if text.endswith('.0') else text}亿元"


def growth_words(growth) -> str | None:
    """'7.5' → '增长7.5%', '-2' → '下降2%', '0' → '持平' (the growth already rounded as published); None stays None."""
    if growth is None:
        return None
    value = Decimal(growth)
    if value > 0:
        return f"增长{growth}%"
    if value < 0:
        return f"下降{str(growth).lstrip('-')}%"
    return "持平"


def rank_words(rank: dict | None) -> str | None:
    """{'rank': 5, …} → '第五'."""
    return None if rank is None else f"第{chinese_number(rank['rank'])}"


def bullet_text(book: Phrasebook, line: dict, notes: list) -> str:
    """One indicator as the report writes it: '蔬菜及食用菌产量18.4万吨，同比增长3%', '零就业家庭保持动态为零'."""
    growth = growth_words(line["growth"])
    if line["note"]:
        return book.write("bullet.note", notes, name=line["name"], value=line["text"], note=line["note"])
    if line["text"] is None:
        return book.write("bullet.growth_only", notes, name=line["name"], growth=growth)
    clauses = [book.write("bullet", notes, name=line["name"], value=line["text"])]
    if growth is not None:
        clauses.append(book.write("bullet.growth", notes, growth=growth))
    return "，".join(clause for clause in clauses if clause)


def headline_text(book: Phrasebook, data: dict, city: str, notes: list) -> str:
    """'今年前5个月，营口市开复工项目591个，完成投资203.1亿元，同比增长7.5%，增速列全省第五；新增经营主体4300户，…'"""
    lines = {line["source"]: line for line in data["headline"] if line["source"]}
    started, investment = lines.get(STARTED), lines.get(INVESTMENT)
    clauses = [
        book.write(
            "headline",
            notes,
            months=str(data["months"]),
            city=city,
            count=started and started["value"],
            investment=investment and investment["text"],
        )
    ]
    if investment is not None:
        clauses.append(book.write("headline.growth", notes, growth=growth_words(investment["growth"])))
        rank = investment["rank"]
        clauses.append(
            book.write("headline.rank", notes, measure=rank and rank["measure"], rank=rank_words(investment["rank"]))
        )
    others = [
        bullet_text(book, line, notes) for line in data["headline"] if line["source"] not in (STARTED, INVESTMENT)
    ]
    parts = ["，".join(clause for clause in clauses if clause), "，".join(text for text in others if text)]
    text = "；".join(part for part in parts if part)
    return f"{text}。" if text else ""


def libraries_text(book: Phrasebook, city: str, notes: list) -> str:
    from documents.kinds import library_figures

    clauses = [
        book.write("library", notes, library=name, count=str(count), investment=yi(total))
        for name, count, total in library_figures()
    ]
    return book.write("libraries", notes, city=city, list="；".join(clause for clause in clauses if clause))


def stewardship_text(book: Phrasebook, end: dt.date, city: str, notes: list) -> str:
    from stewardship.statistics import headline

    figures = headline(end)
    if not figures["stewards"]:
        notes.append(_("截至%(day)s没有在岗的项目管家，管家服务情况未写入。") % {"day": f"{end.month}月{end.day}日"})
        return ""
    return book.write(
        "stewardship",
        notes,
        city=city,
        investment=yi(figures["investment"]),
        projects=str(figures["projects"]),
        stewards=str(figures["stewards"]),
        until=f"{end.month}月{end.day}日",
        **{
            name: str(figures[name])
            for name in (
                "steward_site_visits",
                "steward_phone_surveys",
                "city_team_site_visits",
                "county_team_site_visits",
                "problems_solved",
            )
        },
    )


def race_text(book: Phrasebook, result: dict | None, notes: list) -> str:
    """The race paragraph from the result the document cites ("" without a scheme: kinds.race_result noted it)."""
    if result is None:
        return ""
    opening = book.write("race", notes, scheme=result["scheme"])
    clauses = [
        book.write(
            "race.group",
            notes,
            group=group["name"],
            top_count=str(min(3, len(group["rows"]))),
            top="、".join(row["region"] for row in group["rows"][:3]),
        )
        for group in result["groups"]
        if group["rows"]
    ]
    if result.get("summons"):
        clauses.append(book.write("race.summons", notes, summoned="、".join(result["summons"])))
    body = "；".join(clause for clause in clauses if clause)
    return "".join([f"{opening}。" if opening else "", f"{body}。" if body else ""])


def midyear_sections(outline: Outline, period, result: dict | None, notes: list) -> None:
    """The whole body of the mid-year report for January to `period`'s last month."""
    from indicators.figures import city_region
    from indicators.services import midyear_data

    book = Phrasebook(DocumentKind.MIDYEAR)
    data = midyear_data(dt.date(period.year, period.last_month, 1))
    notes.extend(data["notes"])
    region = city_region()
    city = region.name if region else "全市"
    outline.paragraph(headline_text(book, data, city, notes))
    outline.heading(1, "项目建设情况")
    outline.paragraph(libraries_text(book, city, notes))
    outline.paragraph(stewardship_text(book, period.end, city, notes))
    outline.paragraph(race_text(book, result, notes))
    outline.heading(1, "攻坚突破")
    ranked = [line for line in data["headline"] if line["rank"]]
    for category in data["categories"]:
        texts = [bullet_text(book, line, notes) for line in category["bullets"]]
        texts = [text for text in texts if text]
        if texts:
            outline.paragraph("；".join(texts) + "。", lead=f"●{category['lead'] or category['name']}。")
        ranked += [line for line in category["bullets"] if line["rank"] and line not in ranked]
    for line in ranked:
        source = book.write("rank.source", notes, measure=line["rank"]["measure"], source=line["rank"]["source"])
        if source:
            outline.paragraph(f"注：{source}。")
