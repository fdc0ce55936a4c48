"""Pages stay bounded as the city grows: the month page is paginated, the reports page's project drop-down
holds only the chosen project and searches the API for others."""

import datetime as dt

import pytest

from projects.testing import make_project
from scheduling.views import month

pytestmark = pytest.mark.django_db


def test_the_month_page_shows_a_page_of_projects_and_links_to_the_others(login, monkeypatch):
    monkeypatch.setattr(month, "MONTH_PAGE_SIZE", 2)
    for n in range(5):
        make_project(name=f"分页测试项目{n}", stage="continuing", actual_start=dt.date(2024, 1, 1), region="210804")
    client = login("byq")
    first = client.get("/scheduling/210804/2024-06/")
    assert len(first.context["rows"]) == 2 and first.context["progress"].expected == 5
    html = first.content.decode()
    assert 'data-testid="month-pages"' in html and "?page=3" in html
    last = client.get("/scheduling/210804/2024-06/", {"page": 3})
    assert [row["project"].name for row in last.context["rows"]] == ["分页测试项目4"]
    # A page past the end (or not a number) shows the last (or first) page, never an error.
    assert client.get("/scheduling/210804/2024-06/", {"page": 99}).context["page"].number == 3
    assert client.get("/scheduling/210804/2024-06/", {"page": "x"}).context["page"].number == 1


def test_the_reports_project_drop_down_holds_only_the_chosen_project(login, two_projects):
    others = [make_project(name=f"下拉测试项目{n}") for n in range(3)]
    html = login("admin").get("/scheduling/reports/", {"project": others[0].pk}).content.decode()
    select = html[html.index('<select name="project"') : html.index("</select>", html.index('<select name="project"'))]
    assert 'data-autocomplete="/api/projects/projects/"' in select
    assert others[0].name in select and others[1].name not in select and "鲅鱼圈港区测试码头项目" not in select
    # The chosen id is still checked against the projects the user may see: 盖州's project is not byq's choice.
    page = login("byq").get("/scheduling/reports/", {"project": two_projects["gz"].pk})
    assert "盖州市测试镁材料项目" not in page.content.decode()
