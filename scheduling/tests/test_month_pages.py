"""A district's month page is paginated: a district with thousands of projects gets them a page at a time."""

import datetime as dt

import pytest

from core.testing import make_project
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
