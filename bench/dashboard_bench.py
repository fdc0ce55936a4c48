"""Dashboard bench: the dashboard's JSON endpoints and page served by gunicorn with production settings, at 1 and
32 concurrent clients, warm (the figures' cache filled) and cold (right after a write moved the data version on),
against one hand-written SQL query reading the same rows (each district's 开复工, year to date and the same months
last year, and the map's project points), on a bench database.

    .venv/bin/python bench/dashboard_bench.py --db postgres://postgres@127.0.0.1:5432/bench [--budget 5]
        [--workers 4] [--json out.json]

gunicorn runs `bench/dashboard_wsgi.py` (the product plus the bare view at /bare/dashboard/) on loopback with
DEBUG off, hashed static files and the default cache (per-worker memory; REDIS_URL in the environment shares
one). Clients are threads of this process, each opening a connection per request with a signed-in session's
cookie. Per view: p50/p95 of one client's sequential requests, p50/p95 with 32 clients at once, the cores the 32
client threads themselves kept busy meanwhile (client; of the machine's two), errors (any
status but 200), and the ratio of the product's warm p50 to the bare query's. Cold: one client, the version moved
on before each request; then 32 clients all at once right after a move (each worker computes once), three times.
For an answer with an ETag, a "304" row times the same URL sent with it (If-None-Match), as the wall screen asks
whether anything changed. The target (issue 14): p95 ≤ 100 ms at 32 clients, 0 errors. Queries per request are
counted in-process with the test client. Figures are printed, never asserted (the query-count tests assert).
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

MONTH = "2024-05"
ETAG = "#etag="  # a bench-only suffix of a URL: send what follows as If-None-Match, expect a 304
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


class Server:
    """gunicorn on loopback serving the product with production settings, and clients that time requests to it."""

    def __init__(self, workers: int, port: int):
        self.port = port
        command = [
            str(ROOT / ".venv/bin/gunicorn"),
            "dashboard_wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--backlog=256",
            "--log-level=warning",
            "--preload",
            f"--pythonpath={ROOT},{ROOT / 'bench'}",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT)
        self.client_cores = 0.0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)

    def get(self, cookie: str, url: str) -> tuple[float, bool]:
        """(milliseconds, answered as expected) for one request on a new connection: 200, or 304 when `url` ends
        with an ETag to send back (`url + ETAG + etag`)."""
        url, _, etag = url.partition(ETAG)
        headers = {"Cookie": cookie, "Host": "127.0.0.1", **({"If-None-Match": etag} if etag else {})}
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            ok = response.status == (304 if etag else 200)
        except OSError:
            ok = False
        return (time.perf_counter() - started) * 1000, ok

    def etag(self, cookie: str, url: str) -> str:
        """The ETag of the answer (empty if none)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.getheader("ETag") or ""

    def sequential(self, cookie: str, url: str, budget: float, before=None) -> tuple[list[float], int]:
        self.get(cookie, url)  # warm: the worker's imports, templates, the cache
        times, errors, started = [], 0, time.monotonic()
        while len(times) < 5 or (time.monotonic() - started < budget and len(times) < 300):
            if before:
                before()
            elapsed, ok = self.get(cookie, url)
            times.append(elapsed)
            errors += not ok
        return times, errors

    def concurrent(self, cookie: str, url: str, budget: float, clients: int = 32) -> tuple[list[float], int]:
        times, errors, lock = [], [0], threading.Lock()
        deadline = time.monotonic() + budget
        gate = threading.Barrier(clients)

        def work():
            gate.wait()
            mine, bad = [], 0
            while not mine or time.monotonic() < deadline:
                elapsed, ok = self.get(cookie, url)
                mine.append(elapsed)
                bad += not ok
            with lock:
                times.extend(mine)
                errors[0] += bad

        cpu, wall = time.process_time(), time.monotonic()
        run_threads(work, clients)
        # The clients' own share of the machine: cores this process (the 32 client threads) kept busy meanwhile.
        self.client_cores = (time.process_time() - cpu) / (time.monotonic() - wall)
        return times, errors[0]

    def burst(self, cookie: str, url: str, clients: int = 32) -> tuple[list[float], int]:
        """All clients at once, one request each."""
        times, errors, lock = [], [0], threading.Lock()
        gate = threading.Barrier(clients)

        def work():
            gate.wait()
            elapsed, ok = self.get(cookie, url)
            with lock:
                times.append(elapsed)
                errors[0] += not ok

        run_threads(work, clients)
        return times, errors[0]


def run_threads(work, count: int) -> None:
    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def session_cookie(username: str) -> str:
    """A signed-in session for the user, as the login page would leave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from core.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def query_count(username: str, url: str) -> int:
    """Queries of one warm request, counted in this process with the test client (same settings and URLs)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.models import User

    settings.ROOT_URLCONF = "dashboard_bench"
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def measure(args) -> dict:
    import django

    django.setup()
    from pages_bench import percentile

    from core.cache import bump_version
    from core.models import Region
    from projects.models import Project

    cookie = session_cookie(USER)
    district = Region.objects.get(code="210804").pk
    server = Server(args.workers, args.port)
    rows = []
    try:
        bare, bare_errors = server.sequential(cookie, "/bare/dashboard/", args.budget)
        bare_many, bare_many_errors = server.concurrent(cookie, "/bare/dashboard/", args.budget)
        bare_p50 = statistics.median(bare)
        rows.append(
            row(
                "bare SQL",
                query_count(USER, "/bare/dashboard/"),
                bare,
                bare_many,
                bare_errors + bare_many_errors,
                bare_p50,
                server.client_cores,
            )
        )
        print_row(rows[-1])
        for name, url in views(district):
            one, errors = server.sequential(cookie, url, args.budget)
            many, many_errors = server.concurrent(cookie, url, args.budget)
            cores = server.client_cores
            warm = row(name, query_count(USER, url), one, many, errors + many_errors, bare_p50, cores)
            cold_one, cold_errors = server.sequential(cookie, url, args.budget / 2, before=bump_version)
            bursts, burst_errors = [], 0
            for _ in range(3):
                bump_version()
                times, bad = server.burst(cookie, url)
                bursts += times
                burst_errors += bad
            warm.update(
                cold_p50=statistics.median(cold_one),
                cold_p95=percentile(cold_one, 0.95),
                cold_c32_p50=statistics.median(bursts),
                cold_c32_p95=percentile(bursts, 0.95),
                cold_errors=cold_errors + burst_errors,
            )
            rows.append(warm)
            print_row(warm)
            etag = server.etag(cookie, url)
            if etag:  # the wall screen's question "changed?" answered "no": 304, no body
                one, errors = server.sequential(cookie, url + ETAG + etag, args.budget)
                many, many_errors = server.concurrent(cookie, url + ETAG + etag, args.budget)
                queries, cores = query_count(USER, url), server.client_cores
                rows.append(row(f"{name} 304", queries, one, many, errors + many_errors, bare_p50, cores))
                print_row(rows[-1])
    finally:
        server.stop()
    return {"db": args.db, "projects": Project.objects.count(), "workers": args.workers, "rows": rows}


def row(
    name: str, queries: int, one: list, many: list, errors: int, bare_p50: float, client_cores: float = 0.0
) -> dict:
    from pages_bench import percentile

    return {
        "view": name,
        "queries": queries,
        "p50": statistics.median(one),
        "p95": percentile(one, 0.95),
        "c32_p50": statistics.median(many),
        "c32_p95": percentile(many, 0.95),
        "c32_n": len(many),
        "client_cores": client_cores,
        "errors": errors,
        "ratio": statistics.median(one) / bare_p50,
    }


HEADER = (
    f"{'view':<19}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'32c p50':>9}{'32c p95':>9}{'32c n':>7}{'client':>7}"
    f"{'errors':>7}{'ratio':>7}{'cold p50':>10}{'cold p95':>10}{'cold32 p50':>11}{'cold32 p95':>11}"
)


def print_row(row: dict) -> None:
    cold = (
        f"{row['cold_p50']:>10.0f}{row['cold_p95']:>10.0f}{row['cold_c32_p50']:>11.0f}{row['cold_c32_p95']:>11.0f}"
        if "cold_p50" in row
        else ""
    )
    print(
        f"{row['view']:<19}{row['queries']:>8}{row['p50']:>9.1f}{row['p95']:>9.1f}{row['c32_p50']:>9.0f}"
        f"{row['c32_p95']:>9.0f}{row['c32_n']:>7}{row['client_cores']:>7.2f}"
        f"{row['errors'] + row.get('cold_errors', 0):>7}{row['ratio']:>7.1f}"
        f"{cold}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the bench database URL (a loaded demo, or bench/scale.py's)")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds per measurement loop (default 5)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--port", type=int, default=8765, help="loopback port for gunicorn (default 8765)")
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
