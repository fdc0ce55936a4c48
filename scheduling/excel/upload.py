"""The month upload reader: a filled district-month template read back and saved.

`import_month_workbook` reads a filled file with the shared import layer (`core.importing`), matches each row to its
project by the system id, and saves it through `scheduling.services.save_report` in one transaction, in one of the
import modes (`core.importing.modes`). Every rejected row comes back with its row number as the clerk sees it, the
column header and the reason. The layout it expects is `scheduling.excel.columns`.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.importing.cells import is_blank, normalise_key, parse_text
from core.importing.mapping import Mapping
from core.importing.modes import DEFAULT_MODE, keeps_valid_rows, parse_mode, writes
from core.importing.reader import SPREADSHEET_SUFFIXES, TableError, file_suffix, read_sheet, read_table
from core.importing.results import ImportFailed, ImportResult, RowError
from core.importing.rows import Field, RowParser, resolve_columns
from core.models import Region
from core.permissions import ADD, covers_region
from projects.models import Project
from scheduling.calendar import parse_period
from scheduling.choices import EDITABLE_STATUSES
from scheduling.excel.columns import (
    COLUMNS,
    INPUT_KEYS,
    META_SHEET,
    MONEY_KEYS,
    TEMPLATE_KIND,
    TEMPLATE_VERSION,
    month_projects,
    site_status_labels,
)
from scheduling.models import MonthlyReport
from scheduling.services import NEVER_SAVED, ReportConflict, save_report

# Rows a clerk types under the projects (totals, remarks) are not projects; they are passed over, not rejected.
TOTAL_WORDS = frozenset({"合计", "小计", "总计"})


class Outcome(models.TextChoices):
    """What happened to one row of the file."""

    CREATED = "created", gettext_lazy("新建")
    UPDATED = "updated", gettext_lazy("更新")
    UNCHANGED = "unchanged", gettext_lazy("未变")
    KEPT = "kept", gettext_lazy("未改动，保留系统中他人后来修改的数字")
    VALID = "valid", gettext_lazy("校验通过，未写入")
    SKIPPED = "skipped", gettext_lazy("未填写，跳过")
    REJECTED = "rejected", gettext_lazy("拒绝")


@dataclass
class RowResult:
    """One row of the uploaded file and what became of it."""

    row: int
    project_id: int | None
    name: str
    outcome: str

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label


@dataclass
class MonthImportResult(ImportResult):
    """An import's counts and errors (the shared `ImportResult`) plus the district-month and each row's fate."""

    region_name: str = ""
    period_label: str = ""
    mode: str = DEFAULT_MODE
    rows: list[RowResult] = field(default_factory=list)

    def rows_with(self, outcome: str) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == outcome]


def _fields() -> dict[str, Field]:
    """The columns as the shared row parser knows them: headers in Chinese and in the current language."""
    labels = site_status_labels()
    with translation.override(settings.LANGUAGE_CODE):
        chinese = site_status_labels()
    choices = [(value, [labels[value], chinese[value]]) for value in labels]
    kinds = {key: "money" for key in MONEY_KEYS} | {"site_status": "choice"}
    return {
        column.key: Field(
            name=column.key,
            label=_(column.header),
            synonyms=(column.header, *column.synonyms),
            kind=kinds.get(column.key, "text"),
            choices=choices if column.key == "site_status" else (),
            allowed_labels="、".join(labels.values()) if column.key == "site_status" else "",
        )
        for column in COLUMNS
        if column.key not in ("seq", "status")
    }


def read_metadata(source, filename) -> tuple[dict, list[str]]:
    """The hidden sheet's entries (kind, version, region, period, sheet) and the workbook's sheet names.

    A file the reader cannot open gives nothing here; `read_table` then reports why, in the clerk's words.
    """
    if file_suffix(source, filename) not in SPREADSHEET_SUFFIXES:
        return {}, []
    try:
        sheet = read_sheet(source, sheet=META_SHEET, filename=filename)
        names, rows = sheet.names, list(sheet.rows)
    except TableError as error:  # no such sheet: error.sheet_names holds the others; an unreadable file: none
        return {}, error.sheet_names
    meta = {parse_text(row[0]): parse_text(row[1]) for row in rows if len(row) >= 2 and not is_blank(row[0])}
    return meta, names


def _check_metadata(meta: dict, region, period: dt.date) -> None:
    """A template of another district or month must not be imported into this one."""
    if not meta:
        return
    if meta.get("kind") != TEMPLATE_KIND:
        raise ImportFailed(_("该文件不是本系统下载的月度调度表模板，请在月度调度页面下载模板后填写。"))
    if meta.get("version") != TEMPLATE_VERSION:
        raise ImportFailed(
            _("该模板的版本（%(version)s）已不再使用，请重新下载模板。") % {"version": meta.get("version")}
        )
    # [:7]: a spreadsheet program may have turned "2024-05" into the date 2024-05-01.
    if meta.get("region") != region.code or meta.get("period", "")[:7] != f"{period:%Y-%m}":
        other = Region.objects.filter(code=meta.get("region")).first()
        raise ImportFailed(
            _("该文件是「%(file_region)s %(file_month)s」的模板，不能导入「%(region)s %(month)s」。")
            % {
                "file_region": other.name if other else meta.get("region"),
                "file_month": meta.get("period", "")[:7],
                "region": region.name,
                "month": f"{period:%Y-%m}",
            }
        )


def _resolve(headers: list[str], unit_notes=()):
    """Find the template's columns by header text (any order); a missing input column fails the whole file."""
    fields = _fields()
    columns = resolve_columns(headers, fields, Mapping(), unit_notes=unit_notes)
    missing = [_(column.header) for column in COLUMNS if column.required and column.key not in columns]
    if missing:
        raise ImportFailed(
            _("文件中缺少必需的列：%(missing)s。请使用系统下载的模板，不要删除或改动表头。")
            % {"missing": "、".join(missing)}
        )
    return fields, columns


class _MonthImporter:
    """Reads the rows of one district-month file and saves each through `save_report`."""

    def __init__(self, user, region, period, fields, columns, result: MonthImportResult):
        self.user, self.region, self.period, self.result = user, region, period, result
        self.columns = columns
        # Only the input cells are parsed: the reference columns are the system's own and are not imported.
        inputs = {key: fields[key] for key in INPUT_KEYS}
        self.parser = RowParser(inputs, {key: columns[key] for key in INPUT_KEYS}, Mapping())
        self.expected = {project.pk: project for project in month_projects(user, region, period)}
        self.reports = {
            report.project_id: report
            for report in MonthlyReport.objects.filter(project_id__in=list(self.expected), period=period)
        }
        self.seen: dict[int, int] = {}
        self.region_ids = set(region.subtree_ids())

    def header(self, key: str) -> str:
        """The column's header as written in the file ("" — the whole row — for a key without a column)."""
        column = self.columns.get(key)
        return column.header if column is not None else ""

    def raw(self, cells, key: str):
        column = self.columns.get(key)
        return cells[column.index] if column is not None and column.index is not None else None

    def reject(self, row: int, key: str, reason, project_id=None, name="") -> RowResult:
        self.result.add_error(RowError(row, self.header(key), str(reason)))
        return RowResult(row, project_id, name, Outcome.REJECTED)

    def import_row(self, number: int, cells: list) -> RowResult:
        name_cell = parse_text(self.raw(cells, "name"))
        inputs_blank = all(is_blank(self.raw(cells, key)) for key in INPUT_KEYS)
        if is_blank(self.raw(cells, "project_id")):
            if inputs_blank or name_cell.replace(" ", "") in TOTAL_WORDS:
                return RowResult(number, None, name_cell, Outcome.SKIPPED)
            return self.reject(
                number,
                "project_id",
                _("缺少项目编号（系统）。本表只能填报系统列出的项目，新项目请先在项目库登记。"),
                name=name_cell,
            )
        project, refusal = self.project_for(parse_text(self.raw(cells, "project_id")))
        if project is None:
            return self.reject(number, "project_id", refusal, name=name_cell)
        if normalise_key(name_cell) != normalise_key(project.name):
            return self.reject(
                number,
                "name",
                _(
                    "项目名称「%(given)s」与系统中编号 %(id)s 的项目「%(name)s」不一致；请勿修改编号和名称，"
                    "或重新下载模板。"
                )
                % {"given": name_cell, "id": project.pk, "name": project.name},
                project.pk,
                name_cell,
            )
        if project.pk in self.seen:
            return self.reject(
                number,
                "project_id",
                _("该项目已在第 %(row)s 行填报，同一项目只能填一行。") % {"row": self.seen[project.pk]},
                project.pk,
                project.name,
            )
        self.seen[project.pk] = number
        if inputs_blank:
            return RowResult(number, project.pk, project.name, Outcome.SKIPPED)
        values, errors = self.parser.parse(number, cells)
        if errors:
            self.result.add_errors(errors)
            return RowResult(number, project.pk, project.name, Outcome.REJECTED)
        version = self.version_of(cells)
        if version is None:
            return self.reject(
                number,
                "version",
                _("版本（系统）「%(value)s」无效；请勿修改该列，或重新下载模板。")
                % {"value": parse_text(self.raw(cells, "version"))},
                project.pk,
                project.name,
            )
        return self.save(number, project, values, version)

    def version_of(self, cells) -> int | None:
        """The row's report version as downloaded; NEVER_SAVED without the column (a sheet rebuilt by hand)."""
        if "version" not in self.columns:
            return NEVER_SAVED
        raw = self.raw(cells, "version")
        if is_blank(raw):
            return NEVER_SAVED
        try:
            number = float(parse_text(raw))
        except ValueError:
            return None
        return int(number) if number.is_integer() and number >= 0 else None

    def project_for(self, text: str):
        """(project, None) when the id names a project this file may report, else (None, the reason)."""
        try:
            pk = int(text)
        except ValueError:
            return None, _("「%(value)s」不是有效的项目编号（系统）。") % {"value": text}
        if pk in self.expected:
            return self.expected[pk], None
        project = Project.objects.restrict(self.user).select_related("region").filter(pk=pk).first()
        if project is None:
            return None, _("系统中没有编号为 %(id)s 的项目，或您无权填报该项目。") % {"id": pk}
        if project.region_id not in self.region_ids:
            return None, _("项目「%(name)s」属于%(other)s，不属于本表的%(region)s。") % {
                "name": project.name,
                "other": project.region.name,
                "region": self.region.name,
            }
        return None, _("项目「%(name)s」%(month)s不需要填报月度调度（不在建设项目库，或当月尚未开工）。") % {
            "name": project.name,
            "month": f"{self.period:%Y-%m}",
        }

    def save(self, number: int, project, values: dict, version: int) -> RowResult:
        data = {key: values.get(key) for key in ("month_amount", "ytd_amount", "total_amount", "site_status")}
        data |= {key: values.get(key) or "" for key in ("progress", "overrun_explanation")}
        existing = self.reports.get(project.pk)
        if existing is not None and existing.status not in EDITABLE_STATUSES and _matches(existing, data):
            return RowResult(number, project.pk, project.name, Outcome.UNCHANGED)
        if existing is not None and existing.version != version and _untouched_since(existing, version, data):
            # The clerk left this row as downloaded; a colleague changed it since. Theirs stands, silently is fine.
            return RowResult(number, project.pk, project.name, Outcome.KEPT)
        try:
            with transaction.atomic():
                report, changed = save_report(self.user, project, self.period, data, version=version)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, messages in error.message_dict.items():
                    key = "project_id" if key == "project" else key  # "not in the construction library"
                    for message in messages:
                        self.result.add_error(RowError(number, self.header(key), message))
            else:
                self.result.add_errors(RowError(number, "", message) for message in error.messages)
            return RowResult(number, project.pk, project.name, Outcome.REJECTED)
        except (PermissionDenied, ReportConflict) as error:
            return self.reject(number, "", getattr(error, "message", None) or error, project.pk, project.name)
        if not changed:
            return RowResult(number, project.pk, project.name, Outcome.UNCHANGED)
        return RowResult(number, project.pk, project.name, Outcome.UPDATED if existing else Outcome.CREATED)


def _untouched_since(report, version: int, data: dict) -> bool:
    """Whether a row repeats the figures its report had at `version` (when the template was downloaded)."""
    if version == NEVER_SAVED:
        return False  # downloaded before anything was saved: any figures in the row are the clerk's own
    then = report.history.filter(version=version).order_by("-history_date").first()
    return then is not None and _matches(then, data)


def _matches(report, data: dict) -> bool:
    """Whether a row repeats a locked report's figures (blank computed cells match), so it is not an edit."""
    for key in ("month_amount", "progress", "overrun_explanation"):
        if data[key] != getattr(report, key):
            return False
    computed = ("ytd_amount", "total_amount", "site_status")
    return all(data[key] in (None, "") or data[key] == getattr(report, key) for key in computed)


def _as_region(region) -> Region:
    if isinstance(region, Region):
        return region
    found = Region.objects.filter(code=str(region).strip()).first()
    if found is None:
        raise ImportFailed(_("没有区划代码为「%(code)s」的地区。") % {"code": region})
    return found


def _as_period(period) -> dt.date:
    if isinstance(period, dt.date):
        return period.replace(day=1)
    try:
        return parse_period(period)
    except ValueError:
        raise ImportFailed(_("月份「%(value)s」无效，应写作 YYYY-MM，如 2024-05。") % {"value": period}) from None


def import_month_workbook(
    user, file, *, region, period, mode=DEFAULT_MODE, filename=None, dry_run=False, progress=None
) -> MonthImportResult:
    """Import one filled district-month file; usable from the web page and the command line.

    `file` is a path or a binary file object, `region` a Region or its code, `period` a date or "YYYY-MM".
    Raises PermissionDenied, or ImportFailed when the file as a whole cannot be imported; row problems are
    collected in the result. All writes happen in one transaction: in all-or-nothing mode any rejected row
    rolls everything back, so the file is never half-written; a dry run always rolls back. `progress(done,
    total, phase)` is called after each row, for the command line's progress bar.
    """
    region, period = _as_region(region), _as_period(period)
    try:
        mode = parse_mode(mode)
    except ValidationError as error:
        raise ImportFailed(error.messages[0]) from None
    if not covers_region(user, MonthlyReport, ADD, region):
        raise PermissionDenied(_("您无权为%(region)s导入月度调度表。") % {"region": region.name})
    meta, sheet_names = read_metadata(file, filename)
    _check_metadata(meta, region, period)
    sheet = meta.get("sheet") if meta.get("sheet") in sheet_names else None
    table = read_table(file, sheet=sheet, filename=filename)
    fields, columns = _resolve(table.headers, table.unit_notes)
    result = MonthImportResult(
        valid_rows_only=keeps_valid_rows(mode),
        region_name=region.name,
        period_label=f"{period:%Y-%m}",
        mode=mode,
        dry_run=dry_run,
    )
    with transaction.atomic():
        importer = _MonthImporter(user, region, period, fields, columns, result)
        for number, cells in table.rows:
            result.total_rows += 1
            result.rows.append(importer.import_row(number, cells))
            if progress is not None:
                progress(result.total_rows, table.estimated_rows, _("导入"))
        refused = not writes(mode, bool(result.errors))
        if refused or dry_run:
            transaction.set_rollback(True)
        else:
            result.written = True
    for row in result.rows:
        if refused and row.outcome in (Outcome.CREATED, Outcome.UPDATED):
            row.outcome = Outcome.VALID
    counts = Counter(row.outcome for row in result.rows)
    result.created, result.updated = counts[Outcome.CREATED], counts[Outcome.UPDATED]
    result.unchanged, result.skipped = counts[Outcome.UNCHANGED] + counts[Outcome.KEPT], counts[Outcome.SKIPPED]
    result.errors.sort(key=lambda error: error.row)
    return result
