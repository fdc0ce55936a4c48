"""The summary's figures in one hand-written statement: the yardstick of `gongjian summary` and of the library
overview (issue 11: "one hand-written SQL aggregate of the same figures").

Per region: the libraries' counts and investment per stage, 开复工, year to date and the same months last year from
the counted reports (January to the last month ended by the date asked), and the year's plans. The libraries are
today's projects even for an earlier date (the product rebuilds that day's from the history, which is dearer), so
the yardstick is never dearer than the figures it stands for.
"""

import datetime as dt

SUMMARY_SQL = """
SELECT 'library', region_id, stage, COUNT(*), SUM(total_investment), NULL
FROM projects_project GROUP BY region_id, stage
UNION ALL
SELECT 'reports', p.region_id, NULL,
       COUNT(DISTINCT CASE WHEN r.period >= %(start)s AND r.site_status IN ('working', 'finished')
                           THEN r.project_id END),
       SUM(CASE WHEN r.period >= %(start)s THEN r.month_amount ELSE 0 END),
       SUM(CASE WHEN r.period < %(start)s THEN r.month_amount ELSE 0 END)
FROM scheduling_monthlyreport r JOIN projects_project p ON p.id = r.project_id
WHERE r.status IN ('submitted', 'approved', 'revised')
  AND ((r.period >= %(start)s AND r.period <= %(end)s) OR (r.period >= %(pstart)s AND r.period <= %(pend)s))
GROUP BY p.region_id
UNION ALL
SELECT 'plan', p.region_id, NULL, NULL, SUM(i.amount), NULL
FROM projects_investmentplan i JOIN projects_project p ON p.id = i.project_id
WHERE i.year = %(year)s AND p.stage IN ('new_start', 'continuing')
GROUP BY p.region_id
"""


def summary_params(as_of: dt.date) -> dict:
    """The statement's dates for `as_of`: January to the last month ended, and the same months a year before."""
    last = as_of.replace(day=1)
    if (as_of + dt.timedelta(days=1)).day != 1:  # the month of as_of has not ended
        last = (last - dt.timedelta(days=1)).replace(day=1)
    start = dt.date(last.year, 1, 1)
    return {
        "start": start.isoformat(),
        "end": last.isoformat(),
        "pstart": start.replace(year=start.year - 1).isoformat(),
        "pend": last.replace(year=last.year - 1).isoformat(),
        "year": last.year,
    }
