"""The standard page and API tests (core.testcases) for race's models, declared as data.

Schemes and publications are read by everyone logged in (a ranking is published city-wide), so there is no
outsider; only the city keeps them. A scheme's tests work on a draft (a scheme in use is never edited in place).
"""

import pytest

from core.testing import StandardAPITests, StandardViewTests
from race.choices import SchemeStatus
from race.models import RaceItem, RacePublication, RaceScheme
from race.services import publish
from race.testing import default_item, make_scheme

pytestmark = pytest.mark.django_db


def scheme_data(code="new-race") -> dict:
    return {
        "code": code,
        "name": "新赛马方案",
        "period_kind": "quarter",
        "base_score": "60.00",
        "target_rule": "growth",
        "red_top_n": 2,
        "black_bottom_n": 1,
        "summons_bottom_n": 1,
        "improved_top_n": 1,
        "notes": "试行",
    }


class TestRaceSchemeViews(StandardViewTests):
    model = RaceScheme

    def make(self):
        return make_scheme(code="draft-race", status=SchemeStatus.DRAFT)

    def form_data(self):
        return scheme_data()


class TestRacePublicationViews(StandardViewTests):
    model = RacePublication

    def make(self):
        return publish(make_scheme(), "2024-05")


class TestRaceSchemeAPI(StandardAPITests):
    model = RaceScheme
    update_data = {"notes": "依据2024年文件"}

    def make(self):
        return make_scheme(code="draft-race", status=SchemeStatus.DRAFT)

    def create_data(self):
        return scheme_data("api-race")


class TestRaceItemAPI(StandardAPITests):
    model = RaceItem
    update_data = {"label": "计划完成率（修订）", "params": {"target": 90}}

    def make(self):
        return make_scheme(code="draft-race", status=SchemeStatus.DRAFT).items.get()

    def create_data(self):
        scheme = make_scheme(code="draft-race-2", status=SchemeStatus.DRAFT)
        return {**default_item(code="growth", measure="yoy_growth", weight="20.00"), "scheme": scheme.pk}


class TestRacePublicationAPI(StandardAPITests):
    model = RacePublication
    read_only = True

    def make(self):
        return publish(make_scheme(), "2024-05")
