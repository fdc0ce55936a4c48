"""The warnings page's figures in one hand-written statement: the yardstick of the warnings page (issue 11: "one
hand-written SQL aggregate of the same figures").

The page shows every subject's light (the construction library, and prepared projects past their planned start),
the counts per light, the 50 worst, and per district this year's investment to date against the same months last
year. This statement computes the same from the tables, written by hand and independent of the product's code:

- per subject: the year's plan and its counted investment to date (in cents), the share of the plan expected by now
  (序时进度: the seasonal profile of the region or the nearest region above it, linear time where none is set; for a
  project started this year after January, the profile's share of the months since its start), whether it is past
  its planned start without a start, and whether its report for the month last due is missing;
- its light, the worst of: the completion rule (green at ≥ 100 % of the expected share, yellow at ≥ 80 %, red below;
  grey without a plan or before its start), red for an overdue start, yellow for a missing report;
- the 50 worst (severity, then the region's order, the larger project first), the count of each light, and per
  region this year's sum, its started projects and last year's same months.

Only the defaults of the thresholds are written here (`scheduling.conf`): a city that changes them measures
against a different rule. `tests/test_bench_yardsticks.py` holds its answer equal to the page's on the demo.
"""

import datetime as dt

from summary_sql import REPORTS_BY_REGION, month_end, summary_params

COUNTED = "('submitted', 'approved', 'revised')"
CONSTRUCTION = "('new_start', 'continuing')"
RESERVE = "('planning', 'preliminary')"
FULL = 120000  # 100 % in 1/1200 of a percent: profiles hold 0.01 %, linear time is month/12


def _share(month: int) -> str:
    """A region's cumulative share through `month` in 1/1200 %: its own profile, its parents', else linear."""
    column = f"m{month:02d}"
    return (
        f"COALESCE(CAST(ROUND(COALESCE(f0.{column}, f1.{column}, f2.{column}, f3.{column}) * 100) AS BIGINT) * 12, "
        f"{month * 10000})"
    )


def warnings_params(as_of: dt.date) -> dict:
    """The statement's dates: the summary's (January to the last month ended, the same months last year) and the
    month whose report is last due (the bench's simplification of the working-day deadline: two weeks after the
    month's end; at the bench's today, 2024-06-30, both rules name May)."""
    params = summary_params(as_of)
    last = dt.date.fromisoformat(params["end"])
    if last.year != as_of.year:
        raise ValueError("the yardstick judges after January has ended")
    period = last
    if as_of <= month_end(last) + dt.timedelta(days=14):
        period = (last - dt.timedelta(days=1)).replace(day=1)
    return {**params, "as_of": as_of, "period": period, "period_end": month_end(period), "months": last.month}


def warnings_sql(as_of: dt.date, districts: bool = True) -> tuple[str, dict]:
    """(statement, parameters) of the warnings page's figures as of `as_of` (a day after January of its year).

    Rows: ('row', project id, severity, None, None) for the 50 worst; ('count', severity, number of subjects, None,
    None); with `districts` (the API's list of project lights has none), ('reports', region id, started projects,
    this year's sum, the same months last year's) as the summary's statement reads them."""
    params = warnings_params(as_of)
    months, year = params.pop("months"), as_of.year
    share = _share(months)
    # A project started in month k (February to December) is expected the profile's share since its start.
    starts = [
        (
            f"s.actual_start >= '{dt.date(year, k, 1)}' AND s.actual_start < "
            f"'{dt.date(year + (k == 12), k % 12 + 1, 1)}' AND {_share(k - 1)} < {FULL}",
            _share(k - 1),
        )
        for k in range(2, 13)
    ]
    numerator = " ".join(f"WHEN {started} THEN ({share} - {before}) * 100" for started, before in starts)
    denominator = " ".join(f"WHEN {started} THEN {FULL} - {before}" for started, before in starts)
    district_part = "UNION ALL" + REPORTS_BY_REGION.format(pad="") if districts else ""
    sql = f"""
WITH s AS MATERIALIZED (
  SELECT p.id, p.region_id, p.total_investment, p.actual_start,
    CASE WHEN p.stage IN {RESERVE} AND p.actual_start IS NULL AND p.planned_start < %(as_of)s THEN 1 ELSE 0 END
      AS overdue,
    CASE WHEN (p.stage IN {CONSTRUCTION} OR (p.stage = 'suspended' AND p.stage_before_pause IN {CONSTRUCTION}))
          AND (p.actual_start IS NULL OR p.actual_start <= %(period_end)s)
          AND NOT EXISTS (SELECT 1 FROM scheduling_monthlyreport m WHERE m.project_id = p.id
                          AND m.period = %(period)s AND m.status IN {COUNTED})
      THEN 1 ELSE 0 END AS missing
  FROM projects_project p
  WHERE p.stage IN {CONSTRUCTION} OR (p.stage = 'suspended' AND p.stage_before_pause IN {CONSTRUCTION})
     OR (p.stage IN {RESERVE} AND p.actual_start IS NULL AND p.planned_start < %(as_of)s)
),
done AS (
  SELECT project_id, CAST(ROUND(SUM(month_amount) * 100) AS BIGINT) AS ytd FROM scheduling_monthlyreport
  WHERE status IN {COUNTED} AND period >= %(start)s AND period <= %(end)s GROUP BY project_id
),
j AS (
  SELECT s.*, g.sort_order, g.code, CAST(ROUND(i.amount * 100) AS BIGINT) AS plan, COALESCE(done.ytd, 0) AS ytd,
    CASE {numerator} ELSE {share} END AS n,
    CASE {denominator} ELSE 1200 END AS d
  FROM s JOIN core_region g ON g.id = s.region_id
  LEFT JOIN core_region g1 ON g1.id = g.parent_id
  LEFT JOIN core_region g2 ON g2.id = g1.parent_id
  LEFT JOIN core_region g3 ON g3.id = g2.parent_id
  LEFT JOIN scheduling_seasonalprofile f0 ON f0.region_id = g.id
  LEFT JOIN scheduling_seasonalprofile f1 ON f1.region_id = g1.id
  LEFT JOIN scheduling_seasonalprofile f2 ON f2.region_id = g2.id
  LEFT JOIN scheduling_seasonalprofile f3 ON f3.region_id = g3.id
  LEFT JOIN projects_investmentplan i ON i.project_id = s.id AND i.year = %(year)s
  LEFT JOIN done ON done.project_id = s.id
),
c AS (
  SELECT j.*, CASE
    WHEN plan IS NULL OR plan = 0 OR actual_start > %(as_of)s THEN 0
    WHEN ytd * 100 * d >= plan * n THEN 1
    WHEN ytd * 100 * d * 5 >= plan * n * 4 THEN 2
    ELSE 3 END AS completion
  FROM j
),
w AS (
  SELECT id, sort_order, code, total_investment, CASE
    WHEN completion >= overdue * 3 AND completion >= missing * 2 THEN completion
    WHEN overdue * 3 >= missing * 2 THEN overdue * 3 ELSE missing * 2 END AS worst
  FROM c
)
SELECT * FROM (
  SELECT 'row' AS kind, id AS a, worst AS b, CAST(NULL AS NUMERIC) AS c, CAST(NULL AS NUMERIC) AS d FROM w
  ORDER BY worst DESC, sort_order, code, total_investment DESC, id LIMIT 50
) AS shown
UNION ALL
SELECT 'count', worst, COUNT(*), NULL, NULL FROM w GROUP BY worst
{district_part}"""
    return sql, params
