"""Documents bench: the monthly circular with its three charts, built from the demo data and rendered as .docx
(target ≤ 3 s) and PDF (≤ 10 s), through the product's own code path (documents.kinds.build + documents.render).

    DEBUG=1 .venv/bin/python bench/documents_bench.py [--db sqlite:////tmp/bench_docs.sqlite3] [--period 2024-05]
        [--runs 3] [--keep]

Loads the demo into a fresh database first (a temporary SQLite file unless --db names one that already holds it,
with --keep). Prints the time of each step (best and median of the runs; the first run, cold as the command line
meets it, also on its own), the CPU time beside the wall time (on a machine shared with other work the wall time
measures the neighbours too), and the sizes; figures are printed, not asserted (documents/tests assert the content).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGETS = {"docx": 3.0, "pdf": 10.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="DATABASE_URL of a database with the demo (default: a new temporary SQLite)")
    parser.add_argument("--period", default="2024-05")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="--db already holds the demo: do not load it")
    args = parser.parse_args()
    if args.db:
        os.environ["DATABASE_URL"] = args.db
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench_docs.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.settings")
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    if not args.keep:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("demo", "load", stdout=StringIO())
        print(f"demo loaded in {time.perf_counter() - started:.1f} s")

    from documents.kinds import build
    from documents.render import render_docx, render_pdf
    from documents.services import default_issuing_body

    body = default_issuing_body()
    timings: dict[str, list[float]] = {"build": [], "docx": [], "pdf": []}
    cpu: dict[str, list[float]] = {"build": [], "docx": [], "pdf": []}
    sizes = {}

    def timed(name, function):
        started, cpu_started = time.perf_counter(), time.process_time()
        value = function()
        timings[name].append(time.perf_counter() - started)
        cpu[name].append(time.process_time() - cpu_started)
        return value

    def docx():
        content, _result = timed("build", lambda: build("circular", args.period, body))
        return content, render_docx(content)

    def pdf():
        content, _result = build("circular", args.period, body)
        return render_pdf(content)

    for _ in range(args.runs):
        # Each format timed as a user gets it: figures, sentences and charts, then the file.
        content, docx_bytes = timed("docx", docx)
        pdf_bytes = timed("pdf", pdf)
        sizes = {"docx": len(docx_bytes), "pdf": len(pdf_bytes), "charts": len(content.charts())}
    print(f"monthly circular {args.period}: {sizes['charts']} charts, {args.runs} runs")
    for name, values in timings.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else f"  target ≤ {target:.0f} s: {'met' if min(values) <= target else 'MISSED'}"
        print(
            f"  {name:5s} best {min(values):6.2f} s  median {statistics.median(values):6.2f} s"
            f"  first {values[0]:5.2f} s"
            f"  (CPU median {statistics.median(cpu[name]):5.2f} s, first {cpu[name][0]:5.2f} s){verdict}"
        )
    print(f"  sizes: .docx {sizes['docx'] / 1024:.0f} KB, PDF {sizes['pdf'] / 1024:.0f} KB")


if __name__ == "__main__":
    main()
