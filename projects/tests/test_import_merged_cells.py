"""Cells merged down over data rows: text (a 县区 over its projects) belongs to every row, an amount to none.

District offices merge the 县区 cell over all of a district's projects; calamine gives the text to the first row
only. A merged 总投资 cell over several rows cannot be split without guessing, so those rows are refused by name.
"""

from decimal import Decimal

import openpyxl
import pytest

from projects.importing import import_projects
from projects.models import Project

pytestmark = pytest.mark.django_db

HEADER = ["序号", "县区", "项目名称", "建设单位", "总投资（万元）"]


def workbook(path, rows, merges):
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    for row in rows:
        wb.active.append(row)
    for cell_range in merges:
        wb.active.merge_cells(cell_range)
    wb.save(path)
    return path


def test_a_district_cell_merged_over_its_projects_gives_every_row_its_district(tmp_path):
    path = workbook(
        tmp_path / "merged.xlsx",
        [
            [1, "鲅鱼圈区", "鲅鱼圈合并单元格测试项目甲", "营口甲公司", 1200.5],
            [2, None, "鲅鱼圈合并单元格测试项目乙", "营口乙公司", 800],
            [3, None, "鲅鱼圈合并单元格测试项目丙", "营口丙公司", "1,000.25"],
            [4, "盖州市", "盖州合并单元格测试项目丁", "营口丁公司", 50],
        ],
        merges=["B2:B4"],
    )
    result = import_projects(path)
    assert result.errors == [] and result.created == 4
    stored = {p.name: (p.region.code, p.total_investment) for p in Project.objects.filter(name__contains="合并单元格")}
    assert stored == {
        "鲅鱼圈合并单元格测试项目甲": ("210804", Decimal("1200.50")),
        "鲅鱼圈合并单元格测试项目乙": ("210804", Decimal("800.00")),
        "鲅鱼圈合并单元格测试项目丙": ("210804", Decimal("1000.25")),
        "盖州合并单元格测试项目丁": ("210881", Decimal("50.00")),
    }


def test_an_amount_merged_over_several_rows_is_refused_for_the_rows_it_would_be_copied_to(tmp_path):
    path = workbook(
        tmp_path / "merged-amount.xlsx",
        [
            [1, "鲅鱼圈区", "合并金额测试项目一期", "营口甲公司", 3000],
            [2, "鲅鱼圈区", "合并金额测试项目二期", "营口甲公司", None],
        ],
        merges=["E2:E3"],
    )
    result = import_projects(path)
    assert Project.objects.filter(name__startswith="合并金额测试项目").count() == 0  # all or nothing
    [error] = result.errors
    assert error.row == 3 and "合并单元格" in error.reason and "总投资" in str(error)
