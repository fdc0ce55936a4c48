"""CPU time of each list, detail and API page against its bare view, a ratio the machine's load does not inflate.

    .venv/bin/python bench/pages_cpu.py --db sqlite:////tmp/gongjian_x10.sqlite3 [--json out.json]

`bench/pages_bench.py` times wall-clock; on a shared machine (other sessions' tests and benches) a page's p50
swings several-fold between runs, and its ratio to a bare view taking a few milliseconds with it. This times the
CPU time of the request's own thread (`time.thread_time`, p50 of `--runs` requests), product and bare view in
one process, with the bench's URLs, users and bare views (`pages_bench.pages`, `bench/bare_views.py`).

Beside each list it times the same list with a search matching no row ("no row"): what the page costs before a
single row (filter panel, header, count, layout), against the bare view's whole answer; and the layout alone.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PAGES = ("list", "detail", "month", "reports", "audit", "API projects", "API reports")
# A list's fixed cost: the same list with a search matching no row (filter panel, header, counts, layout).
NO_ROW = "q=no-row-matches-this"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the bench database URL (from bench/scale.py)")
    parser.add_argument("--runs", type=int, default=21, help="requests per page (default 21)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    import pages_bench

    pages_bench.production_environment(args.db, pages_bench.TODAY)
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from core.models import User
    from projects.models import Project

    settings.ROOT_URLCONF = "bare_views"
    project = Project.history.values("id").annotate(n=Count("history_id")).order_by("-n", "id").first()
    clients: dict = {}

    def p50(username: str, url: str) -> tuple[float, int]:
        if username not in clients:
            clients[username] = Client(HTTP_HOST="127.0.0.1")
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{url} as {username}: HTTP {response.status_code}")
        times = []
        for _ in range(args.runs):
            started = time.thread_time()
            client.get(url, secure=True)
            times.append((time.thread_time() - started) * 1000)
        return sorted(times)[len(times) // 2], len(response.content)

    frame, _size = p50("city_admin", "/bare/frame/")
    print(f"the layout alone (base.html, nothing in it): {frame:.1f} ms CPU", flush=True)
    print(f"{'page':<16}{'cpu ms':>9}{'bare ms':>9}{'ratio':>7}{'KB':>8}{'no row ms':>11}{'ratio':>7}", flush=True)
    rows = [{"page": "layout", "cpu_ms": frame}]
    for name, url, bare_url, username in pages_bench.pages(project["id"]):
        if not any(word in name for word in PAGES):
            continue
        product, size = p50(username, url)
        bare, _size = p50(username, bare_url)
        empty = None
        if "list" in name or "API" in name or "audit" in name:
            empty, _size = p50(username, f"{url}{'&' if '?' in url else '?'}{NO_ROW}")
        rows.append(
            {
                "page": name,
                "cpu_ms": product,
                "bare_cpu_ms": bare,
                "ratio": product / bare,
                "kb": size / 1024,
                "no_row_cpu_ms": empty,
            }
        )
        tail = f"{empty:>11.1f}{empty / bare:>7.1f}" if empty is not None else ""
        print(f"{name:<16}{product:>9.1f}{bare:>9.1f}{product / bare:>7.1f}{size / 1024:>8.0f}{tail}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"db": args.db, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
