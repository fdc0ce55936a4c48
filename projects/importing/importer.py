"""Importing projects from a spreadsheet: parse, check against the project rules, match, write in one transaction.

Rows are checked in plain Python against one snapshot of the existing projects (one query), so a 100,000-row
list is checked in seconds; the project rules themselves are not restated here but called: the national-code
validator, `Project.clean` (date order, started stages need a start date) and the stage machine.

A row updates the project with its external key (the source's own id, when the mapping declares one), else its
national code, else the one with its name and owner in the same district, names and owners compared in a
normalised form (core.importing.matching); otherwise it creates a project. What the import cannot decide is asked,
never guessed: a name one character away from an existing project's, a project of the same name and owner in
another district, a move to another district, and a figure that changes by LARGE_CHANGE_FACTOR or more are
questions that block the row until the user confirms them (`confirm`). Rows that are not projects (合计, headings,
notes) are skipped with their reason. Blank cells never clear what the system already holds, and a row that
changes nothing is not written, so importing the same file twice changes nothing the second time.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.base import ModelState
from django.utils.translation import gettext as _

from core.importing.cells import normalise_key
from core.importing.mapping import Mapping, MappingError, load_mapping
from core.importing.matching import NearIndex, match_key
from core.importing.modes import mode_of, writes
from core.importing.nonrecords import non_record_reason
from core.importing.reader import read_table
from core.importing.results import CONFIRMABLE, ImportFailed, ImportResult, RowError
from core.importing.rows import (
    Column,
    Field,
    RowParser,
    _header_index,
    _template,
    dedupe_rows,
    paused_gc,
    resolve_columns,
)
from core.models import Department, Region, User
from core.money import format_money
from core.permissions import ADD, region_ids, role_allows
from projects.choices import Industry, Stage
from projects.importing.fields import CREATE_REQUIRED, project_fields
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
CHANGES_LIMIT = 2000  # updated projects whose old → new values the result keeps for the page
CREATABLE_STAGES = frozenset(str(stage) for stage in INITIAL_STAGES)
# A figure that grows or shrinks by this factor or more (a 万元/元 or 亿元/万元 slip is 10,000×) is asked about.
LARGE_CHANGE_FACTOR = Decimal(10)
MONEY_COLUMNS = ("total_investment",)
EXTERNAL_ID = "external_id"  # the parsed field holding the source's own id, before its source is prefixed

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
    confirm: Iterable[str] = (),
) -> ImportResult:
    """Import a project list (path or file object); see ProjectImport. Raises ImportFailed for a file-level problem.

    `sample`, when given, receives the first SAMPLE_SIZE rows to write (PlannedRow), for the web preview.
    `confirm` names the kinds of question (CONFIRMABLE) the user has confirmed; the others reject their rows.
    """
    importer = ProjectImport(
        source, mapping=mapping, filename=filename, sheet=sheet, user=user, progress=progress, confirm=confirm
    )
    importer.sample = sample
    return importer.run(dry_run=dry_run, valid_rows_only=valid_rows_only)


class ProjectImport:
    """One import run: the file, its mapping, who runs it (None: the system, from the command line)."""

    def __init__(self, source, *, mapping=None, filename=None, sheet=None, user=None, progress=None, confirm=()):
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
        # The regions the policy lets this user add projects in (None: all); matching looks only within them.
        ids = region_ids(self.actor, Project, ADD)
        self.scope_ids = None if ids is None else set(ids)
        self._code_checks: dict[tuple, str | None] = {}
        self.region_label = str(self.actor.region or "") if self.scope_ids is not None else ""
        self._rules_shell = _shell(NEW_DEFAULTS)  # refilled for each row: every row sets all editable columns
        self.sample: list | None = None
        unknown = set(confirm) - set(CONFIRMABLE)
        if unknown:
            raise ImportFailed(_("未知的确认项：%(kinds)s。") % {"kinds": "、".join(sorted(unknown))})
        self.confirm = frozenset(confirm)
        self.change_factor = mapping.large_change_factor or LARGE_CHANGE_FACTOR

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
            if not writes(mode_of(valid_rows_only), bool(result.errors)):
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
        fields = self.fields
        if self.mapping.external_key:
            fields = {**fields, EXTERNAL_ID: self._external_field(table.headers)}
        # A header may feed several fields (NYC's Design Start is both 计划开工 and 实际开工).
        self.fields_of_header: dict[str, set[str]] = defaultdict(set)
        for name, column in self.columns.items():
            self.fields_of_header[column.header].add(ATTNAME.get(name, name))
        parser = RowParser(fields, self.columns, self.mapping, keys=ATTNAME)
        rows = table.rows
        total = table.estimated_rows
        if self.mapping.dedupe:
            rows, dropped = dedupe_rows(rows, table.headers, self.mapping)
            result.skipped += dropped
            total = len(rows)
        self._load_snapshot()
        self.result = result
        self.seen: dict[tuple, int] = {}
        self.progress(0, total, _("检查"))
        count = 0
        for number, cells, values, errors in parser.parse_rows(rows):
            count += 1
            if count % PROGRESS_EVERY == 0:
                self.progress(count, total, _("检查"))
            reason = non_record_reason(cells, values.get("name"), owner_blank=values.get("owner") is None)
            if reason is not None:
                result.skipped += 1
                result.skipped_rows.append(RowError(number, "", reason))
                continue
            row = self._check_row(number, values, errors)
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

    def _external_field(self, headers: list[str]) -> Field:
        """The column holding the source's own id, as the mapping's [external_key] names it (a header or template)."""
        declared = self.mapping.external_key.column
        if "{" in declared:
            column = _template(declared, headers, _header_index(headers))
        else:
            position = _header_index(headers).get(normalise_key(declared))
            if position is None:
                raise MappingError(
                    _("映射 external_key.column 的列「%(name)s」在文件中不存在；文件的表头：%(headers)s。")
                    % {"name": declared, "headers": "、".join(h for h in headers if h)}
                )
            column = Column(header=headers[position], index=position)
        self.columns[EXTERNAL_ID] = column
        return Field(EXTERNAL_ID, _("外部编号"), max_length=100)

    def _load_snapshot(self) -> None:
        """Every existing project's editable columns in one query, indexed by its keys for matching.

        Names and owners are indexed in their normalised form (match_key); the near-miss indexes are built only
        when a row creates a project (a re-import of known projects never needs them).
        """
        attnames = ["id", "created", *EDITABLE, "longitude", "latitude"]
        self.snapshot: dict[int, dict] = {}
        self.by_code: dict[str, int] = {}
        self.by_external: dict[str, int] = {}
        self.by_name_owner: dict[tuple, list[int]] = defaultdict(list)
        self._near: tuple[NearIndex, NearIndex] | None = None  # built when a new row first needs it
        for row in Project.objects.values_list(*attnames):
            record = dict(zip(attnames, row, strict=True))
            pk = record["id"]
            self.snapshot[pk] = record
            if record["national_code"]:
                self.by_code[record["national_code"]] = pk
            if record["external_key"]:
                self.by_external[record["external_key"]] = pk
            self.by_name_owner[(match_key(record["name"]), match_key(record["owner"]))].append(pk)
        self._region_names = dict(Region.objects.values_list("pk", "name"))
        self._department_names = dict(Department.objects.values_list("pk", "name"))

    def header(self, name: str) -> str:
        """The header of the column a field came from, as written in the file; "" when the file has no such column."""
        name = FIELD_OF_ATTNAME.get(name, name)
        column = self.columns.get(name)
        return column.header if column else ""

    def label(self, name: str) -> str:
        """The field's own label (总投资（万元）), for messages about a field the file has no column for."""
        name = FIELD_OF_ATTNAME.get(name, name)
        return str(self.fields[name].label) if name in self.fields else name

    def _error(self, number: int, name: str, reason: str, **extra) -> RowError:
        """A row's problem with a field, naming the file's column, or the field when the file has no such column."""
        header = self.header(name)
        if not header:
            reason = _("%(reason)s（文件中没有「%(field)s」列）。") % {
                "reason": reason.rstrip("。"),
                "field": self.label(name),
            }
        return RowError(number, header, reason, **extra)

    def _ask(self, number: int, name: str, kind: str, reason: str, errors: list[RowError], **extra) -> None:
        """A question only the user can answer: flagged when `kind` is confirmed, else the row is rejected."""
        question = self._error(number, name, reason, kind=kind, **extra)
        if kind in self.confirm:
            self.result.flags.append(question)
        else:
            errors.append(question)

    def visible(self, pk: int) -> bool:
        """Whether the importing user may see this project (a district operator sees only their region's)."""
        return self.scope_ids is None or self.snapshot[pk]["region_id"] in self.scope_ids

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
        """Match and check one parsed row; append every problem it has, return None when it would change nothing.

        `errors` arrives with the cells that could not be read; the checks that do not depend on those cells
        still run, so the clerk sees all of a row's problems at once.
        """
        failed = {name for error in errors for name in self.fields_of_header.get(error.column, ())}
        code = normalise_national_code(values.get("national_code"))
        if code is not None:
            problem = self._code_error(code)
            if problem:
                errors.append(self._error(number, "national_code", problem))
                code = None
                failed.add("national_code")
                values.pop("national_code")
            else:
                values["national_code"] = code
        external = values.pop(EXTERNAL_ID, None)
        if external is not None:
            external = f"{self.mapping.external_key.source}:{external}"
            values["external_key"] = external
        name, owner = values.get("name"), values.get("owner")
        if name is None or owner is None:  # unreadable or blank: no matching, but the row's other rules are checked
            self._check_rules(number, {**NEW_DEFAULTS, **values}, None, errors, failed, creating=False)
            return None
        name_key, owner_key = match_key(name), match_key(owner)
        keys = self._identity(values, code, external, name_key, owner_key)
        for key in keys:
            if key in self.seen:
                by = {"external": _("外部编号"), "code": _("项目代码")}.get(key[0], _("项目名称、建设单位和所属地区"))
                errors.append(
                    self._error(
                        number,
                        {"external": EXTERNAL_ID, "code": "national_code"}.get(key[0], "name"),
                        _("与第 %(row)s 行是同一个项目（%(by)s相同），一个项目只能出现一次。")
                        % {"row": self.seen[key], "by": by},
                    )
                )
                return None
        for key in keys:
            self.seen[key] = number
        asked = len(errors)
        pk = self._match(number, values, code, external, name_key, owner_key, errors)
        if len(errors) > asked:  # not known which project this is: only the rules that hold for any row
            self._check_rules(number, {**NEW_DEFAULTS, **values}, None, errors, failed, creating=False)
            return None
        old = self.snapshot.get(pk)
        if old is None:
            for field_name, key in CREATE_REQUIRED_KEYS:
                if values.get(key) is None and key not in failed:
                    errors.append(self._error(number, field_name, _("新建项目时必填，不能为空。")))
                    failed.add(key)
        new = {**(old or NEW_DEFAULTS), **values}
        self._check_rules(number, new, old, errors, failed)
        if old is not None:
            changed = [column for column in EDITABLE if new[column] != old[column]]
            if not changed:
                return None
            self._flag_large_changes(number, new, old, errors)
            if errors:
                return None
            self._record_changes(number, pk, new, old, changed)
        if errors:
            return None
        return PlannedRow(number, new, pk)

    def _identity(self, values: dict, code, external, name_key: str, owner_key: str) -> list[tuple]:
        """The keys by which a row names its project, to catch the same project twice in one file.

        With an external key, that key alone names the record (a source may repeat names); names and owners are
        compared normalised and within a district, since the same name in another district is another project.
        """
        if external is not None:
            return [("external", external)]
        keys = [("name", name_key, owner_key, values.get("region_id"))]
        if code:
            keys.append(("code", code))
        return keys

    def _match(self, number: int, values: dict, code, external, name_key: str, owner_key: str, errors) -> int | None:
        """The existing project this row is about: by external key, national code, else name and owner in its district.

        Returns None for a new project. A district operator's rows never learn anything about projects outside
        their region beyond the fact that a key is taken.
        """
        region = values.get("region_id")
        for key, index, field_name in (
            (external, self.by_external, EXTERNAL_ID),
            (code, self.by_code, "national_code"),
        ):
            pk = index.get(key) if key else None
            if pk is None:
                continue
            if not self.visible(pk):
                errors.append(
                    self._error(number, field_name, _("该编号已属于您辖区之外的项目，不能由您导入；请与市发改委核对。"))
                )
                return None
            other_external = self.snapshot[pk]["external_key"]
            if external and other_external and other_external != external:
                errors.append(
                    self._error(
                        number,
                        field_name,
                        _("系统中该项目代码的项目来自另一条外部记录（%(other)s），与本行的 %(key)s 不同。")
                        % {"other": other_external, "key": external},
                    )
                )
                return None
            self._check_move(number, pk, region, errors)
            return pk
        candidates = [
            pk
            for pk in self.by_name_owner.get((name_key, owner_key), ())
            if self.visible(pk) and not (external and self.snapshot[pk]["external_key"])
        ]
        same = [pk for pk in candidates if region is None or self.snapshot[pk]["region_id"] == region]
        if len(same) > 1:
            errors.append(
                self._error(
                    number,
                    "name",
                    _("系统中有 %(count)s 个同名且同建设单位的项目，请填写项目代码或所属地区以区分。")
                    % {"count": len(same)},
                )
            )
            return None
        if same:
            pk = same[0]
            existing_code = self.snapshot[pk]["national_code"]
            if code and existing_code and existing_code != code:
                errors.append(
                    self._error(
                        number,
                        "national_code",
                        _("系统中同名同建设单位的项目代码为 %(existing)s，与本行的 %(code)s 不同。")
                        % {"existing": existing_code, "code": code},
                    )
                )
                return None
            return pk
        if candidates:  # the same name and owner, but in another district: another project, unless the user says
            others = "、".join(
                sorted({self._region_names.get(self.snapshot[pk]["region_id"], "") for pk in candidates})
            )
            self._ask(
                number,
                "region",
                "near_duplicate",
                _(
                    "系统中「%(region)s」已有同名同建设单位的项目；不同县区的项目视为不同项目，确认后将在本行的"
                    "县区新建。如是同一项目，请填写项目代码。"
                )
                % {"region": others},
                errors,
            )
            return None
        self._check_near(number, region, name_key, owner_key, errors)
        return None

    def _check_move(self, number: int, pk: int, region: int | None, errors: list[RowError]) -> None:
        """A row that puts its project in another district moves it only when the user confirms the move."""
        current = self.snapshot[pk]["region_id"]
        if region is None or region == current:
            return
        self._ask(
            number,
            "region",
            "region_move",
            _("该项目在系统中属于「%(old)s」，本行为「%(new)s」；确认后项目将移到「%(new)s」。")
            % {"old": self._region_names.get(current, ""), "new": self._region_names.get(region, "")},
            errors,
            old=self._region_names.get(current, ""),
            new=self._region_names.get(region, ""),
        )

    def _check_near(self, number: int, region, name_key: str, owner_key: str, errors: list[RowError]) -> None:
        """A new row one character away from a project of its district (in name or owner) may be a duplicate."""
        if region is None or not self.snapshot:
            return
        names, owners = self._near_indexes()
        near = [
            pk
            for pk in [*names.near((region, owner_key), name_key), *owners.near((region, name_key), owner_key)]
            if self.visible(pk)
        ]
        if not near:
            return
        record = self.snapshot[near[0]]
        self._ask(
            number,
            "name",
            "near_duplicate",
            _(
                "可能与系统中的项目「%(name)s」（建设单位：%(owner)s）重复，名称或建设单位只差一个字。"
                "如是同一项目，请改用系统中的名称或填写项目代码；如确是另一个项目，确认后新建。"
            )
            % {"name": record["name"], "owner": record["owner"]},
            errors,
        )

    def _near_indexes(self) -> tuple[NearIndex, NearIndex]:
        """Names by (district, owner) and owners by (district, name), to find near misses within a district."""
        if self._near is None:
            names, owners = NearIndex(), NearIndex()
            for (name_key, owner_key), pks in self.by_name_owner.items():
                for pk in pks:
                    region = self.snapshot[pk]["region_id"]
                    names.add((region, owner_key), name_key, pk)
                    owners.add((region, name_key), owner_key, pk)
            self._near = (names, owners)
        return self._near

    def _flag_large_changes(self, number: int, new: dict, old: dict, errors: list[RowError]) -> None:
        """A figure that changes by the change factor or more (or to zero) is shown old beside new and confirmed."""
        factor = self.change_factor
        for column in MONEY_COLUMNS:
            before, after = old[column], new[column]
            if before == after or not before:
                continue
            if after == 0 or after >= before * factor or after * factor <= before:
                self._ask(
                    number,
                    column,
                    "large_change",
                    _(
                        "「%(name)s」的%(field)s从 %(old)s 变为 %(new)s（万元），变化达 %(factor)s 倍以上，"
                        "请核对单位后确认。"
                    )
                    % {
                        "name": new["name"],
                        "field": self.label(column),
                        "old": _money(before),
                        "new": _money(after),
                        "factor": _money(factor).removesuffix(".00"),
                    },
                    errors,
                    old=_money(before),
                    new=_money(after),
                )

    def _record_changes(self, number: int, pk: int, new: dict, old: dict, changed: list[str]) -> None:
        """Old → new of every changed field of an updated project, for the preview and the result."""
        if len(self.result.changes) >= CHANGES_LIMIT:
            return
        fields = [
            {
                "field": self.label(column),
                "old": self.display(column, old[column]),
                "new": self.display(column, new[column]),
            }
            for column in changed
            if column != "stage_before_pause"
        ]
        self.result.changes.append({"row": number, "pk": pk, "name": new["name"], "fields": fields})

    def display(self, column: str, value) -> str:
        """A stored value as the pages show it: names for regions and departments, labels for choices."""
        if value is None or value == "":
            return ""
        if column == "region_id":
            return self._region_names.get(value, str(value))
        if column == "responsible_department_id":
            return self._department_names.get(value, str(value))
        if column in ("stage", "stage_before_pause"):
            return str(Stage(value).label)
        if column == "industry":
            return str(Industry(value).label)
        if isinstance(value, Decimal):
            return _money(value)
        return str(value)

    def _check_rules(
        self, number: int, new: dict, old: dict | None, errors: list[RowError], failed=frozenset(), creating=True
    ) -> None:
        """The project's own rules: stages, non-negative money, Project.clean, and the importing user's scope.

        Fields whose cells could not be read (`failed`) are not judged again; `creating` False skips the rule
        on a new project's first stage (for a row that could not be matched at all).
        """
        if old is None and new["stage"] not in CREATABLE_STAGES and creating and "stage" not in failed:
            errors.append(
                self._error(
                    number,
                    "stage",
                    _("新建项目的阶段不能是「%(stage)s」。") % {"stage": Stage(new["stage"]).label},
                )
            )
        elif old is not None and new["stage"] != old["stage"]:
            shell = _shell(old)
            try:
                check_transition(shell, old["stage"], new["stage"], self.actor)
            except ValidationError as error:
                errors.append(self._error(number, "stage", " ".join(error.messages)))
            shell.stage = new["stage"]
            apply_stage_side_effects(shell, old["stage"])
            new["stage_before_pause"] = shell.stage_before_pause
        if (new.get("total_investment") or 0) < 0:
            errors.append(self._error(number, "total_investment", _("总投资不能为负数。")))
        shell = self._rules_shell
        shell.__dict__.update(new)
        try:
            shell.clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                if field_name not in failed:
                    errors.append(self._error(number, field_name, " ".join(messages)))
        if self.scope_ids is not None and new.get("region_id") is not None:
            outside = new["region_id"] not in self.scope_ids or (
                old is not None and old["region_id"] not in self.scope_ids
            )
            if outside and "region_id" not in failed:
                errors.append(
                    self._error(
                        number,
                        "region",
                        _("您只能导入本辖区（%(region)s）的项目。") % {"region": self.region_label},
                    )
                )


_money = format_money  # an amount in 万元 with thousands separators, as the pages print it


def _shell(values: dict) -> Project:
    """A Project carrying `values` without Model.__init__, so its clean() and the stage rules can be asked per row.

    Building full model instances would cost more than all the other checks together on a 100,000-row file.
    """
    project = Project.__new__(Project)
    project._state = ModelState()
    project.__dict__.update(values)
    return project
