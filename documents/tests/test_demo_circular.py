"""The May 2024 circular on the demo data, end to end: its sentences carry the seed's 591 / 203.1亿元 / 7.5%, its
ranking tables are the race result in rank order; the city drafts, previews and issues it in the browser (number
allocated, ranking published, files generated), districts read it once issued, and an issued circular stays the
same after the data changes. The command line writes the same document."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document as Docx

from core.testing import user_for
from documents.choices import DocumentStatus
from documents.kinds import build
from documents.models import Document
from documents.services import content_of, default_issuing_body, draft, issue

pytestmark = pytest.mark.django_db
SEED = ("1—5月，全市开复工项目591个，完成投资203.1亿元，同比增长7.5%。",)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _docx_text(data: bytes) -> str:
    document = Docx(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_may_circular_carries_the_seeds_figures(demo_data):
    content, result = build("circular", "2024-05", default_issuing_body(), charts=False)
    text = "\n".join(getattr(block, "text", "") for block in content.blocks)
    assert SEED[0] in text
    assert content.title == "关于2024年1—5月全市重大项目建设情况的通报"
    assert result["period"] == "2024-05"
    assert content.notes == []


def test_the_ranking_tables_are_the_race_result_in_rank_order(demo_data):
    from race.services import default_scheme, result_for

    content, _result = build("circular", "2024-05", default_issuing_body(), charts=False)
    expected = result_for(default_scheme("month"), "2024-05")
    tables = [table for table in content.tables() if table.caption.endswith("赛马排名")]
    assert [table.caption for table in tables] == [f"{group['name']}赛马排名" for group in expected["groups"]]
    for table, group in zip(tables, expected["groups"], strict=True):
        assert [row[1] for row in table.rows] == [row["region"] for row in group["rows"]]
        assert [row[2] for row in table.rows] == [f"{row['score']:.2f}" for row in group["rows"]]
        assert [int(row[0]) for row in table.rows] == sorted(int(row[0]) for row in table.rows)


def test_the_command_line_writes_the_circular(demo_data, tmp_path):
    out = tmp_path / "may.docx"
    call_command("document", "circular", "--period", "2024-05", "-o", str(out), stdout=io.StringIO())
    text = _docx_text(out.read_bytes())
    assert SEED[0] in text
    assert "鲅鱼圈区" in text
    html = tmp_path / "may.html"
    call_command("document", "circular", "--period", "2024-05", "-o", str(html), stdout=io.StringIO())
    assert "完成投资203.1亿元" in html.read_text(encoding="utf-8")


def test_the_city_drafts_previews_and_issues_it_in_the_browser(demo_data, client):
    client.force_login(user_for("admin"))
    response = client.post(reverse("documents:document_add"), {"kind": "circular", "period": "2024-05"})
    assert response.status_code == 302
    document = Document.objects.get(kind="circular", period="2024-05")
    page = client.get(document.get_absolute_url()).content.decode()
    assert "完成投资203.1亿元" in page and 'data-testid="issue-button"' in page

    response = client.post(reverse("documents:document_issue", args=[document.pk]))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED
    assert document.number.startswith("营发改发〔") and document.number.endswith("〕1号")
    assert document.race_publication is not None and document.race_publication.period == "2024-05"
    assert document.docx and document.pdf and document.progress == 100

    download = client.get(reverse("documents:document_docx", args=[document.pk]))
    assert download.status_code == 200
    assert document.number in _docx_text(download.content)
    assert client.get(reverse("documents:document_pdf", args=[document.pk])).content.startswith(b"%PDF")


def test_districts_read_issued_documents_only(demo_data, client):
    body = default_issuing_body()
    issued = issue(draft("circular", "2024-05", issuing_body=body))
    waiting = draft("circular", "2024-03", issuing_body=body)  # April is issued by the demo
    client.force_login(user_for("gz"))
    listing = client.get(reverse("documents:document_list")).content.decode()
    assert issued.number in listing and waiting.title not in listing
    assert client.get(issued.get_absolute_url()).status_code == 200
    assert client.get(waiting.get_absolute_url()).status_code == 404
    assert client.post(reverse("documents:document_issue", args=[waiting.pk])).status_code == 404
    assert client.get(reverse("documents:document_add")).status_code == 403
    api = client.get("/api/documents/documents/").json()
    demo = Document.objects.get(kind="circular", period="2024-04", status=DocumentStatus.ISSUED)
    assert sorted(row["id"] for row in api["results"]) == sorted([issued.pk, demo.pk])


def test_an_issued_circular_does_not_change_when_the_data_does(demo_data):
    from scheduling.models import MonthlyReport

    issued = issue(draft("circular", "2024-05"))
    before = content_of(issued).as_json()
    # A revision of March's figures (as a recorded revision would make them), straight in the table.
    report = MonthlyReport.objects.filter(period__year=2024, period__month=3).exclude(month_amount=0).first()
    MonthlyReport.objects.filter(pk=report.pk).update(month_amount=report.month_amount + Decimal("50000"))
    issued.refresh_from_db()
    assert content_of(issued).as_json() == before
    assert SEED[0] in _texts(content_of(issued))
    live, _result = build("circular", "2024-05", issued.issuing_body, charts=False)
    assert SEED[0] not in _texts(live)  # the draft of the same period moved with the data
    docx = client_free_download(issued)
    assert SEED[0] in docx and issued.number in docx


def _texts(content) -> str:
    return "\n".join(getattr(block, "text", "") for block in content.blocks)


def client_free_download(document) -> str:
    """The issued document's stored .docx as text."""
    with document.docx.open("rb") as handle:
        return _docx_text(handle.read())


def test_numbers_run_on_within_a_year(demo_data):
    first = issue(draft("circular", "2024-04"))
    second = issue(draft("work-report", "2024-05"))
    assert [first.serial, second.serial] == [1, 2]
    assert second.number.endswith("〕2号")


@pytest.mark.parametrize(
    ("kind", "period", "title", "heading"),
    [
        ("quarterly", "2024-Q1", "关于2024年第一季度全市重大项目建设情况的总结", "赛马排名情况"),
        ("annual", "2023", "关于2023年度全市重大项目建设考核结果的通报", "总体情况"),
        ("work-report", "2024-05", "固定资产投资与项目管理工作报告", "项目库建设情况"),
    ],
)
def test_the_other_kinds_build_and_render(demo_data, kind, period, title, heading):
    from documents.render import render_docx

    content, _result = build(kind, period, default_issuing_body(), charts=False)
    assert content.title == title
    assert any(getattr(block, "text", "") == heading for block in content.blocks)
    text = _docx_text(render_docx(content))
    assert title in text
    if kind == "quarterly":  # no quarterly scheme in the demo: the monthly one to March, and the editor is told
        assert any("未设置季度赛马方案" in note for note in content.notes)
    if kind == "work-report":
        assert content.addressee.startswith("中共营口市委")


def test_the_api_drafts_issues_and_returns_the_frozen_content(demo_data, client):
    client.force_login(user_for("admin"))
    response = client.post(
        "/api/documents/documents/", {"kind": "circular", "period": "2024-05"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    refused = client.post(
        "/api/documents/documents/", {"kind": "circular", "period": "2024-Q2"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "月通报" in refused.content.decode()
    issued = client.post(f"/api/documents/documents/{pk}/issue/").json()
    assert issued["status"] == "issued" and issued["number"].endswith("〕1号")
    content = client.get(f"/api/documents/documents/{pk}/content/").json()
    assert content["number"] == issued["number"]
    assert any(SEED[0] in (block.get("text") or "") for block in content["blocks"])
    again = client.post(f"/api/documents/documents/{pk}/issue/")
    assert again.status_code == 400 and "已印发" in again.content.decode()


def test_the_demo_issues_aprils_circular(demo_data, client):
    """After the demo loads, April 2024's circular is issued with its number on April's publication, listed in the
    archive, and downloads as a .docx rendered from its frozen content."""
    document = Document.objects.get(kind="circular", period="2024-04", status=DocumentStatus.ISSUED)
    assert document.number == "营发改发〔2024〕1号"
    assert document.race_publication is not None and document.race_publication.period == "2024-04"
    assert not document.docx and document.progress == 100
    client.force_login(user_for("admin"))
    assert document.number in client.get(reverse("documents:document_list")).content.decode()
    data = client.get(reverse("documents:document_docx", args=[document.pk])).content
    assert "关于2024年1—4月全市重大项目建设情况的通报" in _docx_text(data)


def test_the_work_reports_libraries_are_the_overviews_at_the_periods_end(demo_data):
    """The work report on May counts May's libraries (the library overview as of 31 May), not those of the day it
    is drafted: a project entered since does not move it."""
    import datetime as dt

    from core.models import Region
    from projects.models import Project
    from projects.services import library_overview

    def library_table():
        content, _result = build("work-report", "2024-05", default_issuing_body(), charts=False)
        return next(block for block in content.blocks if getattr(block, "caption", "") == "项目库入库情况").rows

    may = library_overview(dt.date(2024, 5, 31))["libraries"]
    before = library_table()
    assert [int(row[1]) for row in before] == [may[key]["count"] for key in ("reserve", "construction", "key")]
    Project.objects.create(
        name="六月后新入库项目", region=Region.objects.get(code="210804"), stage="preliminary", total_investment=50000
    )
    assert library_table() == before
