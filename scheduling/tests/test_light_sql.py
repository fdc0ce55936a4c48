"""The lights judged in the database (`scheduling.light_sql`) equal the Python rule (`project_lights`), project by
project and in the same order, on generated cities (stages, starts, plans and reports to the cent, seasonal
profiles, any day of the year); and the exact boundaries of the completion rule hold in SQL as in Python."""

import datetime as dt
from array import array
from collections import Counter
from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Region
from core.testing import commit_data_version
from projects.models import InvestmentPlan, Project
from projects.testing import make_project
from scheduling.choices import Light, ReasonKind, ReportStatus
from scheduling.light_sql import _DECODED, JudgedRow, JudgedRows, LightRows, has_kind, judged_rows, lights_subquery
from scheduling.lights import light_counts, project_lights
from scheduling.models import MonthlyReport, SeasonalProfile
from scheduling.models.profiles import month_field

pytestmark = pytest.mark.django_db

REGIONS = ["210804", "210881"]
STAGES = ["planning", "preliminary", "new_start", "continuing", "completed", "suspended"]
STATUSES = [ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.REVISED, ReportStatus.DRAFT, None]
MARCH = dt.date(2024, 3, 1)
YEAR_DAYS = st.dates(min_value=dt.date(2023, 12, 1), max_value=dt.date(2025, 1, 20))


def _money(max_cents: int):
    return st.integers(min_value=0, max_value=max_cents).map(lambda value: D(value) / 100)


project_specs = st.fixed_dictionaries(
    {
        "stage": st.sampled_from(STAGES),
        "region": st.sampled_from(REGIONS),
        "actual_start": st.one_of(st.none(), st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2024, 12, 31))),
        "planned_start": st.one_of(st.none(), st.dates(min_value=dt.date(2023, 6, 1), max_value=dt.date(2025, 1, 1))),
        "plan": st.one_of(st.none(), st.just(D(0)), _money(5_000_000)),
        "reports": st.dictionaries(
            st.integers(min_value=1, max_value=12), st.tuples(st.sampled_from(STATUSES), _money(400_000)), max_size=6
        ),
    }
)

curves = st.lists(st.integers(min_value=0, max_value=10_000), min_size=11, max_size=11).map(
    lambda shares: [*(D(share) / 100 for share in sorted(shares)), D(100)]
)


def _profile(code: str, shares) -> None:
    fields = {month_field(month): share for month, share in enumerate(shares, start=1)}
    SeasonalProfile.objects.create(region=Region.objects.get(code=code), name="测试曲线", **fields)


def _build(specs: list, city_curve, district_curve) -> None:
    if city_curve:
        _profile("210800", city_curve)
    if district_curve:
        _profile("210804", district_curve)
    for index, spec in enumerate(specs):
        stage, start = spec["stage"], spec["actual_start"]
        finished = stage == "completed"
        if finished and start is None:
            start = dt.date(2023, 5, 1)
        project = make_project(
            name=f"生成项目{index}",
            region=spec["region"],
            stage=stage,
            stage_before_pause="continuing" if stage == "suspended" else "",
            actual_start=None if stage in ("planning", "preliminary") else start,
            actual_finish=dt.date(2024, 6, 15) if finished else None,
            planned_start=spec["planned_start"],
        )
        if spec["plan"] is not None:
            InvestmentPlan.objects.create(project=project, year=2024, amount=spec["plan"])
        for month, (status, amount) in spec["reports"].items():
            if status is not None:
                MonthlyReport.objects.create(
                    project=project,
                    period=dt.date(2024, month, 1),
                    month_amount=amount,
                    ytd_amount=amount,
                    total_amount=amount,
                    status=status,
                )


def _assert_same(as_of: dt.date) -> None:
    python = project_lights(Project.objects.all(), as_of, words=False)
    sql = judged_rows(Project.objects.all(), as_of)
    assert [(row.pk, row.light) for row in sql] == [(item.project.pk, item.light) for item in python]
    for row, item in zip(sql, python, strict=True):
        for kind in ReasonKind.values:
            assert has_kind(row, kind) == item.has_kind(kind), (row, kind)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=st.lists(project_specs, min_size=1, max_size=8),
    city_curve=st.one_of(st.none(), curves),
    district_curve=st.one_of(st.none(), curves),
    as_of=YEAR_DAYS,
)
def test_the_sql_light_is_the_python_rule(db, specs, city_curve, district_curve, as_of):
    with transaction.atomic():
        _build(specs, city_curve, district_curve)
        _assert_same(as_of)
        transaction.set_rollback(True)  # each example starts from the empty city


@pytest.mark.parametrize(
    "ytd, light",
    [
        (D("500.00"), Light.GREEN),  # exactly on schedule: 500 / 1200 = 5/12 = linear time after May
        (D("499.99"), Light.YELLOW),
        (D("400.00"), Light.YELLOW),  # exactly the yellow line (0.8 × 5/12)
        (D("399.99"), Light.RED),
    ],
)
def test_the_exact_lines_hold_in_sql_as_in_python(ytd, light):
    project = make_project(region="210804", stage="continuing", actual_start=dt.date(2023, 3, 1))
    InvestmentPlan.objects.create(project=project, year=2024, amount=D("1200.00"))
    for month, amount in ((4, ytd - D("0.01")), (5, D("0.01"))):
        MonthlyReport.objects.create(
            project=project,
            period=dt.date(2024, month, 1),
            month_amount=amount,
            ytd_amount=amount,
            total_amount=amount,
            status=ReportStatus.APPROVED,
        )
    as_of = dt.date(2024, 6, 3)  # May has ended; May's report is not yet due, so only completion judges
    [row] = judged_rows(Project.objects.all(), as_of)
    [item] = project_lights(Project.objects.all(), as_of)
    assert row.light == item.light == light


def test_the_filter_subquery_counts_and_rows_agree_with_the_python_rule(db):
    _build(
        [
            {
                "stage": stage,
                "region": region,
                "actual_start": dt.date(2024, 3, 1),
                "planned_start": dt.date(2024, 2, 1),
            }
            | {"plan": D("1000") if index % 3 else None, "reports": {5: (ReportStatus.APPROVED, D(index * 40))}}
            for index, (stage, region) in enumerate((s, r) for s in STAGES for r in REGIONS)
        ],
        None,
        None,
    )
    as_of = dt.date(2024, 7, 15)
    python = project_lights(Project.objects.all(), as_of)
    for light in Light.values:
        chosen = Project.objects.filter(pk__in=lights_subquery(Project.objects.all(), as_of, light))
        assert set(chosen.values_list("pk", flat=True)) == {item.project.pk for item in python if item.light == light}
    assert light_counts(Project.objects.all(), as_of)["全市"] == Counter(item.light for item in python)
    rows = LightRows(judged_rows(Project.objects.all(), as_of), as_of)
    assert len(rows) == len(python)
    shown = rows[1:4]  # a slice is judged with its sentences, as the Python rule writes them
    assert [[r.text for r in item.reasons] for item in shown] == [[r.text for r in i.reasons] for i in python[1:4]]
    assert [item.project.pk for item in rows] == [item.project.pk for item in python]


def test_the_judged_rows_are_kept_until_the_data_changes(settings):
    settings.GONGJIAN_TODAY = "2024-06-03"  # today's lights are kept (`judged_rows`)
    project = make_project(region="210804", stage="continuing", actual_start=dt.date(2023, 3, 1))
    plan = InvestmentPlan.objects.create(project=project, year=2024, amount=D("1200.00"))
    for month, amount in ((4, D("0.00")), (5, D("500.00"))):  # exactly on schedule, April's report in
        MonthlyReport.objects.create(
            project=project,
            period=dt.date(2024, month, 1),
            month_amount=amount,
            ytd_amount=D("500.00"),
            total_amount=D("500.00"),
            status=ReportStatus.APPROVED,
        )
    commit_data_version()
    as_of = dt.date(2024, 6, 3)
    assert [row.light for row in judged_rows(Project.objects.all(), as_of)] == [Light.GREEN]
    with CaptureQueriesContext(connection) as queries:  # the same statement on the same data is not run again
        assert [row.light for row in judged_rows(Project.objects.all(), as_of)] == [Light.GREEN]
    assert not [query for query in queries if "WITH j AS" in query["sql"]]
    assert judged_rows(Project.objects.filter(region__code="210881"), as_of) == []  # another statement
    with CaptureQueriesContext(connection) as queries:  # another day is judged afresh, never kept
        judged_rows(Project.objects.all(), as_of - dt.timedelta(days=1))
        judged_rows(Project.objects.all(), as_of - dt.timedelta(days=1))
    assert len([query for query in queries if "WITH j AS" in query["sql"]]) == 2
    plan.amount = D("1200.02")  # now just behind schedule
    plan.save()
    commit_data_version()
    assert [row.light for row in judged_rows(Project.objects.all(), as_of)] == [Light.YELLOW]
    [item] = project_lights(Project.objects.all(), as_of)
    assert item.light == Light.YELLOW


@given(
    codes=st.lists(st.sampled_from(sorted(_DECODED)), max_size=60),
    light=st.sampled_from(Light.values),
    kind=st.sampled_from(ReasonKind.values),
    cut=st.integers(min_value=-70, max_value=70),
)
def test_the_packed_rows_read_as_the_rows_they_pack(codes, light, kind, cut):
    """Counts, filters and slices read from the packed bytes equal the same taken from the rows one by one."""
    packed = (array("q", range(1, len(codes) + 1)), array("q", [7] * len(codes)), bytes(codes))
    rows = JudgedRows(packed)
    plain = [JudgedRow(pk, 7, *_DECODED[code]) for pk, code in zip(packed[0], codes, strict=True)]
    assert list(rows) == plain and rows == plain and len(rows) == len(plain)
    assert rows.light_counts() == Counter(row.light for row in plain)
    assert list(rows.where(lambda row: row.light == light)) == [row for row in plain if row.light == light]
    assert list(rows.where(lambda row: has_kind(row, kind))) == [row for row in plain if has_kind(row, kind)]
    assert list(rows[cut:]) == plain[cut:] and list(reversed(rows)) == plain[::-1]
    if plain:
        assert rows[cut % len(plain)] == plain[cut % len(plain)]
