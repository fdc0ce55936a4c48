"""A ranking as the command line and the download give it: the issue's JSON shape and an .xlsx workbook."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.exports import safe_row, set_text_safe
from race.choices import ListName
from race.services import as_json

ROW_FIELDS = ("region_code", "region", "group", "score", "rank", "rank_change", "items", "lists")


def result_as_cli_json(result: dict) -> dict:
    """{"period", "scheme", "rows": [{region_code, region, group, score, rank, rank_change, items, lists}],
    "summons"}: the published shape of `gongjian race --format json` (Decimals as strings)."""
    return as_json(
        {
            "period": result["period"],
            "scheme": result["scheme"],
            "scheme_code": result["scheme_code"],
            "scheme_version": result["scheme_version"],
            "published": result["published"],
            "rows": [{field: row[field] for field in ROW_FIELDS} for row in result["rows"]],
            "summons": result["summons"],
        }
    )


def list_labels(codes) -> str:
    """Lists a row is on, in words ("红榜、争先进位")."""
    return "、".join(str(ListName(code).label) for code in codes)


def _header(sheet, titles) -> list:
    cells = []
    for title in titles:
        cell = set_text_safe(WriteOnlyCell(sheet), str(title))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def result_to_xlsx(result: dict, handle) -> None:
    """The ranking into `handle` as a workbook: the table (one row per region, in group order then rank) and the
    explanation of every item score; every text cell stays text (no formula from a name)."""
    workbook = Workbook(write_only=True)
    table = workbook.create_sheet(title=_("排名"))
    items = result["items"]
    table.append(
        _header(
            table,
            [_("分组"), _("名次"), _("名次变化"), _("地区代码"), _("地区"), _("总分")]
            + [f"{item['label']}（{item['weight']}）" for item in items]
            + [_("榜单")],
        )
    )
    for row in result["rows"]:
        table.append(
            safe_row(
                table,
                [row["group"], row["rank"], row["rank_change"], row["region_code"], row["region"], row["score"]]
                + [row["items"][item["code"]]["score"] for item in items]
                + [list_labels(row["lists"])],
            )
        )
    explain = workbook.create_sheet(title=_("得分说明"))
    explain.append(_header(explain, [_("地区"), _("指标"), _("原始值"), _("得分"), _("说明")]))
    for row in result["rows"]:
        for item in items:
            entry = row["items"][item["code"]]
            explain.append(
                safe_row(explain, [row["region"], item["label"], entry["raw"], entry["score"], entry["explain"]])
            )
    workbook.save(handle)
