"""Benchmark of the project import: parse-only vs full import of a large generated sheet on a throwaway SQLite DB.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--keep-file] [--repeat 5]

Prints the parse-only time (calamine reading every cell of the sheet through core.importing.reader), the full
import time (parse + validate + commit, with history rows), their ratio, rows per second and peak memory
(maximum resident set size). Parse and import alternate `--repeat` times in the one run, each round's ratio is
taken between its own two timings and the median is reported, because a single timing on a shared machine can
be off by a third. Targets from the issue: ratio ≤ 3, ≥ 20,000 rows/s, ≤ 1 GiB. The second import of the same
file (nothing changes, nothing is written) is timed too. Figures are printed, never asserted.
"""

import argparse
import datetime as dt
import os
import random
import resource
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path("/tmp/gongjian_import_bench.sqlite3")

HEADERS = [
    "项目代码",
    "项目名称",
    "建设单位",
    "所属地区",
    "建设地点",
    "所属行业",
    "建设内容",
    "总投资（万元）",
    "计划开工",
    "计划竣工",
    "实际开工",
    "项目阶段",
    "责任部门",
]
REGIONS = [
    ("210802", "站前区"),
    ("210803", "西市区"),
    ("210804", "鲅鱼圈区"),
    ("210811", "老边区"),
    ("210881", "盖州市"),
]
INDUSTRIES = ["钢铁冶金", "清洁能源", "精细化工", "镁质材料", "装备制造", "港口物流", "城市基础设施", "数字经济"]
STAGES = ["谋划储备", "前期", "新开工", "续建"]
DEPARTMENTS = ["发改委", "工信局", "自然资源局", "住建局", "商务局"]


def build_sheet(path: Path, rows: int) -> None:
    """A project list with a realistic mix of cells: codes, Chinese names, numbers, date cells and date text."""
    import openpyxl

    rng = random.Random(2024)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("项目清单")
    ws.append(HEADERS)
    for i in range(rows):
        code, region = REGIONS[i % len(REGIONS)]
        stage = STAGES[i % len(STAGES)]
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
        started = stage in ("新开工", "续建")
        ws.append(
            [
                f"2024-{code}-44-01-{i:06d}" if i % 3 else None,  # reserve projects often lack a code
                f"{region}第{i}号重点建设项目",
                f"营口{rng.choice('鑫泰金港辽河渤海华信盛达')}{i % 997}有限公司",
                region if i % 2 else code,
                f"营口市{region}新港路{i % 300}号",
                INDUSTRIES[i % len(INDUSTRIES)],
                "新建厂房及配套设施",
                round(rng.uniform(500, 500000), 2),
                start,
                f"{(finish := start + dt.timedelta(days=730)).year}/{finish.month}/{finish.day}",
                start if started else None,
                stage,
                DEPARTMENTS[i % len(DEPARTMENTS)],
            ]
        )
    wb.save(path)


def empty_projects() -> None:
    """Remove what an earlier round imported, so that every round imports into the same empty tables."""
    from django.db import connection

    from projects.models import Project

    with connection.cursor() as cursor:
        for table in (Project.history.model._meta.db_table, Project._meta.db_table):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the model
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _figures(values: list[float]) -> str:
    return " / ".join(f"{value:.2f}" for value in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep-file", action="store_true", help="reuse the generated sheet if present")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds of parse and import (best is kept)")
    args = parser.parse_args()

    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    # Production settings: DEBUG would log and keep every SQL statement, which no operator's import does.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "import-bench-throwaway-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from core.demo import load_organisations
    from core.importing.reader import read_table
    from projects.importing import import_projects
    from projects.models import Project

    call_command("migrate", verbosity=0)
    load_organisations()

    sheet = Path(f"/tmp/gongjian_import_bench_{args.rows}.xlsx")
    if not (args.keep_file and sheet.exists()):
        started = time.perf_counter()
        build_sheet(sheet, args.rows)
        print(f"built {sheet} ({args.rows:,} rows) in {time.perf_counter() - started:.1f} s")

    # The machines are shared and a single timing can be off by a third. Parse and import therefore alternate
    # `--repeat` times on emptied tables; each round's import is divided by the parse timed just before it, so a
    # slow or fast spell of the machine weighs on both, and the median of the rounds' ratios is the figure.
    parse_times, import_times = [], []
    for _round in range(args.repeat):
        started = time.perf_counter()
        table = read_table(sheet)
        parsed = sum(1 for _ in table.rows)
        parse_times.append(time.perf_counter() - started)

        empty_projects()
        started = time.perf_counter()
        result = import_projects(sheet)
        import_times.append(time.perf_counter() - started)
        assert result.created == parsed == Project.objects.count(), result.summary()

    started = time.perf_counter()
    again = import_projects(sheet)
    again_time = time.perf_counter() - started

    ratios = [full / parse for full, parse in zip(import_times, parse_times, strict=True)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"rows                      {parsed:,}")
    print(f"parse only (calamine)     {median(parse_times):.2f} s median   (rounds {_figures(parse_times)})")
    print(f"full import               {median(import_times):.2f} s median   (rounds {_figures(import_times)})")
    print(f"                          {result.summary()}")
    print(f"ratio full / parse        {median(ratios):.2f} median   (rounds {_figures(ratios)}; target ≤ 3)")
    print(
        f"rows per second           {parsed / median(import_times):,.0f} median, {parsed / min(import_times):,.0f} best"
        "   (target ≥ 20,000)"
    )
    print(f"second import (no-op)     {again_time:.2f} s   ({again.summary()})")
    print(f"peak memory (max RSS)     {peak:,.0f} MiB   (target ≤ 1,024)")
    # calamine reads the sheet in a child process (core/importing/sheet_worker.py): its peak is its own.
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"reader child (max RSS)    {child:,.0f} MiB")


if __name__ == "__main__":
    main()
