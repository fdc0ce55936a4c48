"""The month template's layout, shared by the writer (`scheduling.excel.template`) and the reader
(`scheduling.excel.upload`): its columns, rows, sheets and identity, and which projects a district-month lists."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_

from core.permissions import CHANGE
from scheduling.choices import SiteStatus
from scheduling.services import expected_projects

TEMPLATE_KIND = "gongjian-monthly-report"
# 2: each row carries its report's version ("版本（系统）"), so an old download cannot overwrite later edits.
TEMPLATE_VERSION = "2"
META_SHEET = "模板信息"
NOTES_SHEET = "填表说明"
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
# What the upload page accepts: the formats Excel, WPS and LibreOffice save in (size: core.uploads, for every form).
UPLOAD_SUFFIXES = frozenset({".xlsx", ".xls", ".ods"})


@dataclass(frozen=True)
class Column:
    """One column of the template: its key (a report field, or a project attribute shown for reference)."""

    key: str
    header: str  # Chinese msgid; shown translated, recognised in either language
    width: int
    editable: bool = False
    required: bool = False  # must be present in an uploaded file
    synonyms: tuple[str, ...] = ()


COLUMNS = (
    Column("seq", N_("序号"), 6),
    Column("project_id", N_("项目编号（系统）"), 10, required=True, synonyms=("项目编号", "系统编号", "项目ID")),
    Column("national_code", N_("项目代码"), 28),
    Column("name", N_("项目名称"), 36, required=True),
    Column("owner", N_("建设单位"), 26),
    Column("total_investment", N_("总投资（万元）"), 14),
    Column("month_amount", N_("本月完成投资（万元）"), 14, True, True, ("本月完成投资",)),
    Column("ytd_amount", N_("本年累计完成投资（万元）"), 16, True, True, ("本年累计完成投资",)),
    Column("total_amount", N_("累计完成投资（万元）"), 16, True, True, ("累计完成投资",)),
    Column("site_status", N_("施工状态"), 12, True, True),
    Column("progress", N_("形象进度"), 40, True, True),
    Column("overrun_explanation", N_("超概算说明"), 28, True, True),
    Column("status", N_("调度表状态"), 11),
    # The report's version as downloaded (0: none saved yet); hidden, and checked on upload against the current one.
    Column("version", N_("版本（系统）"), 8, synonyms=("版本",)),
)
BY_KEY = {column.key: column for column in COLUMNS}
MONEY_KEYS = ("total_investment", "month_amount", "ytd_amount", "total_amount")
INPUT_KEYS = tuple(column.key for column in COLUMNS if column.editable)


def site_status_labels() -> dict[str, str]:
    """Dropdown labels of the site status in the current language, by stored value."""
    return {value: str(label) for value, label in SiteStatus.choices}


def month_projects(user, region, period: dt.date):
    """The projects of the district-month the user may report for, in the order the district lists them."""
    return expected_projects(region.subtree_ids(), period).restrict(user, CHANGE).select_related("region")
