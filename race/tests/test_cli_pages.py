"""The command line (the issue's JSON shape, .xlsx without formulas), the race page, the API's results and the
publish flow in the browser's terms (confirmation, city only), and query counts that do not grow with the data."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.models import Region
from core.testing import user_for
from race.models import RacePublication
from race.services import publish
from race.testing import make_scheme
from race.tests.helpers import region_with

pytestmark = pytest.mark.django_db
TWO = ("210804", "210881")


@pytest.fixture
def scheme():
    region_with("210804", 1000, {4: 100, 5: 500})
    region_with("210881", 1000, {4: 290, 5: 10})
    return make_scheme(regions=TWO, is_default=True)


def test_cli_json_has_the_issues_shape(scheme, capsys):
    call_command("race", "--scheme", "test-race", "--period", "2024-05", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert {"period", "scheme", "rows", "summons"} <= set(data) and data["period"] == "2024-05"
    first = data["rows"][0]
    assert list(first) == ["region_code", "region", "group", "score", "rank", "rank_change", "items", "lists"]
    assert (first["region_code"], first["score"], first["rank"]) == ("210804", "60.00", 1)
    assert first["items"]["plan"]["raw"] == "60.00" and "得60分" in first["items"]["plan"]["explain"]
    assert data["summons"] == ["盖州市"]


def test_cli_by_name_xlsx_and_refusals(scheme, tmp_path):
    Region.objects.filter(code="210881").update(name='=HYPERLINK("x")&<区>')
    target = tmp_path / "race.xlsx"
    call_command("race", "--scheme", scheme.name, "--period", "2024-05", "--format", "xlsx", "-o", str(target))
    sheet = load_workbook(target)["排名"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("分组", "名次", "名次变化", "地区代码", "地区", "总分")
    assert rows[2][4] == '=HYPERLINK("x")&<区>' and sheet.cell(3, 5).data_type == "s"
    with pytest.raises(CommandError, match="找不到方案"):
        call_command("race", "--scheme", "nope", "--period", "2024-05")
    with pytest.raises(CommandError, match="无法识别"):
        call_command("race", "--scheme", "test-race", "--period", "2024-13")


def test_the_race_page_explains_every_score_and_a_district_reads_it(scheme, client):
    client.force_login(user_for("gz"))
    page = client.get("/race/", {"period": "2024-05"}).content.decode()
    assert "鲅鱼圈区" in page and "年度计划完成率60%" in page and "race-chart" in page
    assert "race-publish" not in page  # a district reads the city-wide ranking but does not publish
    assert client.get("/race/publish/", {"period": "2024-05"}).status_code == 403
    bad = client.get("/race/", {"period": "2024-Q2"})
    assert bad.status_code == 400 and "不符" in bad.content.decode()


def test_publish_in_the_browser_asks_then_freezes(scheme, client):
    client.force_login(user_for("admin"))
    query = f"scheme={scheme.pk}&period=2024-05"
    confirm = client.get(f"/race/publish/?{query}")
    assert confirm.status_code == 200 and "确认发布" in confirm.content.decode()
    assert not RacePublication.objects.exists()  # seeing the draft publishes nothing
    done = client.post(f"/race/publish/?{query}", {"note": ""})
    publication = RacePublication.objects.get()
    assert done.status_code == 302 and done["Location"] == publication.get_absolute_url()
    again = client.post(f"/race/publish/?{query}", {"note": ""})
    assert again.status_code == 400 and "已发布第1期" in again.content.decode()
    correction = client.post(f"/race/publish/?{query}", {"note": "数据修订", "corrects": publication.pk})
    assert correction.status_code == 302 and RacePublication.objects.count() == 2
    page = client.get("/race/", {"period": "2024-05"}).content.decode()
    assert "已发布 第2期" in page


def test_api_results_and_publish(scheme, api_as):
    reader = api_as("gz")
    answer = reader.get("/api/race/results/", {"scheme": "test-race", "period": "2024-05"})
    assert answer.status_code == 200 and answer.json()["rows"][0]["score"] == "60.00"
    assert reader.post("/api/race/publish/", {"scheme": scheme.pk, "period": "2024-05"}).status_code == 403
    admin = api_as("admin")
    made = admin.post("/api/race/publish/", {"scheme": scheme.pk, "period": "2024-05"}, format="json")
    assert made.status_code == 201 and made.json()["snapshot"]["published"] is True
    assert admin.get("/api/race/results/", {"scheme": scheme.pk, "period": "2024-05"}).json()["published"]
    bad = admin.get("/api/race/results/", {"scheme": "test-race", "period": "May"})
    assert bad.status_code == 400 and "无法识别" in bad.json()["period"][0]


def test_the_summary_section_reads_the_latest_publication(scheme):
    from race.summary import summary_section

    assert summary_section(None)["city"]["period"] is None
    publish(scheme, "2024-05")
    section = summary_section(None)
    assert section["city"]["summons"] == ["盖州市"]
    byq = Region.objects.get(code="210804").pk
    assert section["regions"][byq]["rank"] == 1 and summary_section(None, [byq])["regions"].keys() == {byq}


def count_queries(client, url):
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_race_pages_need_as_many_queries_for_30_projects_as_for_3(client):
    scheme = make_scheme(regions=TWO, is_default=True)
    counts = {}
    made = 0
    for size in (3, 30):
        while made < size:
            region_with(TWO[made % 2], 1000 + made, {4: 10 + made, 5: 20}, name=f"计数项目{made}")
            made += 1
        RacePublication.objects.all().delete()
        publication = publish(scheme, "2024-04")
        client.force_login(user_for("admin"))
        pages = {
            "draft": "/race/?period=2024-05",
            "published": "/race/?period=2024-04",
            "publication": f"/race/publications/{publication.pk}/",
            "schemes": "/race/schemes/",
            "scheme": f"/race/schemes/{scheme.pk}/",
            "api": "/api/race/results/?scheme=test-race&period=2024-05",
        }
        for name, url in pages.items():
            counts.setdefault(name, []).append(count_queries(client, url))
    grew = {url: pair for url, pair in counts.items() if pair[0] != pair[1]}
    assert not grew, f"queries (3 projects, 30 projects) grew with the data: {grew}"
