"""Sentence templates the city can edit (句式): which sentences a kind of document writes, the named placeholders
each may use, the shipped wording, and the writer that fills them from figures.

A document's builder never writes a figure into prose itself: it asks `Phrasebook.write(key, notes, **values)`,
which takes the city's wording (documents.SentenceTemplate, else the shipped default) and fills it. A placeholder
whose figure the data lacks drops the whole sentence (clause) and names the figure in a note to the editor, so a
document never prints a placeholder, a guess or an empty figure. A wording with an unknown placeholder is refused
when it is saved (`check`), with the unknown names in the message.
"""

import string
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from documents.choices import DocumentKind

PLACEHOLDERS = {
    "months": _("月数（如 5）"),
    "city": _("城市名称（如 营口市）"),
    "count": _("个数"),
    "investment": _("金额（如 203.1亿元）"),
    "growth": _("增减（如 增长7.5%、下降2%、持平）"),
    "change": _("同比增减（如 同比增长7.5%、与上年同期持平）"),
    "span": _("期间（如 1—5月）"),
    "measure": _("排名指标（如 增速）"),
    "rank": _("全省名次（如 第五）"),
    "source": _("数据来源"),
    "name": _("指标名称"),
    "value": _("数值及单位（如 18.4万吨）"),
    "note": _("指标说明（如 保持动态为零）"),
    "library": _("项目库名称"),
    "list": _("各项内容（已用分号连接）"),
    "until": _("截止日期（如 5月31日）"),
    "projects": _("项目个数"),
    "stewards": _("项目管家人数"),
    "steward_site_visits": _("管家现场调研次数"),
    "steward_phone_surveys": _("管家电话调研次数"),
    "city_team_site_visits": _("市级帮办团队现场调研次数"),
    "county_team_site_visits": _("县区帮办团队现场调研次数"),
    "problems_solved": _("解决难题个数"),
    "scheme": _("赛马方案名称"),
    "group": _("赛马分组"),
    "top_count": _("前几位"),
    "top": _("排名靠前的地区"),
    "summoned": _("约谈地区"),
}


@dataclass(frozen=True)
class Sentence:
    """One sentence a kind of document writes: its key, what it says, its shipped wording and its placeholders."""

    kind: str
    key: str
    label: object
    default: str
    placeholders: tuple[str, ...] = field(default_factory=tuple)


MIDYEAR = DocumentKind.MIDYEAR
# The investment headline of the circular, summary, assessment and work report: one wording per kind.
HEADLINES = [
    sentence
    for kind in (DocumentKind.CIRCULAR, DocumentKind.QUARTERLY, DocumentKind.ANNUAL, DocumentKind.WORK_REPORT)
    for sentence in (
        Sentence(
            kind,
            "headline",
            _("总体情况：开复工项目和完成投资"),
            "{span}，全市开复工项目{count}个，完成投资{investment}",
            ("span", "count", "investment"),
        ),
        Sentence(kind, "headline.growth", _("总体情况：投资同比"), "{change}", ("change",)),
    )
]
SENTENCES = {
    (sentence.kind, sentence.key): sentence
    for sentence in (
        *HEADLINES,
        Sentence(
            MIDYEAR,
            "headline",
            _("开篇：开复工项目和完成投资"),
            "今年前{months}个月，{city}开复工项目{count}个，完成投资{investment}",
            ("months", "city", "count", "investment"),
        ),
        Sentence(MIDYEAR, "headline.growth", _("开篇：投资同比"), "同比{growth}", ("growth",)),
        Sentence(MIDYEAR, "headline.rank", _("开篇：全省排名"), "{measure}列全省{rank}", ("measure", "rank")),
        Sentence(MIDYEAR, "bullet", _("指标：名称和数值"), "{name}{value}", ("name", "value")),
        Sentence(MIDYEAR, "bullet.growth", _("指标：同比"), "同比{growth}", ("growth",)),
        Sentence(MIDYEAR, "bullet.growth_only", _("指标：只有同比"), "{name}同比{growth}", ("name", "growth")),
        Sentence(MIDYEAR, "bullet.note", _("指标：说明代替数值"), "{name}{note}", ("name", "value", "note")),
        Sentence(
            MIDYEAR,
            "library",
            _("项目库：一个库"),
            "“{library}”现有项目{count}个，总投资{investment}",
            ("library", "count", "investment"),
        ),
        Sentence(
            MIDYEAR,
            "libraries",
            _("项目库：段落"),
            "{city}建立项目库，清单式推进项目建设。截至目前，{list}。",
            ("city", "list"),
        ),
        Sentence(
            MIDYEAR,
            "stewardship",
            _("项目管家：段落"),
            "{city}选取总投资{investment}的{projects}个重大项目，由{stewards}位市级领导担任“项目管家”，"
            "实行全程服务。截至{until}，市级“项目管家”累计现场调研{steward_site_visits}次，"
            "电话调研{steward_phone_surveys}次，市级帮办团队现场调研{city_team_site_visits}次，"
            "县区帮办团队现场调研{county_team_site_visits}次，共解决难题{problems_solved}个。",
            (
                "city",
                "investment",
                "projects",
                "stewards",
                "until",
                "steward_site_visits",
                "steward_phone_surveys",
                "city_team_site_visits",
                "county_team_site_visits",
                "problems_solved",
            ),
        ),
        Sentence(
            MIDYEAR,
            "race",
            _("赛马：开头"),
            "实行“赛马机制，倒逼项目落实”，按照“{scheme}”对各地区项目建设情况排名",
            ("scheme",),
        ),
        Sentence(
            MIDYEAR,
            "race.group",
            _("赛马：一个分组"),
            "{group}组排名前{top_count}位的是{top}",
            ("group", "top_count", "top"),
        ),
        Sentence(
            MIDYEAR,
            "race.summons",
            _("赛马：约谈"),
            "市政府约谈排名末位的{summoned}主要负责同志",
            ("summoned",),
        ),
        Sentence(MIDYEAR, "rank.source", _("注：全省排名来源"), "{measure}全省排名引自{source}", ("measure", "source")),
    )
}


def key_choices() -> list[tuple[str, str]]:
    """Every sentence key with its label, for the form's select (a key is checked against its kind on save)."""
    labels: dict[str, list[str]] = {}
    for sentence in SENTENCES.values():
        names = labels.setdefault(sentence.key, [])
        if str(sentence.label) not in names:
            names.append(str(sentence.label))
    return [(key, f"{key}：{' / '.join(names)}") for key, names in labels.items()]


def placeholders_in(text: str) -> list[str]:
    """The placeholder names `text` uses, in order ("{{" and "}}" are literal braces); ValueError when a brace is
    unmatched. A format spec or conversion ({count:>5}, {count!r}) is kept in the name, so `check` refuses it."""
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        name += (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        if name not in names:
            names.append(name)
    return names


def allowed_text(kind: str, key: str) -> str:
    """'{months} 月数（如 5）、{city} …': what a sentence's wording may use, for the form and the list."""
    sentence = SENTENCES.get((kind, key))
    if sentence is None:
        return ""
    return "、".join(f"{{{name}}}{PLACEHOLDERS[name]}" for name in sentence.placeholders)


def check(kind: str, key: str, text: str) -> None:
    """Refuse a wording the writer could not fill: an unknown sentence, unmatched braces, unknown placeholders
    (named in the message, with the ones allowed)."""
    sentence = SENTENCES.get((kind, key))
    if sentence is None:
        known = "、".join(item.key for item in SENTENCES.values() if item.kind == kind)
        raise ValidationError(
            {
                "key": _("“%(kind)s”没有句式“%(key)s”。可用的句式：%(known)s。")
                % {
                    "kind": DocumentKind(kind).label if kind in DocumentKind.values else kind,
                    "key": key,
                    "known": known or _("无"),
                }
            }
        )
    try:
        names = placeholders_in(text)
    except ValueError:
        raise ValidationError({"text": _("花括号不成对：占位符写作 {count}，文字中的花括号写作 {{ 和 }}。")}) from None
    unknown = [name for name in names if name not in sentence.placeholders]
    if unknown:
        raise ValidationError(
            {
                "text": _("未知的占位符：%(unknown)s。此句式可用：%(allowed)s。")
                % {
                    "unknown": "、".join(f"{{{name}}}" for name in unknown),
                    "allowed": allowed_text(kind, key),
                }
            }
        )


class Phrasebook:
    """The wordings of one kind of document (the city's, else the shipped ones), read in one query."""

    def __init__(self, kind: str, texts: dict | None = None):
        """`texts` {key: wording} given: those (and the shipped ones for the rest), no database (tests)."""
        from documents.models import SentenceTemplate

        self.kind = kind
        if texts is None:
            texts = dict(SentenceTemplate.objects.filter(kind=kind).values_list("key", "text"))
        self.texts = texts

    def wording(self, key: str, notes: list) -> str:
        """The city's wording of `key`; the shipped one (and a note) when the stored one no longer passes `check`
        (saved before a placeholder was withdrawn)."""
        sentence = SENTENCES[(self.kind, key)]
        text = self.texts.get(key, sentence.default)
        try:
            check(self.kind, key, text)
        except ValidationError as error:
            notes.append(
                _("句式“%(label)s”无法使用（%(error)s），已按系统默认句式写入。")
                % {"label": sentence.label, "error": "；".join(error.messages)}
            )
            return sentence.default
        return text

    def write(self, key: str, notes: list, **values) -> str:
        """The sentence `key` filled with `values` (text already formatted); "" and a note naming the missing
        figures when a placeholder the wording uses has no value."""
        sentence = SENTENCES[(self.kind, key)]
        undeclared = set(values) - set(sentence.placeholders)
        if undeclared:
            raise KeyError(f"{self.kind}.{key}: undeclared placeholders {sorted(undeclared)}")
        text = self.wording(key, notes)
        names = placeholders_in(text)
        missing = [name for name in names if values.get(name) in (None, "")]
        if missing:
            notes.append(
                _("“%(label)s”缺少%(missing)s，该句未写入。")
                % {"label": sentence.label, "missing": "、".join(str(PLACEHOLDERS[name]) for name in missing)}
            )
            return ""
        return text.format_map({name: values[name] for name in names})
