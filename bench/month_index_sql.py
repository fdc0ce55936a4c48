"""The month index's figures in one hand-written statement: the yardstick of the month index (issue 11: "one
hand-written SQL aggregate of the same figures"). `tests/test_bench_yardsticks.py` holds it equal to the page's
counts on the demo.
"""

import datetime as dt

from summary_sql import month_end

# The month index's figures: per region the projects owing the month's report (in the construction library then,
# or finished since, and started by the month's end) and those without one, and the reports by status and lateness.
MONTH_INDEX_SQL = """
SELECT 'owed', p.region_id, CAST(NULL AS VARCHAR(16)), CAST(NULL AS BOOLEAN), COUNT(*),
       SUM(CASE WHEN r.id IS NULL THEN 1 ELSE 0 END)
FROM projects_project p LEFT JOIN scheduling_monthlyreport r ON r.project_id = p.id AND r.period = %(period)s
WHERE (p.stage IN ('new_start', 'continuing')
       OR (p.stage = 'suspended' AND p.stage_before_pause IN ('new_start', 'continuing'))
       OR (p.stage IN ('completed', 'operating') AND p.actual_finish >= %(period)s))
  AND (p.actual_start IS NULL OR p.actual_start <= %(period_end)s)
GROUP BY p.region_id
UNION ALL
SELECT 'reports', p.region_id, r.status, r.is_late, COUNT(*), NULL
FROM scheduling_monthlyreport r JOIN projects_project p ON p.id = r.project_id
WHERE r.period = %(period)s GROUP BY p.region_id, r.status, r.is_late
"""


def month_index_params(period: dt.date) -> dict:
    """The month (its first day) and its last day."""
    return {"period": period, "period_end": month_end(period)}
