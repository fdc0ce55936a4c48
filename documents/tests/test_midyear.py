"""The May 2024 mid-year report (年中答卷) on the demo data, end to end.

Golden test: the text of the generated .docx (python-docx) and PDF (pdftotext) carries every figure the seed
prints for January–May 2024, and each figure moves when its stored value does (it is read, not typed). A figure
the data lacks drops its clause with a note; the city's own wording is what gets written; the command line, the
add page and the API offer the kind.
"""

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document as Docx

from core.testing import user_for
from documents.kinds import build
from documents.models import Document, SentenceTemplate
from documents.render import render_docx, render_pdf
from documents.services import default_issuing_body

pytestmark = pytest.mark.django_db

HEADLINE = "今年前5个月，营口市开复工项目591个，完成投资203.1亿元，同比增长7.5%，增速列全省第五"
# Every figure the seed prints for January–May 2024 (its 攻坚突破 list, headline and libraries), as written.
SEED_FIGURES = [
    HEADLINE,
    "新增经营主体4300户",
    "经营主体总数30.72万户，同比增长4.35%",
    "实施工业技术创新项目152项",
    "申报省工业企业创新产品目录企业15家",
    "申报省工业企业创新产品目录产品16个",
    "申报辽宁省5G工厂试点项目13个",
    "融合应用先导区试点项目5个",
    "参评省级工业互联网平台2个",
    "推荐申报省级“绿色工厂”企业12家",
    "推荐申报省级“绿色园区”园区1家",
    "新增省级专精特新中小企业17家",
    "推荐申报国家级专精特新“小巨人”企业12家",
    "申报辽宁省质量标杆企业3家",
    "申报省级工业设计中心企业2家",
    "新增注册科技型中小企业237家",
    "征集省级技术需求62项",
    "征集市级技术攻关需求33项",
    "征集软课题研究17项",
    "技术合同成交额8亿元",
    "转化落地科技成果30项",
    "推荐申报辽宁省科学技术奖项目19个，同比增长30%",
    "规模以上科技服务业企业营业收入同比增长21%",
    "科技服务业企业工资总额同比增长8%",
    "粮食播种面积139.37万亩",
    "蔬菜及食用菌产量18.4万吨，同比增长3%",
    "水果产量18.27万吨，同比增长2.5%",
    "猪肉产量1.63万吨，同比增长15.28%",
    "禽肉产量11.77万吨，同比增长1.36%",
    "生猪出栏18.24万头，同比增长7.1%",
    "水产品产量19.37万吨，同比增长2.96%",
    "开展主题促销活动200多场",
    "消费主题活动12个",
    "举办文体旅游活动700余场",
    "“五一”期间接待游客334.37万人次，同比增长126.39%",
    "“五一”期间旅游收入29.04亿元，同比增长180.85%",
    "上线免申即享政策27项",
    "免申即享累计兑付超过4900万元",
    "“一件事高效办成”业务28967件",
    "12345热线平台诉求直接答复率74.45%",
    "12345热线平台有效办结率97.53%",
    "12345热线平台满意率85.4%",
    "城镇新增就业10452人",
    "城镇失业人员再就业11290人",
    "就业困难人员实现就业2473人",
    "零就业家庭保持动态为零",
    "青年就业见习募集岗位383个",
    "“建设项目库”现有项目833个，总投资3205亿元",
    "“储备项目库”现有项目1321个，总投资7251亿元",
    "“重点项目库”现有项目21个，总投资1161.7亿元",
    "选取总投资2055亿元的33个重大项目，由31位市级领导担任“项目管家”",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def docx_text(data: bytes) -> str:
    document = Docx(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def flat(text: str) -> str:
    """Text without line breaks and page numbers (— 2 —), so a figure wrapped over a line or page reads whole."""
    return re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))


def body_text(content) -> str:
    return "\n".join(f"{getattr(block, 'lead', '')}{getattr(block, 'text', '')}" for block in content.blocks)


def stewardship_figures(end: dt.date) -> str:
    """The stewardship sentence's counts as stewardship.statistics gives them for `end` (May's, not the seed's
    June figures 49 / 44 / 37 / 152 / 38)."""
    from stewardship.statistics import headline

    figures = headline(end)
    return (
        f"累计现场调研{figures['steward_site_visits']}次，电话调研{figures['steward_phone_surveys']}次，"
        f"市级帮办团队现场调研{figures['city_team_site_visits']}次，"
        f"县区帮办团队现场调研{figures['county_team_site_visits']}次，共解决难题{figures['problems_solved']}个"
    )


def test_the_may_report_carries_every_seed_figure_in_word_and_pdf(demo_data, tmp_path):
    content, _result = build("midyear", "2024-05", default_issuing_body(), charts=False)
    assert content.notes == []
    assert content.title == "2024年1—5月攻坚之年攻坚之战年中答卷"
    expected = [*SEED_FIGURES, stewardship_figures(dt.date(2024, 5, 31))]
    word = flat(docx_text(render_docx(content)))
    missing = [figure for figure in expected if flat(figure) not in word]
    assert not missing, f"not in the .docx: {missing}"
    if shutil.which("pdftotext"):
        path = tmp_path / "midyear.pdf"
        path.write_bytes(render_pdf(content))
        pdf = flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
        missing = [figure for figure in expected if flat(figure) not in pdf]
        assert not missing, f"not in the PDF: {missing}"
    assert "注：增速全省排名引自辽宁日报" in body_text(content)  # the rank is an entered fact with its source


def test_each_figure_is_read_from_stored_values(demo_data):
    """Change what is stored and the report changes: nothing in it is typed."""
    from indicators.models import IndicatorValue, ProvinceRank
    from scheduling.models import MonthlyReport

    body = default_issuing_body()
    IndicatorValue.objects.filter(indicator__code="vegetables", period=dt.date(2024, 5, 1)).update(
        value=Decimal("19.1")
    )
    ProvinceRank.objects.filter(indicator__code="investment_ytd", period=dt.date(2024, 5, 1)).update(rank=4)
    report = MonthlyReport.objects.filter(period__year=2024, period__month=3).exclude(month_amount=0).first()
    MonthlyReport.objects.filter(pk=report.pk).update(month_amount=report.month_amount + Decimal("50000"))
    text = body_text(build("midyear", "2024-05", body, charts=False)[0])
    assert "蔬菜及食用菌产量19.1万吨，同比增长6.94%" not in text  # growth precision is 0 for vegetables
    assert "蔬菜及食用菌产量19.1万吨，同比增长7%" in text  # 19.1 / 17.86 − 1 = 6.94 % → 7 %
    assert "完成投资208.1亿元" in text and "增速列全省第四" in text
    assert HEADLINE not in text


def test_a_missing_figure_is_left_out_with_a_note(demo_data):
    from indicators.models import IndicatorValue, ProvinceRank

    ProvinceRank.objects.filter(indicator__code="investment_ytd", period=dt.date(2024, 5, 1)).delete()
    IndicatorValue.objects.filter(indicator__code="pork", period=dt.date(2023, 5, 1)).delete()
    IndicatorValue.objects.filter(indicator__code="fruit", period=dt.date(2024, 5, 1)).delete()
    content, _result = build("midyear", "2024-05", default_issuing_body(), charts=False)
    text = body_text(content)
    assert "同比增长7.5%；新增经营主体" in text and "全省第" not in text
    assert "猪肉产量1.63万吨；" in text  # no base last year: the growth is left out, never guessed
    assert "水果产量" not in text
    assert any("全省名次" in note for note in content.notes), content.notes
    assert any("水果产量" in note for note in content.notes), content.notes


def test_the_citys_wording_is_what_gets_written(demo_data):
    SentenceTemplate.objects.filter(kind="midyear", key="headline.rank").update(text="增速居全省第{rank}位")
    SentenceTemplate.objects.filter(kind="midyear", key="bullet.growth").update(text="较上年同期{growth}")
    text = body_text(build("midyear", "2024-05", default_issuing_body(), charts=False)[0])
    assert "增速居全省第第五位" in text  # the city's words, verbatim ({rank} is 第五)
    assert "蔬菜及食用菌产量18.4万吨，较上年同期增长3%" in text


def test_command_line_add_page_and_api_offer_the_kind(demo_data, client, tmp_path):
    for suffix in ("docx", "pdf", "html"):
        out = tmp_path / f"midyear.{suffix}"
        call_command("document", "midyear", "--period", "2024-05", "-o", str(out), stdout=io.StringIO())
        assert out.stat().st_size > 0
    assert HEADLINE in docx_text((tmp_path / "midyear.docx").read_bytes())
    assert (tmp_path / "midyear.pdf").read_bytes().startswith(b"%PDF")

    client.force_login(user_for("admin"))
    assert "年中答卷" in client.get(reverse("documents:document_add")).content.decode()
    response = client.post(reverse("documents:document_add"), {"kind": "midyear", "period": "2024-05"})
    assert response.status_code == 302
    document = Document.objects.get(kind="midyear", period="2024-05")
    assert HEADLINE in client.get(document.get_absolute_url()).content.decode()
    refused = client.post(
        "/api/documents/documents/", {"kind": "midyear", "period": "2024-Q2"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "年中答卷" in refused.content.decode()
    drafted = client.post(
        "/api/documents/documents/", {"kind": "midyear", "period": "2024-05"}, content_type="application/json"
    )
    assert drafted.status_code == 201
    content = client.get(f"/api/documents/documents/{drafted.json()['id']}/content/").json()
    assert any(HEADLINE in (block.get("text") or "") for block in content["blocks"])
