"""Dashboard bench: the dashboard's JSON endpoint and page at 1 and 32 concurrent clients, against one hand-written
SQL query reading the same rows (each district's 开复工, year to date and the same months last year, and the map's
project points), on a bench database.

    .venv/bin/python bench/dashboard_bench.py --db sqlite:////tmp/gongjian_demo.sqlite3 [--budget 5] [--json out.json]

The machinery of `bench/pages_bench.py`: production settings (DEBUG off, hashed static files), the Django test client
in threads on this machine (no network), the same middleware, session and login for the product and the bare view
(mounted under /bare/dashboard/ beside the product's URLs: this module is the bench's ROOT_URLCONF). Per view:
queries, p50/p95 of one client's sequential requests, p50/p95 with 32 clients at once, errors, and the ratio of the
product's p50 to the bare query's. The target (issue 14): p95 ≤ 100 ms at 32 clients, 0 errors. Figures are
printed, never asserted (the query-count tests assert).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

MONTH = "2024-05"
USER = "leader_zhang"

# One statement: per region the started count and the two years' sums of counted reports, then the map's points
# (judged projects with coordinates), tagged by kind. The same rows the endpoint reads, without any Python.
BARE_SQL = """
SELECT 'region' AS kind, p.region_id AS id,
       COUNT(DISTINCT CASE WHEN r.period >= %(start)s AND r.site_status IN ('working', 'finished')
                           THEN p.id END) AS started,
       SUM(CASE WHEN r.period >= %(start)s THEN r.month_amount ELSE 0 END) AS ytd,
       SUM(CASE WHEN r.period < %(start)s THEN r.month_amount ELSE 0 END) AS previous,
       NULL AS lng, NULL AS lat
FROM scheduling_monthlyreport r JOIN projects_project p ON p.id = r.project_id
WHERE r.status IN ('submitted', 'approved', 'revised')
  AND ((r.period >= %(start)s AND r.period <= %(end)s) OR (r.period >= %(pstart)s AND r.period <= %(pend)s))
GROUP BY p.region_id
UNION ALL
SELECT 'project', p.id, NULL, p.total_investment, NULL, p.longitude, p.latitude
FROM projects_project p WHERE p.longitude IS NOT NULL AND p.stage IN ('new_start', 'continuing')
"""


def bare_dashboard(request):
    """The endpoint's rows read by one hand-written SQL statement, as JSON."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        params = {"start": "2024-01-01", "end": "2024-05-01", "pstart": "2023-01-01", "pend": "2023-05-01"}
        cursor.execute(BARE_SQL, params)
        rows = [[str(cell) if cell is not None else None for cell in row] for row in cursor.fetchall()]
    return JsonResponse({"rows": rows})


def urlpatterns_():
    import bare_views
    from django.urls import path

    return [path("bare/dashboard/", bare_dashboard), *bare_views.urlpatterns]


if __name__ != "__main__":  # imported by Django as the bench's URL map
    urlpatterns = urlpatterns_()


def views(region_id: int) -> list[tuple[str, str]]:
    return [
        ("API city", f"/api/dashboard/city/?month={MONTH}"),
        ("API district", f"/api/dashboard/districts/{region_id}/?month={MONTH}"),
        ("page city", f"/dashboard/?month={MONTH}"),
        ("page district", f"/dashboard/district/{region_id}/?month={MONTH}"),
    ]


def measure(args) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from pages_bench import Bench, percentile

    from core.models import Region
    from projects.models import Project

    settings.ROOT_URLCONF = "dashboard_bench"
    bench = Bench(args.budget)
    bare = bench.sequential(USER, "/bare/dashboard/")
    bare_p50 = statistics.median(bare)
    bare_many = bench.concurrent(USER, "/bare/dashboard/")
    rows = [
        {
            "view": "bare SQL",
            "queries": bench.queries(USER, "/bare/dashboard/"),
            "p50": bare_p50,
            "p95": percentile(bare, 0.95),
            "c32_p50": statistics.median(bare_many),
            "c32_p95": percentile(bare_many, 0.95),
            "c32_n": len(bare_many),
            "ratio": 1.0,
        }
    ]
    print_row(rows[0])
    district = Region.objects.get(code="210804").pk
    for name, url in views(district):
        one = bench.sequential(USER, url)
        many = bench.concurrent(USER, url)
        row = {
            "view": name,
            "queries": bench.queries(USER, url),
            "p50": statistics.median(one),
            "p95": percentile(one, 0.95),
            "c32_p50": statistics.median(many),
            "c32_p95": percentile(many, 0.95),
            "c32_n": len(many),
            "ratio": statistics.median(one) / bare_p50,
            "kb": bench.size / 1024,
        }
        rows.append(row)
        print_row(row)
    return {"db": args.db, "projects": Project.objects.count(), "rows": rows}


HEADER = f"{'view':<15}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'32c p50':>9}{'32c p95':>9}{'32c n':>7}{'ratio':>7}"


def print_row(row: dict) -> None:
    print(
        f"{row['view']:<15}{row['queries']:>8}{row['p50']:>9.1f}{row['p95']:>9.1f}{row['c32_p50']:>9.0f}"
        f"{row['c32_p95']:>9.0f}{row['c32_n']:>7}{row['ratio']:>7.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the bench database URL (a loaded demo, or bench/scale.py's)")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds per measurement loop (default 5)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.db,
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        GONGJIAN_TODAY="2024-06-30",
        ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="gongjian.settings",
    )
    if not (ROOT / "var" / "static" / "staticfiles.json").exists():  # production settings serve hashed names
        subprocess.run([str(ROOT / ".venv/bin/gongjian"), "collectstatic", "--noinput", "-v0"], check=True)
    print(HEADER, flush=True)
    result = measure(args)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
