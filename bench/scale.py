"""A province-scale copy of the demo for the benches: the demo loaded into its own database, then grown in SQL.

    .venv/bin/python bench/scale.py --db sqlite:////tmp/gongjian_x10.sqlite3 --factor 10
    .venv/bin/python bench/scale.py --db postgres://postgres@127.0.0.1:5432/gongjian_x10 --factor 10 --years 1

Never the test or the working database: the target must be named on the command line and is created from
scratch (an existing SQLite file or PostgreSQL database of that name is dropped first). Steps: migrate, `demo
load`, then `--factor - 1` copies of every project with its plans, list memberships, monthly reports and all their
history rows, each copy in one `INSERT … SELECT` per table (no row passes through Python, so 100× is minutes, not
hours). Copy k of a row gets id + k × (largest id), a project code whose last seven digits are its new id, and
the region of its original, or with `--regions N` one of N new districts under the city (so the province has
more districts instead of fatter ones). `--years Y` adds Y earlier reporting spans of every project's monthly
reports (periods moved back by whole years), for the history depth of a platform in use for years.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (model label, the columns that point at a copied project) in the order rows must be written.
PROJECT_TABLES = [
    ("projects.Project", None),
    ("projects.HistoricalProject", None),
    ("projects.InvestmentPlan", "project_id"),
    ("projects.HistoricalInvestmentPlan", "project_id"),
    ("projects.FundingSource", "project_id"),
    ("projects.HistoricalFundingSource", "project_id"),
    ("projects.ProjectContact", "project_id"),
    ("projects.HistoricalProjectContact", "project_id"),
    ("projects.ListMembership", "project_id"),
    ("projects.HistoricalListMembership", "project_id"),
]
REPORT_TABLES = ["scheduling.MonthlyReport", "scheduling.HistoricalMonthlyReport"]


def prepare_database(url: str) -> None:
    """Drop and recreate the target (a bench database only: refuse the project's own database names)."""
    import dj_database_url

    config = dj_database_url.parse(url)
    name = str(config["NAME"])
    if "test_" in name or name.endswith("gongjian.sqlite3") or name in {"gongjian", "postgres"}:
        raise SystemExit(f"refusing to overwrite {name}: give a bench database of its own")
    if config["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    import psycopg

    admin = dict(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432, user=config["USER"])
    admin["dbname"] = "postgres"
    if config["PASSWORD"]:
        admin["password"] = config["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def run(command: list[str]) -> None:
    import subprocess

    subprocess.run([str(ROOT / ".venv" / "bin" / "gongjian"), *command], check=True, env=os.environ.copy())


class Grower:
    """Writes the copies with one INSERT … SELECT per table and copy, in the dialect of the connection."""

    def __init__(self, connection, factor: int, years: int, regions: int):
        from django.apps import apps

        self.connection = connection
        self.sqlite = connection.vendor == "sqlite"
        self.factor, self.years, self.regions = factor, years, regions
        self.apps = apps
        self.cursor = connection.cursor()

    def scalar(self, sql: str):
        self.cursor.execute(sql)
        return self.cursor.fetchone()[0] or 0

    def pad(self, expression: str, width: int) -> str:
        if self.sqlite:
            return f"substr('{'0' * width}' || ({expression}), -{width})"
        return f"lpad(({expression})::text, {width}, '0')"

    def months_back(self, column: str, months: int) -> str:
        if self.sqlite:
            return f"date({column}, '-{months} months')"
        return f"({column} - interval '{months} months')::date"

    def copy(self, label: str, overrides: dict[str, str], where: str = "") -> int:
        """INSERT INTO t (all columns) SELECT (the column, or its override) FROM t [WHERE …]."""
        model = self.apps.get_model(label)
        table = model._meta.db_table
        columns = [f.column for f in model._meta.concrete_fields]
        q = self.connection.ops.quote_name
        select = ", ".join(overrides.get(c, q(c)) for c in columns)
        names = ", ".join(q(c) for c in columns)
        self.cursor.execute(f"INSERT INTO {q(table)} ({names}) SELECT {select} FROM {q(table)} {where}")
        return self.cursor.rowcount

    def new_regions(self) -> list[int]:
        """N new districts under the city, numbered after the demo's own codes."""
        from core.models import Region

        city = Region.objects.get(kind="city")
        top = Region.objects.order_by("-pk").first().pk
        made = []
        for index in range(self.regions):
            region = Region.objects.create(
                code=f"9{index:05d}", name=f"扩容区{index + 1}", kind="district", parent=city, sort_order=900 + index
            )
            made.append(region.pk)
        assert not made or made[0] > top
        return made

    def region_case(self, k: int, regions: list[int]) -> str:
        if not regions:
            return "region_id"
        return str(regions[(k - 1) % len(regions)])

    def grow(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        offsets = {}
        for label, _ in PROJECT_TABLES + [(label, None) for label in REPORT_TABLES]:
            model = self.apps.get_model(label)
            pk = "history_id" if label.split(".")[1].startswith("Historical") else "id"
            offsets[label] = self.scalar(f"SELECT MAX({pk}) FROM {model._meta.db_table}") + 1
        project_offset = offsets["projects.Project"]
        regions = self.new_regions()
        for k in range(1, self.factor):
            started = time.monotonic()
            for label, fk in PROJECT_TABLES:
                historical = label.split(".")[1].startswith("Historical")
                base = "projects.Project" if label.endswith("Project") else label.replace("Historical", "")
                overrides = {"id": f"id + {k * offsets[base]}"}
                if historical:
                    overrides["history_id"] = f"history_id + {k * offsets[label]}"
                if fk:
                    overrides[fk] = f"{fk} + {k * project_offset}"
                if label.endswith("Project"):
                    new_id = f"id + {k * project_offset}"
                    overrides["national_code"] = (
                        f"CASE WHEN national_code IS NULL THEN NULL ELSE substr(national_code, 1, 17) || "
                        f"{self.pad(new_id, 7)} END"
                    )
                    overrides["external_key"] = (
                        f"CASE WHEN external_key IS NULL THEN NULL ELSE external_key || '#{k}' END"
                    )
                    overrides["region_id"] = self.region_case(k, regions)
                where = f"WHERE id < {offsets[base]}" if not fk else f"WHERE {fk} < {project_offset}"
                if historical:
                    where = f"WHERE history_id < {offsets[label]}"
                counts[label] = counts.get(label, 0) + self.copy(label, overrides, where)
            for y in range(self.years + 1):
                if k == 0 and y == 0:
                    continue
                self.copy_reports(k, y, offsets)
            print(f"copy {k}/{self.factor - 1} in {time.monotonic() - started:.1f} s", flush=True)
        for y in range(1, self.years + 1):
            self.copy_reports(0, y, offsets)
        return counts

    def copy_reports(self, k: int, y: int, offsets: dict) -> None:
        """Copy k's reports (and their history), moved y reporting spans back: a span is whole years past the data."""
        step = k * (self.years + 1) + y
        span = 24 * y  # the demo's reports cover 18 months; two years per step keeps (project, period) unique
        for label in REPORT_TABLES:
            historical = "Historical" in label
            overrides = {
                "id": f"id + {step * offsets['scheduling.MonthlyReport']}",
                "project_id": f"project_id + {k * offsets['projects.Project']}",
                "period": self.months_back("period", span) if span else "period",
            }
            where = f"WHERE id < {offsets['scheduling.MonthlyReport']}"
            if historical:
                overrides["history_id"] = f"history_id + {step * offsets[label]}"
                where = f"WHERE history_id < {offsets[label]}"
            self.copy(label, overrides, where)

    def finish(self) -> None:
        """PostgreSQL: sequences past the copied ids, so the next saved row does not collide with a copy."""
        from django.core.management.color import no_style

        models = [self.apps.get_model(label) for label, _ in PROJECT_TABLES] + [
            self.apps.get_model(label) for label in REPORT_TABLES
        ]
        for statement in self.connection.ops.sequence_reset_sql(no_style(), models):
            self.cursor.execute(statement)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="sqlite:////path.sqlite3 or postgres://…/name (recreated)")
    parser.add_argument("--factor", type=int, default=10, help="how many times the demo's projects (default 10)")
    parser.add_argument("--years", type=int, default=0, help="earlier reporting spans of monthly reports to add")
    parser.add_argument("--regions", type=int, default=0, help="new districts to spread the copies over")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.db
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.settings")
    started = time.monotonic()
    prepare_database(args.db)
    run(["migrate", "--noinput", "-v0"])
    run(["demo", "load"])
    print(f"demo loaded in {time.monotonic() - started:.1f} s", flush=True)

    import django

    django.setup()
    from django.db import connection, transaction

    with transaction.atomic():
        grower = Grower(connection, args.factor, args.years, args.regions)
        grower.grow()
        if connection.vendor == "postgresql":
            grower.finish()
    connection.cursor().execute("ANALYZE")  # fresh planner statistics for the grown tables
    with connection.cursor() as cursor:
        for label in (
            "projects_project",
            "scheduling_monthlyreport",
            "scheduling_historicalmonthlyreport",
            "projects_historicalproject",
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {label}")
            print(f"{label}: {cursor.fetchone()[0]:,}")
    print(f"done in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
