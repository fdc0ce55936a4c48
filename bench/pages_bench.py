"""Page bench: each main page and API endpoint against a bare view of the same rows, on a bench database.

    .venv/bin/python bench/pages_bench.py --db sqlite:////tmp/gongjian_x10.sqlite3 [--budget 4] [--json out.json]
    .venv/bin/python bench/pages_bench.py --compare before.json after.json

Production settings (DEBUG off), the Django test client in threads on this machine only (no network), the bench's
own URL map (`bench/bare_views.py`: the product's URLs plus the bare views under /bare/, so both go through the
same middleware, session and login). Per page: queries of one request (product and bare), p50/p95 of sequential
requests from one client, p50/p95 with 32 clients at once, the ratio of the product's p50 to the bare view's,
the worker's resident memory after the page, and the p50 cold (the figures' cache emptied before each request, as
the first request after a write meets it) with its ratio to the bare view. Each measurement loops for at most
`--budget` seconds (at least 3 requests; with 32 clients, each client at least once), so a slow page at 100×
still ends. `gongjian summary` is timed as a command against a bare `django.setup()` plus one SQL statement of
the same figures (libraries, investment, plan: `summary_sql.py`). Build the database with bench/scale.py first.
Figures are printed, never asserted (the query-count tests assert).
"""

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TODAY = "2024-06-30"


def pages(project_id: int) -> list[tuple[str, str, str, str]]:
    """(name, product URL, bare URL, user) for every page the bench times."""
    return [
        ("project list", "/projects/", "/bare/projects/", "city_admin"),
        ("project detail", f"/projects/{project_id}/", f"/bare/projects/{project_id}/", "city_admin"),
        ("overview", "/projects/overview/", "/bare/overview/", "city_admin"),
        ("overview as of", "/projects/overview/?as_of=2024-03-31", "/bare/overview/?as_of=2024-03-31", "city_admin"),
        ("month index", "/scheduling/", "/bare/scheduling/", "city_admin"),
        ("month page", "/scheduling/210804/2024-06/", "/bare/scheduling/210804/2024-06/", "byq_clerk"),
        ("reports list", "/scheduling/reports/", "/bare/reports/", "city_admin"),
        ("warnings", "/scheduling/warnings/", "/bare/warnings/", "city_admin"),
        ("audit log", "/core/audit/", "/bare/audit/", "city_admin"),
        ("API projects", "/api/projects/projects/", "/bare/api/projects/", "city_admin"),
        ("API reports", "/api/scheduling/reports/", "/bare/api/reports/", "city_admin"),
        ("API warnings", "/api/scheduling/warnings/projects/", "/bare/warnings/?projects", "city_admin"),
        ("API schema", "/api/schema/", "/bare/api/schema/", "city_admin"),
    ]


def production_environment(db: str, today: str) -> None:
    """Production settings (DEBUG off, hashed static files collected once) on the bench database `db`."""
    os.environ.update(
        DATABASE_URL=db,
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        GONGJIAN_TODAY=today,
        ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="gongjian.settings",
    )
    if not (ROOT / "var" / "static" / "staticfiles.json").exists():
        subprocess.run([str(ROOT / ".venv/bin/gongjian"), "collectstatic", "--noinput", "-v0"], check=True)


def rss_mb() -> float:
    """The process's resident memory now (not its peak), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Bench:
    """Clients logged in per user, one per thread; timings in milliseconds."""

    def __init__(self, budget: float):
        self.budget = budget
        self.local = threading.local()

    def client(self, username: str):
        from django.test import Client

        from core.models import User

        clients = getattr(self.local, "clients", None)
        if clients is None:
            clients = self.local.clients = {}
        if username not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(username=username))
            clients[username] = client
        return clients[username]

    def get(self, username: str, url: str) -> float:
        started = time.perf_counter()
        response = self.client(username).get(url, secure=True)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} as {username}: HTTP {response.status_code}")
        self.size = len(response.content)
        return elapsed

    def sequential(self, username: str, url: str, cold: bool = False) -> list[float]:
        """Requests one after the other; `cold`: the figures' cache emptied before each (the first request after a
        write, when every kept value is out of date)."""
        from django.core.cache import cache

        self.get(username, url)  # warm: templates, schema, connection
        times, started = [], time.monotonic()
        while len(times) < 3 or (time.monotonic() - started < self.budget and len(times) < 200):
            if cold:
                cache.clear()
            times.append(self.get(username, url))
        return times

    def concurrent(self, username: str, url: str, clients: int = 32) -> list[float]:
        from django.db import connection

        times: list[float] = []
        lock = threading.Lock()
        deadline = time.monotonic() + self.budget

        def work():
            try:
                mine = [self.get(username, url)]
                while time.monotonic() < deadline:
                    mine.append(self.get(username, url))
                with lock:
                    times.extend(mine)
            finally:
                connection.close()

        threads = [threading.Thread(target=work) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return times

    def queries(self, username: str, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.get(username, url)
        return len(captured)


def summary_times(runs: int = 3) -> tuple[float, float]:
    """(p50 of `gongjian summary`, p50 of a bare process: django.setup() and SUMMARY_SQL), in ms."""
    from summary_sql import SUMMARY_SQL, summary_params

    params = summary_params(dt.date.fromisoformat(TODAY))
    bare = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor(); "
        f"c.execute({SUMMARY_SQL!r}, {params!r}); print(c.fetchall())"
    )
    commands = {
        "product": [str(ROOT / ".venv/bin/gongjian"), "summary"],
        "bare": [sys.executable, "-c", bare],
    }
    results = {}
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="gongjian.settings", PYTHONPATH=str(ROOT))
    for name, command in commands.items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, cwd=ROOT)
            times.append((time.perf_counter() - started) * 1000)
        results[name] = statistics.median(times)
    return results["product"], results["bare"]


def measure(args) -> dict:
    import django

    django.setup()
    from django.conf import settings

    from projects.models import Project

    settings.ROOT_URLCONF = "bare_views"
    bench = Bench(args.budget)
    # The project with the longest history: the detail page's worst case.
    from django.db.models import Count

    project = Project.history.values("id").annotate(n=Count("history_id")).order_by("-n", "id").first()
    rows = []
    for name, url, bare_url, user in pages(project["id"]):
        if args.only and not any(word in name for word in args.only):
            continue
        product = bench.sequential(user, url)
        size = bench.size
        cold = bench.sequential(user, url, cold=True)
        bare = bench.sequential(user, bare_url)
        row = {
            "page": name,
            "url": url,
            "queries": bench.queries(user, url),
            "bare_queries": bench.queries(user, bare_url),
            "p50": statistics.median(product),
            "p95": percentile(product, 0.95),
            "bare_p50": statistics.median(bare),
            "cold_p50": statistics.median(cold),
            "kb": size / 1024,
        }
        if args.concurrency:
            many = bench.concurrent(user, url)
            row.update(c32_p50=statistics.median(many), c32_p95=percentile(many, 0.95), c32_n=len(many))
        row["ratio"] = row["p50"] / row["bare_p50"]
        row["rss_mb"] = rss_mb()
        rows.append(row)
        print(format_row(row), flush=True)
    result = {"db": args.db, "projects": Project.objects.count(), "rows": rows}
    if not args.only or "summary" in args.only:
        product, bare = summary_times()
        result["summary"] = {"p50": product, "bare_p50": bare, "ratio": product / bare}
    return result


HEADER = (
    f"{'page':<16}{'queries':>9}{'bare q':>8}{'p50 ms':>9}{'p95 ms':>9}{'bare ms':>9}{'ratio':>7}"
    f"{'32c p50':>9}{'32c p95':>9}{'KB':>8}{'RSS MB':>8}{'cold ms':>9}{'cold ratio':>11}"
)


def format_row(row: dict) -> str:
    return (
        f"{row['page']:<16}{row['queries']:>9}{row['bare_queries']:>8}{row['p50']:>9.1f}{row['p95']:>9.1f}"
        f"{row['bare_p50']:>9.1f}{row['ratio']:>7.1f}{row.get('c32_p50', 0):>9.0f}{row.get('c32_p95', 0):>9.0f}"
        f"{row['kb']:>8.0f}{row['rss_mb']:>8.0f}{row.get('cold_p50', 0):>9.1f}"
        f"{row.get('cold_p50', 0) / row['bare_p50']:>11.1f}"
    )


def print_result(result: dict) -> None:
    print(f"\n{result['db']} — {result['projects']:,} projects")
    print(HEADER)
    for row in result["rows"]:
        print(format_row(row))
    if "summary" in result:
        s = result["summary"]
        print(
            f"summary command: {s['p50']:.0f} ms, bare setup + the same figures in one statement "
            f"{s['bare_p50']:.0f} ms, ratio {s['ratio']:.1f}"
        )


def compare(before_path: str, after_path: str) -> None:
    """Before and after side by side: queries, p50 and ratio per page."""
    before, after = (json.loads(Path(p).read_text()) for p in (before_path, after_path))
    old = {row["page"]: row for row in before["rows"]}
    print(
        f"{'page':<16}{'q before':>9}{'q after':>9}{'p50 before':>12}{'p50 after':>11}{'ratio before':>14}"
        f"{'ratio after':>13}{'KB before':>11}{'KB after':>10}"
    )
    for row in after["rows"]:
        was = old.get(row["page"])
        if not was:
            continue
        print(
            f"{row['page']:<16}{was['queries']:>9}{row['queries']:>9}{was['p50']:>12.1f}{row['p50']:>11.1f}"
            f"{was['ratio']:>14.1f}{row['ratio']:>13.1f}{was['kb']:>11.0f}{row['kb']:>10.0f}"
        )
    if "summary" in before and "summary" in after:
        print(
            f"summary command ratio: {before['summary']['ratio']:.1f} → {after['summary']['ratio']:.1f} "
            f"({before['summary']['p50']:.0f} → {after['summary']['p50']:.0f} ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="the bench database URL (from bench/scale.py)")
    parser.add_argument("--budget", type=float, default=3.0, help="seconds per measurement loop (default 3)")
    parser.add_argument("--no-concurrency", dest="concurrency", action="store_false", help="skip the 32-client run")
    parser.add_argument("--only", nargs="*", help="pages whose name contains one of these words (and 'summary')")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), help="print two --json files side by side")
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    if not args.db:
        parser.error("--db is required")
    production_environment(args.db, TODAY)
    print(HEADER, flush=True)
    result = measure(args)
    print_result(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
