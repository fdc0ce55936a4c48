"""Project lights judged in the database: every subject's light and causes in one query, sentences only for the rows
shown.

At province scale the warnings page has 75,000 subjects to show 50. `scheduling.lights.project_lights` judges each
in Python (the reference rule, with its sentences); this module states the same rule as one SQL query over the
projects queryset (passed as part of the query, never as a list of ids), so only (id, light, causes) leave the
database, and `LightRows` writes the sentences of the page shown by calling `project_lights` on those rows alone.
`scheduling/tests/test_light_sql.py` holds the two equal on generated data.

The completion rule is compared exactly, as the Python rule does with fractions: money in integer cents and the
expected share (序时进度) as an integer fraction N / D, so `ytd × 100 ≥ plan × share × ratio` becomes
`ytd¢ × 100 × D × ratio_den ≥ plan¢ × N × ratio_num` in integers on both databases (SQLite's decimals are floats).
"""

import datetime as dt
from array import array
from collections import Counter, namedtuple
from collections.abc import Sequence
from fractions import Fraction

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Round

from core.cache import cached
from core.clock import today
from core.models import Region
from projects.models import InvestmentPlan, Project
from scheduling.calendar import add_months
from scheduling.choices import COUNTED_STATUSES, SEVERITY, Light, ReasonKind
from scheduling.conf import setting
from scheduling.figures import counted_reports
from scheduling.lights import Moment, _configured_light, overdue_start_q, project_lights, subjects_q
from scheduling.models import MonthlyReport
from scheduling.models.profiles import MONTHS, Profiles
from scheduling.rules import owes_report_q

# The light of a severity (SEVERITY is one-to-one).
LIGHT_OF = {severity: light for light, severity in SEVERITY.items()}
# A share of 100 % as an integer over FULL_DENOMINATOR: profiles store shares to 0.01 %, linear time is month/12,
# so 1/1200 of a percent holds both exactly.
SHARE_DENOMINATOR = 1200
FULL = 100 * SHARE_DENOMINATOR

# One subject as judged in the database: its light, and which causes stand behind it (for the 原因 filter).
JudgedRow = namedtuple("JudgedRow", "pk region_id light completion no_plan overdue_start report_missing")


def _share_units(profiles: Profiles) -> dict:
    """{region id: the twelve cumulative shares in 1/1200 %}, from the nearest profile up the region's parents, linear
    time where none is set (the rule of `scheduling.models.profiles.expected_share`)."""
    linear = tuple(month * 100 * SHARE_DENOMINATOR // 12 for month in MONTHS)
    found = {}
    for region_id in profiles.parents:
        current = region_id
        while current is not None and current not in profiles.shares:
            current = profiles.parents.get(current)
        if current is None:
            found[region_id] = linear
        else:
            found[region_id] = tuple(int(share * 100) * 12 for share in profiles.shares[current])
    return found


def _expected_share_cases(moment: Moment) -> tuple[Case, Case]:
    """(N, D): a subject's expected share 序时进度 = N / D %, as `Case`s over its region and its start month
    (`expected_share_since`: a project started this year after January is expected the profile's share of the
    months since its start)."""
    by_shares: dict[tuple, list[int]] = {}
    for region_id, shares in _share_units(Profiles.load()).items():
        by_shares.setdefault(shares, []).append(region_id)
    year, month = moment.year, moment.months
    numerators, denominators = [], []
    for shares, region_ids in by_shares.items():
        share = shares[month - 1]
        for start_month in range(2, 13):
            before = shares[start_month - 2]
            if before >= FULL:
                continue
            first = dt.date(year, start_month, 1)
            started_then = Q(region_id__in=region_ids, actual_start__gte=first, actual_start__lt=add_months(first, 1))
            numerators.append(When(started_then, then=Value((share - before) * 100)))
            denominators.append(When(started_then, then=Value(FULL - before)))
    for shares, region_ids in by_shares.items():
        numerators.append(When(region_id__in=region_ids, then=Value(shares[month - 1])))
    linear_share = month * 100 * SHARE_DENOMINATOR // 12  # a region created after the profiles were read
    numerator = Case(*numerators, default=Value(linear_share), output_field=BigIntegerField())
    denominator = Case(*denominators, default=Value(SHARE_DENOMINATOR), output_field=BigIntegerField())
    return numerator, denominator


def _in_cents(expression):
    return Cast(Round(expression * Value(100)), BigIntegerField())


def _judged_columns(projects, moment: Moment):
    """The subjects of `projects` with what the rule needs per row, as plain columns for the query around it."""
    as_of = moment.as_of
    subjects = projects.filter(subjects_q(as_of)).order_by()
    one, zero = Value(1), Value(0)
    columns = {
        "j_pk": F("pk"),
        "j_region": F("region_id"),
        "j_order": F("region__sort_order"),
        "j_code": F("region__code"),
        "j_size": F("total_investment"),
        "j_overdue": Case(When(overdue_start_q(as_of), then=one), default=zero, output_field=IntegerField()),
        "j_not_yet": Case(When(actual_start__gt=as_of, then=one), default=zero, output_field=IntegerField()),
    }
    if moment.months:
        columns["j_n"], columns["j_d"] = _expected_share_cases(moment)
    else:  # no month of the year has ended: every plan is judged grey, the share is not needed
        columns["j_n"], columns["j_d"] = zero, one
    period = moment.report_period
    counted = MonthlyReport.objects.filter(project=OuterRef("pk"), period=period, status__in=COUNTED_STATUSES)
    missing = owes_report_q(period) & ~Q(Exists(counted))
    columns["j_missing"] = Case(When(missing, then=one), default=zero, output_field=IntegerField())
    return subjects.annotate(**columns).values(*columns)


def _ratio(name: str) -> Fraction:
    return Fraction(setting(name))


def judged_sql(projects, as_of: dt.date) -> tuple[str, tuple, str]:
    """(SQL, parameters, database alias) of every subject of `projects` as of a day, worst first as the pages list
    them: columns pk, region id, severity, completion severity, no plan, overdue start, report missing."""
    moment = Moment.of(as_of, words=False)
    inner = _judged_columns(projects, moment)
    inner_sql, params = inner.query.sql_with_params()
    plans = InvestmentPlan.objects.filter(year=moment.year).order_by()
    plans_sql, plans_params = plans.values(
        p_project=F("project_id"), p_plan=_in_cents(F("amount"))
    ).query.sql_with_params()
    green, yellow = _ratio("PROJECT_GREEN_RATIO"), _ratio("PROJECT_YELLOW_RATIO")
    start = SEVERITY[_configured_light("NOT_STARTED_LIGHT")]
    report = SEVERITY[_configured_light("MISSING_REPORT_LIGHT")]
    no_plan = "j_plan IS NULL OR j_plan = 0"
    # The year to date of every project, summed once in a grouped query joined to the subjects (as a hand-written
    # aggregate would), rather than a subquery per subject.
    done_cte, done_join, done_params, ytd = "", "", (), "0"
    completion = "0"  # before a month of the year has ended every plan is judged grey
    if moment.months:
        reports = counted_reports(moment.year, dt.date(moment.year, moment.months, 1)).order_by()
        reports = reports.values(d_project=F("project_id")).annotate(d_ytd=_in_cents(Sum("month_amount")))
        done_sql, done_params = reports.query.sql_with_params()
        done_cte, done_join, ytd = (
            f", d AS ({done_sql})",
            " LEFT JOIN d ON d.d_project = j.j_pk",
            "d.d_ytd",
        )
        completion = (
            f"CASE WHEN {no_plan} THEN 0 WHEN j_not_yet = 1 THEN 0 "
            f"WHEN j_ytd * {100 * green.denominator} * j_d >= j_plan * j_n * {green.numerator} THEN 1 "
            f"WHEN j_ytd * {100 * yellow.denominator} * j_d >= j_plan * j_n * {yellow.numerator} THEN 2 ELSE 3 END"
        )
    # The subjects are materialised so that each one's subqueries run once, not once per mention in the rule (both
    # databases would otherwise inline them); plans and the year to date are joined as grouped tables.
    sql = (
        f"WITH j AS MATERIALIZED ({inner_sql}), p AS ({plans_sql}){done_cte}, "
        f"f AS (SELECT j.*, p.p_plan AS j_plan, COALESCE({ytd}, 0) AS j_ytd "
        f"FROM j LEFT JOIN p ON p.p_project = j.j_pk{done_join}), "
        f"c AS (SELECT f.*, CASE WHEN {no_plan} THEN 1 ELSE 0 END AS j_no_plan, {completion} AS j_completion FROM f) "
        f"SELECT j_pk, j_region, CASE "
        f"WHEN j_completion >= j_overdue * {start} AND j_completion >= j_missing * {report} THEN j_completion "
        f"WHEN j_overdue * {start} >= j_missing * {report} THEN j_overdue * {start} ELSE j_missing * {report} END "
        f"AS j_worst, j_completion, j_no_plan, j_overdue, j_missing FROM c "
        f"ORDER BY j_worst DESC, j_order, j_code, j_size DESC, j_pk"
    )
    return sql, (*params, *plans_params, *done_params), inner.db


def judged_rows(projects, as_of: dt.date) -> "JudgedRows":
    """Every subject of `projects` (a queryset, already restricted to the user) judged in the database, worst first.

    Kept in `core.cache` under the statement itself and the data version: the user's restriction, the region filter,
    the day, the thresholds and the profiles are all in its text or parameters, so the same statement on the same
    data is the same answer, and a page's light and cause filters, its other pages and the dashboard reuse it."""
    sql, params, alias = judged_sql(projects, as_of)
    # Only today's lights are kept: the day every page opens on. Any other day is judged afresh, so that someone
    # paging through dates cannot fill a worker's memory with a city's lights per day (1.3 MB each at 100×).
    # The data version is the default database's.
    if alias != DEFAULT_DB_ALIAS or as_of != today():
        return JudgedRows(_run_judged(sql, params, alias))
    return JudgedRows(cached("light_sql.judged_rows", (sql, params), lambda: _run_judged(sql, params, alias)))


# A row's light and causes in one byte (its severity, its completion's, and three flags), and back: the cache holds
# two arrays and a byte string (17 bytes a subject, 1.3 MB at province scale, copied at memory speed) rather than a
# list of named tuples (24 bytes pickled, and ten times as long to unpickle and rebuild).
_DECODED = {
    code: (LIGHT_OF[code & 3], LIGHT_OF[code >> 2 & 3], bool(code & 16), bool(code & 32), bool(code & 64))
    for code in range(128)
}


def _run_judged(sql: str, params: tuple, alias: str) -> tuple[array, array, bytes]:
    """Run the judged statement (`judged_sql`): ids, region ids and a byte of light and causes per row, worst first."""
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The year-to-date aggregate and the sort of every subject spill to disk in the default 4 MB (40 MB at
            # 100×). (JIT is off for every connection, gongjian.settings.)
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return (
        array("q", [row[0] for row in rows]),
        array("q", [row[1] for row in rows]),
        bytes(
            worst | completion << 2 | no_plan << 4 | overdue << 5 | missing << 6
            for _, _, worst, completion, no_plan, overdue, missing in rows
        ),
    )


class JudgedRows(Sequence):
    """`_run_judged`'s packed answer as a sequence of `JudgedRow`s, each built only when read: at province scale a
    page needs the counts per light and its 50 rows, not 83,000 tuples built on every request (most of a kept
    page's time before). Counts and filters read the packed bytes, deciding once per distinct byte."""

    def __init__(self, packed: tuple[array, array, bytes]):
        self.pks, self.region_ids, self.codes = packed

    def __len__(self):
        return len(self.codes)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return JudgedRows((self.pks[key], self.region_ids[key], self.codes[key]))
        return JudgedRow._make((self.pks[key], self.region_ids[key], *_DECODED[self.codes[key]]))

    def __iter__(self):
        decoded, make = _DECODED, JudgedRow._make
        for pk, region_id, code in zip(self.pks, self.region_ids, self.codes, strict=True):
            yield make((pk, region_id, *decoded[code]))

    def __eq__(self, other):
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def light_counts(self) -> Counter:
        """{light: number of rows}, counted from the packed bytes."""
        counts = Counter()
        for code, number in Counter(self.codes).items():
            counts[LIGHT_OF[code & 3]] += number
        return counts

    def where(self, predicate) -> "JudgedRows":
        """The rows for which `predicate(row)` holds, a predicate of the row's light and causes only (the 预警 and
        原因 filters): it is asked once per distinct byte, not once per row."""
        keep = {code: predicate(JudgedRow._make((0, 0, *_DECODED[code]))) for code in set(self.codes)}
        chosen = [index for index, code in enumerate(self.codes) if keep[code]]
        return JudgedRows(
            (
                array("q", [self.pks[index] for index in chosen]),
                array("q", [self.region_ids[index] for index in chosen]),
                bytes(self.codes[index] for index in chosen),
            )
        )


def has_kind(row: JudgedRow, kind: str) -> bool:
    """Whether a cause of this kind stands behind the row's light (`ProjectLight.has_kind`: not a green finding)."""
    if kind == ReasonKind.NO_PLAN:
        return row.no_plan
    if kind == ReasonKind.COMPLETION:
        return not row.no_plan and row.completion != Light.GREEN
    if kind == ReasonKind.NOT_STARTED:
        return row.overdue_start and _configured_light("NOT_STARTED_LIGHT") != Light.GREEN
    if kind == ReasonKind.REPORT_MISSING:
        return row.report_missing and _configured_light("MISSING_REPORT_LIGHT") != Light.GREEN
    return False


def lights_subquery(projects, as_of: dt.date, light: str):
    """The ids of `projects` whose light is `light`, as a subquery for `pk__in` (the 预警 filter of the list)."""
    sql, params, _alias = judged_sql(projects, as_of)
    return RawSQL(f"SELECT j_pk FROM ({sql}) AS judged WHERE j_worst = %s", (*params, SEVERITY[light]))


def light_counts_by_region(projects, as_of: dt.date) -> tuple[dict, Counter]:
    """({region: Counter of lights}, Counter for all) of the subjects of `projects`."""
    rows = judged_rows(projects, as_of)
    regions = Region.objects.in_bulk({row.region_id for row in rows})
    by_region, everyone = {}, Counter()
    for row in rows:
        by_region.setdefault(regions[row.region_id], Counter())[row.light] += 1
        everyone[row.light] += 1
    return by_region, everyone


class LightRows:
    """The judged rows of a page's filters as a sequence for the paginators (django-tables2's and DRF's): its length
    is known without judging in Python; a slice is judged again by the Python rule (`project_lights`), with its
    sentences and figures, for those rows only."""

    BATCH = 2000

    def __init__(self, rows: JudgedRows, as_of: dt.date):
        self.rows, self.as_of = rows, as_of

    def __len__(self):
        return len(self.rows)

    def count(self):
        return len(self.rows)

    def __iter__(self):
        # An export walks every row: judged a batch at a time, so memory stays bounded.
        for start in range(0, len(self.rows), self.BATCH):
            yield from self[start : start + self.BATCH]

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1 or None][0]
        rows = self.rows[key]
        if not rows:
            return []
        judged = project_lights(Project.objects.filter(pk__in=[row.pk for row in rows]), self.as_of)
        by_pk = {item.project.pk: item for item in judged}
        return [by_pk[row.pk] for row in rows]
