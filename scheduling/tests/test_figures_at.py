"""Several as-of dates read together (`investment_figures_at`, the race's ranking with its previous period) give
each date exactly the figures of a plain computation from the stored rows: year to date, the same months last
year, projects started or resumed, per region and for the city, on generated reports of two years (statuses,
site statuses and amounts to the cent), any set of dates, on SQLite and PostgreSQL alike."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Region
from projects.testing import make_project
from scheduling.choices import COUNTED_STATUSES, STARTED_SITE_STATUSES, ReportStatus, SiteStatus
from scheduling.figures import investment_figures, investment_figures_at, last_complete_period
from scheduling.models import MonthlyReport

pytestmark = pytest.mark.django_db

REGIONS = ["210804", "210881", "210802"]
STATUSES = list(ReportStatus.values)
SITES = list(SiteStatus.values)
DATES = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2025, 2, 10))

report = st.tuples(
    st.sampled_from([2023, 2024]),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(STATUSES),
    st.sampled_from(SITES),
    st.integers(min_value=0, max_value=40_000_000).map(lambda cents: D(cents) / 100),
)
project_specs = st.tuples(st.sampled_from(REGIONS), st.lists(report, max_size=8))


def _build(specs) -> None:
    for index, (region, reports) in enumerate(specs):
        project = make_project(name=f"生成项目{index}", region=region, stage="continuing")
        seen = set()
        for year, month, status, site, amount in reports:
            if (year, month) in seen:
                continue  # one report per project and month
            seen.add((year, month))
            MonthlyReport.objects.create(
                project=project,
                period=dt.date(year, month, 1),
                month_amount=amount,
                ytd_amount=amount,
                total_amount=amount,
                status=status,
                site_status=site,
            )


def _plain(as_of: dt.date) -> dict:
    """{region_id: (started, ytd, previous_ytd)} from the rows in Python, as the rule is written."""
    last = last_complete_period(as_of)
    found = {}
    if last is None:
        return found
    fields = ("project_id", "project__region_id", "period", "status", "site_status", "month_amount")
    for row in MonthlyReport.objects.values(*fields):
        if row["status"] not in COUNTED_STATUSES or row["period"].month > last.month:
            continue
        if row["period"].year not in (last.year, last.year - 1):
            continue
        started, ytd, previous = found.get(row["project__region_id"], (set(), D(0), D(0)))
        if row["period"].year == last.year:
            ytd += row["month_amount"]
            if row["site_status"] in STARTED_SITE_STATUSES:
                started = started | {row["project_id"]}
        else:
            previous += row["month_amount"]
        found[row["project__region_id"]] = (started, ytd, previous)
    return {rid: (len(started), ytd, previous) for rid, (started, ytd, previous) in found.items()}


def _shape(figures: dict) -> dict:
    return {
        rid: (entry["started_count"], entry["ytd"], entry["previous_ytd"]) for rid, entry in figures["regions"].items()
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(project_specs, min_size=1, max_size=6), dates=st.lists(DATES, min_size=1, max_size=4))
def test_dates_read_together_are_each_dates_plain_figures(db, specs, dates):
    with transaction.atomic():
        _build(specs)
        region_ids = list(Region.objects.filter(code__in=REGIONS[:2]).values_list("pk", flat=True))
        together = investment_figures_at(dates, region_ids)
        everywhere = investment_figures_at(dates)
        for as_of in dates:
            plain = _plain(as_of)
            assert _shape(everywhere[as_of]) == plain
            assert _shape(together[as_of]) == {rid: value for rid, value in plain.items() if rid in region_ids}
            assert together[as_of]["through"] == last_complete_period(as_of)
            alone = investment_figures(as_of)
            assert alone == everywhere[as_of]
            city = alone["city"]
            assert (city["started_count"], city["ytd"], city["previous_ytd"]) == (
                sum(value[0] for value in plain.values()),
                sum((value[1] for value in plain.values()), D(0)),
                sum((value[2] for value in plain.values()), D(0)),
            )
        transaction.set_rollback(True)  # each example starts from the empty city


def test_the_years_reads_are_kept_until_a_write_commits():
    """Today and the month's end read the same months: once computed, the reads are kept under the data version
    (the summary's sections and the indicators share them), and a committed report is in the next answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.testing import commit_data_version

    _build([("210804", [(2024, 4, "submitted", "working", D(100)), (2023, 4, "approved", "working", D(80))])])
    commit_data_version()

    def reads(as_of):
        with CaptureQueriesContext(connection) as captured:
            figures = investment_figures(as_of)["city"]
        return figures, sum("scheduling_monthlyreport" in q["sql"] for q in captured.captured_queries)

    first, statements = reads(dt.date(2024, 5, 20))  # the last month ended is April
    assert (first["started_count"], first["ytd"], first["previous_ytd"], statements) == (1, D(100), D(80), 2)
    assert reads(dt.date(2024, 4, 30)) == (first, 0)  # the same months: nothing read again
    _build([("210881", [(2024, 3, "submitted", "working", D(50))])])
    commit_data_version()
    after, statements = reads(dt.date(2024, 4, 30))
    assert (after["started_count"], after["ytd"], statements) == (2, D(150), 2)
