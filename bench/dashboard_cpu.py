"""CPU time of one warm dashboard request end to end (every middleware included), in-process, and where it goes.

    .venv/bin/python bench/dashboard_cpu.py --db sqlite:////tmp/demo.sqlite3 [--runs 51] [--profile 'API city']

The wall-clock figures of `bench/dashboard_bench.py` queue behind whatever else runs on the machine; this times the
CPU time of the request's own thread (`time.thread_time`, p50 of `--runs` requests) through the production WSGI
handler (DEBUG off, the bench's session cookie, the bench's URLs), warm (the figures' cache filled), and a
conditional request (If-None-Match with the ETag of the previous answer). `--profile VIEW` prints cProfile's top
functions for that view's warm request.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the bench database URL (a loaded demo)")
    parser.add_argument("--runs", type=int, default=51, help="requests per view (default 51)")
    parser.add_argument("--profile", help="print cProfile's top functions of this view (e.g. 'API city')")
    args = parser.parse_args()
    import pages_bench

    pages_bench.production_environment(args.db, "2024-06-30")
    import django

    django.setup()
    import dashboard_bench
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from core.models import Region

    settings.ROOT_URLCONF = "dashboard_bench"
    handler = WSGIHandler()
    cookie = dashboard_bench.session_cookie(dashboard_bench.USER)
    district = Region.objects.get(code="210804").pk

    def queries(url: str, etag: str = "") -> int:
        """Statements one request sends (counted by an execute wrapper: the connection may be reopened)."""
        sent = []

        def count(execute, sql, params, many, context):
            sent.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            call(url, etag)
        return len(sent)

    def call(url: str, etag: str = "") -> tuple[int, bytes, str]:
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "443",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        if etag:
            environ["HTTP_IF_NONE_MATCH"] = etag
        answer = {}

        def start_response(status, headers):
            answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

        body = b"".join(handler(environ, start_response))
        return answer["status"], body, answer["headers"].get("ETag", "")

    print(f"{'view':<15}{'status':>7}{'KB':>7}{'queries':>8}{'CPU p50 ms':>11}{'304 queries':>12}{'304 CPU ms':>11}")
    for name, url in [("bare SQL", "/bare/dashboard/"), *dashboard_bench.views(district)]:
        status, body, etag = call(url)
        call(url)
        captured = queries(url)
        times = []
        for _ in range(args.runs):
            started = time.thread_time()
            call(url)
            times.append((time.thread_time() - started) * 1000)
        conditional = ""
        if etag:
            again = queries(url, etag)
            status_304 = call(url, etag)[0]
            cpu = []
            for _ in range(args.runs):
                started = time.thread_time()
                call(url, etag)
                cpu.append((time.thread_time() - started) * 1000)
            conditional = f"{again:>12}{statistics.median(cpu):>11.2f}" + ("" if status_304 == 304 else " (!304)")
        print(
            f"{name:<15}{status:>7}{len(body) / 1024:>7.0f}{captured:>8}{statistics.median(times):>11.2f}{conditional}",
            flush=True,
        )
        if args.profile == name:
            profiler = cProfile.Profile(time.thread_time)
            profiler.enable()
            for _ in range(args.runs):
                call(url)
            profiler.disable()
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(45)
            print(stream.getvalue())
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(25)
            print(stream.getvalue())


if __name__ == "__main__":
    main()
