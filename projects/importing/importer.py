"""Importing projects from a spreadsheet: parse, check against the project rules, match, write in one transaction.

Rows are checked in plain Python against one snapshot of the existing projects (one query), so a 100,000-row
list is checked in seconds; the project rules themselves are not restated here but called: the national-code
validator, `Project.clean` (date order, started stages need a start date) and the stage machine. A row updates
the project with its national code, else the one with its name and owner, else creates a project. Blank cells
never clear what the system already holds, and a row that changes nothing is not written, so importing the same
file twice changes nothing the second time.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.base import ModelState
from django.utils.translation import gettext as _

from core.importing.cells import normalise_key
from core.importing.mapping import Mapping, load_mapping
from core.importing.reader import read_table
from core.importing.results import ImportFailed, ImportResult, RowError
from core.importing.rows import RowParser, dedupe_rows, paused_gc, resolve_columns
from core.models import User
from core.permissions import ADD, is_city_admin, role_allows
from projects.choices import Stage
from projects.importing.fields import CREATE_REQUIRED, TOTAL_ROW_NAMES, project_fields
from projects.importing.writer import EDITABLE, NEW_DEFAULTS, ProjectWriter
from projects.models import Project
from projects.stages import INITIAL_STAGES, apply_stage_side_effects, check_transition
from projects.validators import NATIONAL_CODE_RE, normalise_national_code, validate_national_code

# Import fields that are foreign keys are parsed straight into their column names.
ATTNAME = {"region": "region_id", "responsible_department": "responsible_department_id"}
FIELD_OF_ATTNAME = {attname: name for name, attname in ATTNAME.items()}
CREATE_REQUIRED_KEYS = [(name, ATTNAME.get(name, name)) for name in CREATE_REQUIRED]  # (field, key in a row's values)
PROGRESS_EVERY = 1000
SAMPLE_SIZE = 20
CREATABLE_STAGES = frozenset(str(stage) for stage in INITIAL_STAGES)
TOTAL_ROW_MAX = max(len(word) for word in TOTAL_ROW_NAMES) + 4  # room for spaces: 合 计

Progress = Callable[[int, int, str], None]


@dataclass
class PlannedRow:
    """A checked row: what to write (`values`, all editable columns) and, for an update, the project's id."""

    number: int
    values: dict
    pk: int | None = None


def import_projects(
    source,
    *,
    mapping: Mapping | str | Path | None = None,
    filename: str | None = None,
    sheet: str | None = None,
    user: User | None = None,
    dry_run: bool = False,
    valid_rows_only: bool = False,
    progress: Progress | None = None,
    sample: list | None = None,
) -> ImportResult:
    """Import a project list (path or file object); see ProjectImport. Raises ImportFailed for a file-level problem.

    `sample`, when given, receives the first SAMPLE_SIZE rows to write (PlannedRow), for the web preview.
    """
    importer = ProjectImport(source, mapping=mapping, filename=filename, sheet=sheet, user=user, progress=progress)
    importer.sample = sample
    return importer.run(dry_run=dry_run, valid_rows_only=valid_rows_only)


class ProjectImport:
    """One import run: the file, its mapping, who runs it (None: the system, from the command line)."""

    def __init__(self, source, *, mapping=None, filename=None, sheet=None, user=None, progress=None):
        if user is not None and not role_allows(user, Project, ADD):
            raise ImportFailed(_("您无权导入项目：只有市发改委管理员和县区填报员可以导入。"))
        self.fields = project_fields()
        if mapping is None:
            mapping = Mapping()
        elif not isinstance(mapping, Mapping):
            mapping = load_mapping(mapping, self.fields)
        self.mapping = mapping
        self.source = source
        self.filename = filename or Path(str(getattr(source, "name", source))).name
        self.sheet = sheet if sheet is not None else mapping.sheet
        self.user = user
        self.progress = progress or (lambda done, total, phase: None)
        # The command line acts for the system with the city administrator's rights; the web for its user.
        self.actor = user if user is not None else User(username="system", role="city_admin")
        self.scope_ids = None if is_city_admin(self.actor) else set(user.region_scope_ids)
        self._code_checks: dict[tuple, str | None] = {}
        self.region_label = str(user.region) if self.scope_ids is not None else ""
        self._rules_shell = _shell(NEW_DEFAULTS)  # refilled for each row: every row sets all editable columns
        self.sample: list | None = None

    def _table_options(self) -> dict:
        return {
            "header_rows": self.mapping.header_rows,
            "skip_rows": self.mapping.skip_rows,
            "filename": self.filename,
        }

    def run(self, *, dry_run: bool = False, valid_rows_only: bool = False) -> ImportResult:
        """Check every row and, unless this is a dry run or an all-or-nothing run with errors, write them all."""
        result = ImportResult(dry_run=dry_run, valid_rows_only=valid_rows_only)
        if dry_run:
            with paused_gc():
                self.check(result, lambda pk, values: None)
            return result
        with paused_gc(), transaction.atomic():
            writer = ProjectWriter(
                reason=_("导入：%(file)s") % {"file": self.filename},
                user_id=self.user.pk if self.user is not None else None,
            )
            self.check(result, writer.add, stop_on_error=not valid_rows_only)
            writer.finish()
            if result.errors and not valid_rows_only:
                transaction.set_rollback(True)  # all or nothing: rows already handed to the writer are undone
            else:
                result.written = True
        return result

    def check(self, result: ImportResult, sink: Callable, *, stop_on_error: bool = False) -> None:
        """Read and check every row, counting into `result` and passing each row to write to `sink(pk, values)`.

        With `stop_on_error` nothing more is passed on once a row has been rejected (it will not be written).
        """
        table = read_table(self.source, sheet=self.sheet, **self._table_options())
        self.columns = resolve_columns(table.headers, self.fields, self.mapping, unit_notes=table.unit_notes)
        parser = RowParser(self.fields, self.columns, self.mapping, keys=ATTNAME)
        rows = table.rows
        total = table.estimated_rows
        if self.mapping.dedupe:
            rows, dropped = dedupe_rows(rows, table.headers, self.mapping)
            result.skipped += dropped
            total = len(rows)
        self._load_snapshot()
        self.seen: dict[tuple, int] = {}
        self.progress(0, total, _("检查"))
        count = 0
        for number, cells, values, errors in parser.parse_rows(rows):
            count += 1
            if count % PROGRESS_EVERY == 0:
                self.progress(count, total, _("检查"))
            if _is_total_row(values, cells):
                result.skipped += 1
                continue
            row = self._check_row(number, values, errors) if not errors else None
            if errors:
                result.add_errors(errors)
            elif row is None:
                result.unchanged += 1
            else:
                if row.pk is None:
                    result.created += 1
                else:
                    result.updated += 1
                if not (stop_on_error and result.errors):
                    sink(row.pk, row.values)
                if self.sample is not None and len(self.sample) < SAMPLE_SIZE:
                    self.sample.append(row)
        result.total_rows = count
        self.progress(count, count, _("检查"))

    def _load_snapshot(self) -> None:
        """Every existing project's editable columns in one query, indexed by national code and (name, owner)."""
        attnames = ["id", "created", *EDITABLE, "longitude", "latitude"]
        self.snapshot: dict[int, dict] = {}
        self.by_code: dict[str, int] = {}
        self.by_name_owner: dict[tuple, list[int]] = defaultdict(list)
        for row in Project.objects.values_list(*attnames):
            record = dict(zip(attnames, row, strict=True))
            self.snapshot[record["id"]] = record
            if record["national_code"]:
                self.by_code[record["national_code"]] = record["id"]
            self.by_name_owner[(record["name"], record["owner"])].append(record["id"])

    def header(self, name: str) -> str:
        """The header of the column a field came from, as written in the file (its label when it came from none)."""
        name = FIELD_OF_ATTNAME.get(name, name)
        column = self.columns.get(name)
        return column.header if column else str(self.fields[name].label)

    def _code_error(self, code: str) -> str | None:
        """The validator's message for a bad national code; it is asked once per year and division, not per row."""
        match = NATIONAL_CODE_RE.match(code)
        key = (match["year"], match["division"]) if match else ("format", code)
        if key not in self._code_checks:
            try:
                validate_national_code(code)
                self._code_checks[key] = None
            except ValidationError as error:
                self._code_checks[key] = " ".join(error.messages)
        return self._code_checks[key]

    def _check_row(self, number: int, values: dict, errors: list[RowError]) -> PlannedRow | None:
        """Match and check one parsed row; append errors, return None when it would change nothing."""
        code = normalise_national_code(values.get("national_code"))
        if code is not None:
            problem = self._code_error(code)
            if problem:
                errors.append(RowError(number, self.header("national_code"), problem))
                return None
            values["national_code"] = code
        name, owner = values["name"], values["owner"]
        keys = [("name", name, owner)] + ([("code", code)] if code else [])
        for key in keys:
            if key in self.seen:
                errors.append(
                    RowError(
                        number,
                        self.header("national_code" if key[0] == "code" else "name"),
                        _("与第 %(row)s 行是同一个项目（%(by)s相同），一个项目只能出现一次。")
                        % {"row": self.seen[key], "by": _("项目代码") if key[0] == "code" else _("项目名称和建设单位")},
                    )
                )
                return None
        for key in keys:
            self.seen[key] = number
        pk = self._match(number, code, name, owner, errors)
        if errors:
            return None
        old = self.snapshot.get(pk)
        if old is None:
            for field_name, key in CREATE_REQUIRED_KEYS:
                if values.get(key) is None:
                    errors.append(RowError(number, self.header(field_name), _("新建项目时必填，不能为空。")))
            if errors:
                return None
        new = {**(old or NEW_DEFAULTS), **values}
        self._check_rules(number, new, old, errors)
        if errors:
            return None
        if old is not None and all(new[column] == old[column] for column in EDITABLE):
            return None
        return PlannedRow(number, new, pk)

    def _match(self, number, code, name, owner, errors) -> int | None:
        """The existing project this row is about: by national code, else by name and owner."""
        if code and code in self.by_code:
            return self.by_code[code]
        candidates = self.by_name_owner.get((name, owner), [])
        if len(candidates) > 1:
            errors.append(
                RowError(
                    number,
                    self.header("name"),
                    _("系统中有 %(count)s 个同名且同建设单位的项目，请填写项目代码以区分。")
                    % {"count": len(candidates)},
                )
            )
            return None
        if not candidates:
            return None
        existing_code = self.snapshot[candidates[0]]["national_code"]
        if code and existing_code and existing_code != code:
            errors.append(
                RowError(
                    number,
                    self.header("national_code"),
                    _("系统中同名同建设单位的项目代码为 %(existing)s，与本行的 %(code)s 不同。")
                    % {"existing": existing_code, "code": code},
                )
            )
            return None
        return candidates[0]

    def _check_rules(self, number: int, new: dict, old: dict | None, errors: list[RowError]) -> None:
        """The project's own rules: stages, non-negative money, Project.clean, and the importing user's scope."""
        if old is None and new["stage"] not in CREATABLE_STAGES:
            errors.append(
                RowError(
                    number,
                    self.header("stage"),
                    _("新建项目的阶段不能是「%(stage)s」。") % {"stage": Stage(new["stage"]).label},
                )
            )
        elif old is not None and new["stage"] != old["stage"]:
            shell = _shell(old)
            try:
                check_transition(shell, old["stage"], new["stage"], self.actor)
            except ValidationError as error:
                errors.append(RowError(number, self.header("stage"), " ".join(error.messages)))
            shell.stage = new["stage"]
            apply_stage_side_effects(shell, old["stage"])
            new["stage_before_pause"] = shell.stage_before_pause
        if new["total_investment"] < 0:
            errors.append(RowError(number, self.header("total_investment"), _("总投资不能为负数。")))
        shell = self._rules_shell
        shell.__dict__.update(new)
        try:
            shell.clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                errors.append(RowError(number, self.header(field_name), " ".join(messages)))
        if self.scope_ids is not None:
            outside = new["region_id"] not in self.scope_ids or (
                old is not None and old["region_id"] not in self.scope_ids
            )
            if outside:
                errors.append(
                    RowError(
                        number,
                        self.header("region"),
                        _("您只能导入本辖区（%(region)s）的项目。") % {"region": self.region_label},
                    )
                )


def _shell(values: dict) -> Project:
    """A Project carrying `values` without Model.__init__, so its clean() and the stage rules can be asked per row.

    Building full model instances would cost more than all the other checks together on a 100,000-row file.
    """
    project = Project.__new__(Project)
    project._state = ModelState()
    project.__dict__.update(values)
    return project


def _is_total_row(values: dict, cells: list) -> bool:
    """A 合计/总计 line summing the table up (in the name column or the first column), not a project."""
    for text in (values.get("name"), cells[0] if cells else None):
        # Only short texts can be such a word; checking the length first keeps 100,000 rows fast.
        if text.__class__ is str and len(text) <= TOTAL_ROW_MAX and normalise_key(text) in TOTAL_ROW_NAMES:
            return True
    return False
