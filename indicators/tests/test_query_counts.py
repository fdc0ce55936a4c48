"""The indicators page, the table view, entry, review and the API answer with as many queries for 30 indicators
(with values, last year's values, ranks and history) as for 3, computed ones included."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import user_for
from indicators.testing import make_category, make_indicator, make_rank, make_value

pytestmark = pytest.mark.django_db
PAGES = [
    ("admin", "/indicators/?period=2024-05"),
    ("leader", "/indicators/?period=2024-05"),
    ("zrzy", "/indicators/?period=2024-05"),
    ("admin", "/indicators/values/"),
    ("admin", "/indicators/entry/?period=2024-05"),
    ("zrzy", "/indicators/entry/?period=2024-05"),
    ("admin", "/indicators/review/?period=2024-05"),
    ("admin", "/api/indicators/values/"),
    ("admin", "/api/indicators/figures/?period=2024-05"),
]


def grow(start: int, to: int) -> None:
    for n in range(start, to):
        category = make_category(code=f"c{n % 4}", name=f"类别{n % 4}")
        owner = "zrzyj" if n % 2 else "gxj"
        indicator = make_indicator(code=f"q{n}", name=f"指标{n}", owner=owner, category=category)
        for month in range(1, 6):
            value = make_value(indicator, dt.date(2024, month, 1), str(10 + n + month))
            value.value += Decimal("0.5")
            value.save()  # history
        make_value(indicator, dt.date(2023, 5, 1), str(9 + n))
        make_rank(indicator)
    if start == 0:
        make_indicator(code="q_inv", name="完成投资", unit="亿元", source="computed", computed_by="investment_ytd")


def count(client, url):
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_indicator_pages_need_as_many_queries_for_30_indicators_as_for_3(client):
    counts = {}
    size = 0
    for target in (3, 30):
        grow(size, target)
        size = target
        for role, url in PAGES:
            client.force_login(user_for(role))
            counts.setdefault((role, url), []).append(count(client, url))
    grew = {page: pair for page, pair in counts.items() if pair[0] != pair[1]}
    assert not grew, f"queries (3 indicators, 30 indicators) grew with the data: {grew}"
