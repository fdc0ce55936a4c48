"""Sentence wordings the city edits (documents.phrasing, SentenceTemplate): unknown placeholders are refused on
save with their names, the writer fills a wording from plain values, and a missing figure drops its clause with
a note. The sentence builders of the mid-year report are tested on plain dicts."""

import pytest
from django.core.exceptions import ValidationError

from core.testing import user_for
from documents.midyear import bullet_text, growth_words, headline_text, yi
from documents.models import SentenceTemplate
from documents.phrasing import SENTENCES, Phrasebook, check, placeholders_in

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_every_shipped_wording():
    stored = {(row.kind, row.key): row.text for row in SentenceTemplate.objects.all()}
    assert stored == {key: sentence.default for key, sentence in SENTENCES.items()}
    assert {kind for kind, _key in stored} == {"circular", "quarterly", "annual", "work-report", "midyear"}


def test_the_circulars_headline_in_the_citys_wording():
    from decimal import Decimal

    from documents.sentences import headline_sentence

    city = {"started_count": 591, "ytd": Decimal("2031000.00"), "yoy_pct": Decimal("0")}
    notes = []
    book = Phrasebook("circular", texts={"headline": "{span}全市共开复工项目{count}个、完成投资{investment}"})
    assert (
        headline_sentence("1—5月", city, notes, book)
        == "1—5月全市共开复工项目591个、完成投资203.1亿元，与上年同期持平。"
    )
    assert headline_sentence("1—5月", city, notes) == "1—5月，全市开复工项目591个，完成投资203.1亿元，与上年同期持平。"
    assert notes == []


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("今年前{months}个月，{city}开复工{count}个，完成{money}，{rate}", "text", ["{money}、{rate}", "{investment}"]),
        ("今年前{months个月", "text", ["花括号不成对"]),
        ("今年{count:>5}个", "text", ["{count:>5}"]),
        ("{count.__class__}", "text", ["{count.__class__}"]),
        ("{}个", "text", ["{}"]),
    ],
)
def test_a_wording_with_unknown_placeholders_is_refused_naming_them(text, field, words):
    with pytest.raises(ValidationError) as caught:
        check("midyear", "headline", text)
    messages = caught.value.message_dict[field]
    for word in words:
        assert any(word in message for message in messages), messages


def test_an_unknown_sentence_is_refused_and_save_checks_too():
    with pytest.raises(ValidationError) as caught:
        check("midyear", "no-such-key", "文字")
    assert "no-such-key" in caught.value.message_dict["key"][0]
    row = SentenceTemplate.objects.get(kind="midyear", key="bullet")
    row.text = "{name}{value}{unit}"
    with pytest.raises(ValidationError):
        row.save()
    assert SentenceTemplate.objects.get(pk=row.pk).text == "{name}{value}"
    check("midyear", "bullet", "{{注}}{name}为{value}")  # literal braces are doubled
    assert placeholders_in("{{注}}{name}为{value}") == ["name", "value"]


def test_the_edit_page_refuses_an_unknown_placeholder_and_saves_a_good_one(client):
    row = SentenceTemplate.objects.get(kind="midyear", key="headline.growth")
    client.force_login(user_for("admin"))
    url = f"/documents/sentences/{row.pk}/edit/"
    page = client.get(url).content.decode()
    assert "{growth}" in page  # the placeholders it may use are shown
    refused = client.post(url, {"kind": "midyear", "key": "headline.growth", "text": "同比{growht}"})
    assert refused.status_code == 400 and "未知的占位符：{growht}" in refused.content.decode()
    saved = client.post(url, {"kind": "midyear", "key": "headline.growth", "text": "比上年同期{growth}"})
    assert saved.status_code == 302
    assert SentenceTemplate.objects.get(pk=row.pk).text == "比上年同期{growth}"
    client.force_login(user_for("leader"))
    assert client.get(url).status_code == 404  # wordings are the city administrators' alone


def test_a_missing_figure_drops_the_clause_with_a_note():
    book, notes = Phrasebook("midyear"), []
    assert book.write("bullet", notes, name="水果产量", value="18.27万吨") == "水果产量18.27万吨"
    assert book.write("headline.rank", notes, measure="增速", rank=None) == ""
    assert notes == ["“开篇：全省排名”缺少全省名次（如 第五），该句未写入。"]
    with pytest.raises(KeyError):
        book.write("bullet", notes, name="x", value="1", unit="个")  # a builder passing an undeclared figure


def test_a_stored_wording_that_no_longer_checks_falls_back_with_a_note():
    SentenceTemplate.objects.filter(kind="midyear", key="bullet").update(text="{name}{gone}")
    notes = []
    assert Phrasebook("midyear").write("bullet", notes, name="水果产量", value="18.27万吨") == "水果产量18.27万吨"
    assert "已按系统默认句式写入" in notes[0]


def line(name, text, growth=None, note="", source="", rank=None):
    return {"name": name, "text": text, "value": text, "growth": growth, "note": note, "source": source, "rank": rank}


def test_bullets_and_headline_from_plain_data():
    book, notes = Phrasebook("midyear"), []
    assert bullet_text(book, line("蔬菜及食用菌产量", "18.4万吨", "3"), notes) == "蔬菜及食用菌产量18.4万吨，同比增长3%"
    assert bullet_text(book, line("某产量", "1万吨", "-2.50"), notes) == "某产量1万吨，同比下降2.50%"
    assert bullet_text(book, line("营业收入", None, "21"), notes) == "营业收入同比增长21%"
    assert bullet_text(book, line("零就业家庭", "0户", note="保持动态为零"), notes) == "零就业家庭保持动态为零"
    data = {
        "months": 5,
        "headline": [
            line("开复工项目", "591个", source="projects_started") | {"value": "591"},
            line("完成投资", "203.1亿元", "7.5", source="investment_ytd", rank={"rank": 5, "measure": "增速"}),
            line("新增经营主体", "4300户"),
        ],
    }
    assert headline_text(book, data, "营口市", notes) == (
        "今年前5个月，营口市开复工项目591个，完成投资203.1亿元，同比增长7.5%，增速列全省第五；新增经营主体4300户。"
    )
    assert notes == []
    assert growth_words("0") == "持平" and growth_words(None) is None
    assert [yi("20550002.00"), yi("2031000"), yi("11617000"), yi("20450")] == [
        "2055亿元",
        "203.1亿元",
        "1161.7亿元",
        "2亿元",
    ]


def test_the_api_refuses_an_unknown_placeholder_naming_it_and_the_circular_uses_a_good_one():
    from rest_framework.test import APIClient

    row = SentenceTemplate.objects.get(kind="midyear", key="headline.growth")
    api = APIClient()
    api.force_authenticate(user_for("admin"))
    url = f"/api/documents/sentences/{row.pk}/"
    shown = api.get(url).json()
    assert shown["text"] == row.text and "{growth}" in shown["placeholders"] and shown["label"]
    refused = api.patch(url, {"text": "同比{growht}"}, format="json")
    assert refused.status_code == 400
    assert "未知的占位符：{growht}" in refused.json()["text"][0]
    assert SentenceTemplate.objects.get(pk=row.pk).text == row.text  # nothing half-written
    unknown = api.post("/api/documents/sentences/", {"kind": "midyear", "key": "nope", "text": "x"}, format="json")
    assert unknown.status_code == 400 and "nope" in str(unknown.json())
    assert api.patch(url, {"text": "比上年同期{growth}"}, format="json").status_code == 200
    assert Phrasebook("midyear").write("headline.growth", [], growth="增长7.5%") == "比上年同期增长7.5%"
