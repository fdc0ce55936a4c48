"""The worked mappings in docs/mappings import the real public portfolios in ../shared/data/reference.

Expected figures are recomputed here straight from the CSV with the standard library, independently of the
importer, and also written out as the numbers the import documentation quotes.
"""

import csv
import datetime as dt
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


def test_nyc_capital_projects():
    with NYC.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    latest = {}
    for row in rows:  # the latest report of each PID, as the mapping's [dedupe] asks
        reported = dt.datetime.strptime(row["Date Reported As Of"], "%m/%d/%Y %I:%M:%S %p")
        if row["PID"] not in latest or reported >= latest[row["PID"]][0]:
            latest[row["PID"]] = (reported, row)
    with_budget = [row for _, row in latest.values() if row["Budget Forecast"]]
    expected_total = sum(_wan(row["Budget Forecast"], "6.9") for row in with_budget)

    result = import_projects(NYC, mapping=MAPPINGS / "nyc_capital_projects.toml", valid_rows_only=True)

    assert (len(rows), len(latest)) == (2259, 378)
    assert (result.created, result.rejected, result.skipped) == (len(with_budget), 378 - len(with_budget), 1881)
    assert (result.created, result.rejected) == (284, 94)
    # Every rejection is a latest report without a budget, named by its row and the file's own header.
    assert {(e.column, e.reason) for e in result.errors} == {("Budget Forecast", "新建项目时必填，不能为空。")}
    imported = Project.objects.all()
    assert imported.count() == 284
    assert Project.history.filter(history_change_reason="导入：nyc_capital_projects_20190901.csv").count() == 284
    # Summed in Python: SQLite sums decimals as floats.
    assert sum(imported.values_list("total_investment", flat=True)) == expected_total == Decimal("22062577.91")
    ward = Project.objects.get(name="26th Ward Waste Water Treatment Plant Preliminary Treatment Improvements (PID 3)")
    assert (ward.owner, ward.region.name) == ("DEP", "鲅鱼圈区")
    assert (ward.stage, ward.industry) == ("continuing", "infrastructure")
    assert ward.total_investment == _wan(latest["3"][1]["Budget Forecast"], "6.9") == Decimal("124598.62")
    assert ward.planned_start == dt.date(2013, 9, 23)
    by_region = dict(imported.values_list("region__code").annotate(n=Count("pk")).values_list("region__code", "n"))
    assert by_region == {"210800": 175, "210802": 21, "210803": 14, "210804": 34, "210811": 27, "210881": 13}

    again = import_projects(NYC, mapping=MAPPINGS / "nyc_capital_projects.toml", valid_rows_only=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 284)


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
