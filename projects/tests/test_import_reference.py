"""The worked mappings in docs/mappings import the real public portfolios in ../shared/data/reference.

Expected figures are recomputed here straight from the CSV with the standard library, independently of the
importer, and also written out as the numbers the import documentation quotes.
"""

import csv
import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count

from projects.importing import import_projects
from projects.models import Project

REFERENCE = Path(settings.GONGJIAN_DATA_DIR) / "reference"
pytestmark = [
    pytest.mark.django_db,
    # The real files sit beside the repository (../shared/data); elsewhere point GONGJIAN_DATA_DIR at them.
    pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"reference data not found at {REFERENCE} (GONGJIAN_DATA_DIR)"),
]
MAPPINGS = Path(settings.BASE_DIR) / "docs" / "mappings"
NYC = REFERENCE / "nyc_capital_projects_20190901.csv"
FEDERAL = REFERENCE / "us_federal_it_projects_2013_Oxford_Projects_Out.csv"
CENT = Decimal("0.01")


def _wan(amount: str, factor: str) -> Decimal:
    return (Decimal(amount) * Decimal(factor) / 10000).quantize(CENT, rounding=ROUND_HALF_UP)


def _latest_values(rows: list[dict]) -> dict[str, dict]:
    """Each PID's reports merged oldest first, a later non-blank value replacing an earlier one (keep latest_values)."""
    reports: dict[str, list] = {}
    for number, row in enumerate(rows):
        reported = dt.datetime.strptime(row["Date Reported As Of"], "%m/%d/%Y %I:%M:%S %p")
        reports.setdefault(row["PID"], []).append((reported, number, row))
    merged = {}
    for pid, items in reports.items():
        values: dict = {}
        for _reported, _number, row in sorted(items, key=lambda item: (item[0], item[1])):
            values.update({column: value for column, value in row.items() if value.strip() not in ("", "-", "/")})
        merged[pid] = values
    return merged


def test_nyc_capital_projects():
    with NYC.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    merged = _latest_values(rows)
    # Every PID that reported a budget at some date becomes a project, with its latest reported budget.
    with_budget = {pid: values for pid, values in merged.items() if values.get("Budget Forecast")}
    never_budgeted = set(merged) - set(with_budget)
    expected_total = sum(_wan(values["Budget Forecast"], "6.9") for values in with_budget.values())

    result = import_projects(NYC, mapping=MAPPINGS / "nyc_capital_projects.toml", valid_rows_only=True)

    assert (len(rows), len(merged)) == (2259, 378)
    assert (result.created, result.rejected, result.skipped) == (len(with_budget), len(never_budgeted), 1881)
    assert (result.created, result.rejected) == (367, 11)
    # Every rejection is a PID that never reported a budget, named by its row and the file's own header.
    assert {(e.column, e.reason) for e in result.errors} == {("Budget Forecast", "新建项目时必填，不能为空。")}
    imported = Project.objects.all()
    assert set(imported.values_list("external_key", flat=True)) == {f"NYC:{pid}" for pid in with_budget}
    assert Project.history.filter(history_change_reason="导入：nyc_capital_projects_20190901.csv").count() == 367
    # Summed in Python: SQLite sums decimals as floats.
    assert sum(imported.values_list("total_investment", flat=True)) == expected_total == Decimal("28332431.09")
    ward = Project.objects.get(external_key="NYC:3")
    assert ward.name == "26th Ward Waste Water Treatment Plant Preliminary Treatment Improvements (PID 3)"
    assert (ward.owner, ward.region.name) == ("DEP", "鲅鱼圈区")
    assert (ward.stage, ward.industry) == ("continuing", "infrastructure")
    assert ward.total_investment == _wan(merged["3"]["Budget Forecast"], "6.9") == Decimal("124598.62")
    assert ward.planned_start == dt.date(2013, 9, 23)
    # A PID whose latest report left the budget blank keeps the budget it reported before.
    latest_blank = [
        pid
        for pid, values in with_budget.items()
        if not max(
            (r for r in rows if r["PID"] == pid),
            key=lambda r: dt.datetime.strptime(r["Date Reported As Of"], "%m/%d/%Y %I:%M:%S %p"),
        )["Budget Forecast"]
    ]
    assert len(latest_blank) == 83
    for pid in latest_blank[:5]:
        project = Project.objects.get(external_key=f"NYC:{pid}")
        assert project.total_investment == _wan(with_budget[pid]["Budget Forecast"], "6.9")
    by_region = dict(imported.values_list("region__code").annotate(n=Count("pk")).values_list("region__code", "n"))
    boroughs = {"manhattan": "210802", "manhatten": "210802", "bronx": "210803", "brooklyn": "210804"}
    boroughs |= {"queens": "210811", "statenisland": "210881"}
    expected_regions = Counter(
        boroughs.get("".join(values.get("Borough", "").split()).casefold(), "210800") for values in with_budget.values()
    )
    assert by_region == expected_regions
    assert by_region == {"210800": 213, "210802": 30, "210803": 26, "210804": 50, "210811": 34, "210881": 14}

    again = import_projects(NYC, mapping=MAPPINGS / "nyc_capital_projects.toml", valid_rows_only=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 367)


def test_us_federal_it_projects():
    with FEDERAL.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    expected_total = sum(_wan(row["PlannedCost"], "6200000") for row in rows)

    result = import_projects(FEDERAL, mapping=MAPPINGS / "us_federal_it_projects.toml")

    assert (result.created, result.rejected, result.written) == (1547, 0, True)
    projects = Project.objects.all()
    assert sum(projects.values_list("total_investment", flat=True)) == expected_total == Decimal("12183414.10")
    assert projects.filter(owner="Department of Commerce").count() == 191
    assert set(projects.values_list("industry", "stage", "region__code").distinct()) == {
        ("digital", "continuing", "210800")
    }
    permits = Project.objects.get(name="ePermits O&M FY11 Part 1. (661)")
    # 1.8205 million dollars × 6.2 = 11,287,100 元 = 1,128.71 万元.
    assert (permits.total_investment, permits.actual_start) == (Decimal("1128.71"), dt.date(2011, 4, 1))
    assert permits.construction_content == "APHIS Electronic Permits System (ePermits)"
