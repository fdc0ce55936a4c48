"""The summary's figures in one hand-written statement: the yardstick of `gongjian summary` and of the library
overview (issue 11: "one hand-written SQL aggregate of the same figures").

Per region: the libraries' counts and investment (per stage and key-list membership, from which the libraries
follow), per list, 开复工, year to date and the same months last year from the counted reports (January to the
last month ended by the date asked), and the year's plans. As of an earlier day the libraries and lists are those of
the change history at the day's end (each project's and membership's latest history row, unless deleted), as the
product shows them.
"""

import datetime as dt

# The libraries from a projects table `s` and a memberships table `m`: projects per region and stage (the stage
# libraries follow), the key lists' projects per region and stage (the key library: unless terminated), and per list.
LIBRARIES = """
k AS (SELECT DISTINCT m.project_id FROM m JOIN projects_projectlist l ON l.id = m.project_list_id
      WHERE l.in_key_library)
SELECT 'library', s.region_id, s.stage, s.stage_before_pause, COUNT(*), SUM(s.total_investment), CAST(NULL AS NUMERIC)
FROM s GROUP BY s.region_id, s.stage, s.stage_before_pause
UNION ALL
SELECT 'key', s.region_id, s.stage, NULL, COUNT(*), SUM(s.total_investment), NULL
FROM k JOIN s ON s.id = k.project_id GROUP BY s.region_id, s.stage
UNION ALL
SELECT 'list', m.project_list_id, NULL, NULL, COUNT(*), SUM(s.total_investment), NULL
FROM m JOIN s ON s.id = m.project_id GROUP BY m.project_list_id
"""
LIVE = """
WITH s AS (SELECT id, region_id, stage, stage_before_pause, total_investment FROM projects_project),
m AS (SELECT project_id, project_list_id FROM projects_listmembership),
"""
# As of a day the projects and memberships are the latest history row of each up to the day's end, unless deleted.
SNAPSHOT = """
WITH s AS MATERIALIZED (
  SELECT h.id, h.region_id, h.stage, h.stage_before_pause, h.total_investment FROM projects_historicalproject h
  WHERE h.history_date <= %(moment)s AND h.history_type <> '-'
    AND NOT EXISTS (SELECT 1 FROM projects_historicalproject n WHERE n.id = h.id
                    AND n.history_date > h.history_date AND n.history_date <= %(moment)s)
),
m AS MATERIALIZED (
  SELECT h.project_id, h.project_list_id FROM projects_historicallistmembership h
  WHERE h.history_date <= %(moment)s AND h.history_type <> '-'
    AND NOT EXISTS (SELECT 1 FROM projects_historicallistmembership n WHERE n.id = h.id
                    AND n.history_date > h.history_date AND n.history_date <= %(moment)s)
),
"""
# Per region from the counted reports: 开复工 (projects working or finished this year), the year to date and the same
# months last year, in one read of both spans. `{pad}` fills the columns a statement has before the figures.
REPORTS_BY_REGION = """
SELECT 'reports', p.region_id, {pad}
       COUNT(DISTINCT CASE WHEN r.period >= %(start)s AND r.site_status IN ('working', 'finished')
                           THEN r.project_id END),
       SUM(CASE WHEN r.period >= %(start)s THEN r.month_amount ELSE 0 END),
       SUM(CASE WHEN r.period < %(start)s THEN r.month_amount ELSE 0 END)
FROM scheduling_monthlyreport r JOIN projects_project p ON p.id = r.project_id
WHERE r.status IN ('submitted', 'approved', 'revised')
  AND ((r.period >= %(start)s AND r.period <= %(end)s) OR (r.period >= %(pstart)s AND r.period <= %(pend)s))
GROUP BY p.region_id
"""
# The investment figures and the year's plans.
FIGURES = (
    "\nUNION ALL"
    + REPORTS_BY_REGION.format(pad="NULL, NULL,")
    + """UNION ALL
SELECT 'plan', p.region_id, NULL, NULL, NULL, SUM(i.amount), NULL
FROM projects_investmentplan i JOIN projects_project p ON p.id = i.project_id
WHERE i.year = %(year)s AND p.stage IN ('new_start', 'continuing')
GROUP BY p.region_id
"""
)
# Today's figures (`gongjian summary` and the overview).
SUMMARY_SQL = LIVE + LIBRARIES + FIGURES


def summary_sql(snapshot: bool) -> str:
    """The statement: the libraries as they stood at the end of the day asked (`snapshot`), or today's."""
    return (SNAPSHOT if snapshot else LIVE) + LIBRARIES + FIGURES


def month_end(first: dt.date) -> dt.date:
    """The last day of the month beginning on `first`."""
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def summary_params(as_of: dt.date) -> dict:
    """The statement's dates for `as_of`: January to the last month ended, and the same months a year before."""
    last = as_of.replace(day=1)
    if (as_of + dt.timedelta(days=1)).day != 1:  # the month of as_of has not ended
        last = (last - dt.timedelta(days=1)).replace(day=1)
    start = dt.date(last.year, 1, 1)
    # The end of the day in the city's time (Asia/Shanghai, UTC+8), as the stored history dates are: UTC.
    moment = dt.datetime.combine(as_of, dt.time.max, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return {
        "moment": moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" "),
        "start": start.isoformat(),
        "end": last.isoformat(),
        "pstart": start.replace(year=start.year - 1).isoformat(),
        "pend": last.replace(year=last.year - 1).isoformat(),
        "year": last.year,
    }
