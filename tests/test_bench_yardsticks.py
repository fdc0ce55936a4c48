"""The benches' hand-written yardsticks compute the same figures as the pages they measure (issue 11: a page is
compared with "one hand-written SQL aggregate of the same figures"), checked on the demo."""

import datetime as dt
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from core.models import Region
from core.testing import user_for
from projects.choices import Library, Stage
from projects.libraries import stage_library
from projects.models import Project
from projects.services import snapshot, snapshot_figures
from scheduling.choices import SEVERITY
from scheduling.figures import investment_figures
from scheduling.light_sql import judged_rows
from scheduling.services import months_progress

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
# The bench's modules, outside the package tree:
from month_index_sql import MONTH_INDEX_SQL, month_index_params  # noqa: E402
from summary_sql import summary_params, summary_sql  # noqa: E402
from warnings_sql import warnings_sql  # noqa: E402

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2024, 6, 30)  # the benches' today


@pytest.fixture(scope="module", autouse=True)
def demo(demo_data):
    """The whole demo, loaded once for this module."""


def _yardstick(districts: bool = True) -> dict:
    statement, params = warnings_sql(AS_OF, districts=districts)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        found: dict = {"row": [], "count": {}, "district": {}, "before": {}}
        for kind, a, b, c, d in cursor.fetchall():
            if kind == "row":
                found["row"].append((a, int(b)))
            elif kind == "count":
                found["count"][a] = int(b)
            else:  # a district's year to date and 开复工, and the same months last year
                found["district"][a] = (Decimal(str(c)).quantize(Decimal("0.01")), b)
                found["before"][a] = (Decimal(str(d)).quantize(Decimal("0.01")), None)
    return found


def test_the_warnings_yardstick_judges_every_subject_as_the_page_does():
    judged = judged_rows(Project.objects.all(), AS_OF)
    found = _yardstick()
    assert len(judged) > 500
    assert found["row"] == [(row.pk, SEVERITY[row.light]) for row in judged[:50]]
    assert found["count"] == dict(Counter(SEVERITY[row.light] for row in judged))
    assert set(found["count"]) >= {1, 2, 3}  # the demo has green, yellow and red subjects


def test_the_warnings_yardstick_sums_the_districts_as_the_page_does():
    figures = investment_figures(AS_OF)["regions"]
    found = _yardstick()
    assert set(found["district"]) == set(figures)
    for region_id, (ytd, started) in found["district"].items():
        assert (ytd, started) == (figures[region_id]["ytd"], figures[region_id]["started_count"])
        assert found["before"].get(region_id, (Decimal("0.00"), None))[0] == figures[region_id]["previous_ytd"]
    assert not _yardstick(districts=False)["district"]


@pytest.mark.parametrize("as_of", [None, dt.date(2023, 12, 31), dt.date(2024, 3, 31)])
def test_the_summary_yardstick_counts_the_libraries_and_lists_as_the_overview_does(as_of):
    """Today's libraries from the live tables, an earlier day's from the change history, as the overview shows them."""
    with connection.cursor() as cursor:
        cursor.execute(summary_sql(snapshot=as_of is not None), summary_params(as_of or AS_OF))
        rows = cursor.fetchall()
    libraries, lists = {}, {}
    for kind, key, stage, before_pause, count, total, _ in rows:
        total = Decimal(str(total or 0)).quantize(Decimal("0.01"))
        if kind == "list":
            lists[key] = (count, total)
            continue
        if kind == "library":
            library = stage_library(stage, before_pause)
        elif kind == "key":
            library = Library.KEY if stage != Stage.TERMINATED else None
        else:
            continue
        if library:
            entry = libraries.setdefault(key, {}).setdefault(library, [0, Decimal("0.00")])
            entry[0] += count
            entry[1] += total
    grouped, by_list = snapshot_figures(*snapshot(as_of))
    expected = {
        region_id: {
            library: [entry["count"], entry["investment"]] for library, entry in figures.items() if entry["count"]
        }
        for region_id, figures in grouped.items()
    }
    assert libraries == {region_id: figures for region_id, figures in expected.items() if figures}
    assert lists == by_list and lists


def test_the_month_index_yardstick_counts_as_the_month_index_does():
    """Per district: the projects owing June's report, those missing, the reports by status and lateness."""
    with connection.cursor() as cursor:
        cursor.execute(MONTH_INDEX_SQL, month_index_params(dt.date(2024, 6, 1)))
        rows = cursor.fetchall()
    districts = list(Region.objects.ranked().filter(parent__code="210800"))
    found = {region.pk: [0, 0, Counter(), 0] for region in districts}
    for kind, region_id, status, is_late, count, missing in rows:
        entry = found[region_id]  # the demo's projects lie in its districts
        if kind == "owed":
            entry[0], entry[1] = count, missing
        else:
            entry[2][status] += count
            entry[3] += count if is_late else 0
    progress = months_progress(districts, dt.date(2024, 6, 1), user=user_for("admin"))
    assert {row.region.pk: [row.expected, row.missing, +Counter(row.by_status), row.late] for row in progress} == found
    assert sum(entry[0] for entry in found.values()) > 500
