"""The renderers against GB/T 9704 (../shared/docs/DOCUMENTS.md): the .docx opens with python-docx, is A4 with the
standard's margins, names 仿宋_GB2312 for East Asian body text, keeps the ranking table in rank order under a
repeating header, survives a name with & and <; the PDF embeds a CJK font and its text extracts back."""

import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn

from documents.charts import render_png
from documents.render import render_docx, render_html, render_pdf
from documents.tests.helpers import AWKWARD, race_result, sample_content


@pytest.fixture(scope="module")
def docx_bytes():
    return render_docx(sample_content(charts=True))


def test_the_docx_opens_and_is_a4_with_the_standards_margins(docx_bytes):
    section = Docx(io.BytesIO(docx_bytes)).sections[0]

    def mm(length):  # stored in twips: a hundredth of a millimetre off
        return round(length / 36000, 1)  # EMU per mm

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225


def test_the_body_font_is_fangsong_for_east_asian_text(docx_bytes):
    document = Docx(io.BytesIO(docx_bytes))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    body = document.styles["公文正文"]
    assert body.font.size.pt == 16
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if run.text]
    named = {
        run._r.rPr.rFonts.get(qn("w:eastAsia"))
        for run in runs
        if run._r.rPr is not None and run._r.rPr.rFonts is not None
    }
    assert {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"} <= named


def test_the_ranking_table_is_in_rank_order_under_a_repeating_header(docx_bytes):
    document = Docx(io.BytesIO(docx_bytes))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["名次", "地区", "得分", "名次变化", "亮灯", "榜单"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    expected = [row["region"] for row in race_result()["groups"][0]["rows"]]
    assert [r.cells[1].text for r in table.rows[1:]] == expected
    assert [r.cells[0].text for r in table.rows[1:]] == ["1", "2", "3", "4"]
    assert table.rows[4].cells[5].text == "黑榜、约谈"
    assert table.rows[1].cells[5].text == "红榜" and table.rows[2].cells[5].text == "—"


def test_a_name_with_ampersand_and_angle_brackets_stays_text(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "A&amp;B&lt;区&gt;" in xml
    text = "\n".join(p.text for p in Docx(io.BytesIO(docx_bytes)).paragraphs)
    assert f"{AWKWARD}的得分" in text


def test_the_header_number_title_signature_and_page_numbers(docx_bytes):
    document = Docx(io.BytesIO(docx_bytes))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "营口市发展和改革委员会文件"
    assert texts[1] == "营发改发〔2024〕12号"
    assert "2024年6月5日" in texts
    assert any(t.startswith("抄送：市委办公室") for t in texts)
    mark = document.paragraphs[0].runs[0]
    assert str(mark.font.color.rgb) == "FF0000"
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml
    assert document.settings.odd_and_even_pages_header_footer


def test_a_chart_is_a_png_with_chinese_labels_and_no_missing_glyphs():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_png(
            {
                "type": "bar",
                "labels": ["鲅鱼圈区", "站前区"],
                "series": [{"name": "投资", "values": ["1.5", "2"]}],
                "unit": "亿元",
            },
            "各地区完成投资",
        )
    assert png.startswith(b"\x89PNG")
    assert not [w for w in caught if "Glyph" in str(w.message)]  # a missing glyph would be a box (tofu)


def test_the_html_view_escapes_and_keeps_the_order():
    html = render_html(sample_content())
    assert "A&amp;B&lt;区&gt;" in html
    assert html.index("鲅鱼圈区") < html.index("站前区") < html.index("盖州市")
    assert 'class="num"' in html


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils (pdffonts, pdftotext) not installed")
def test_the_pdf_embeds_a_cjk_font_and_its_text_extracts(tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(render_pdf(sample_content(charts=True)))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts  # the "emb" column
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())  # a name wrapped in a narrow cell comes out on two lines
    for region in ("鲅鱼圈区", "站前区", "盖州市", "营口经济技术开发区", AWKWARD):
        assert region in flat
    assert "营发改发〔2024〕12号" in flat
