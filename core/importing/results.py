"""What an import did: counts, and every rejected row with its row number, column and reason."""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

# A file with a broken column can produce an error on each of 200,000 rows: the first ones are kept to be shown,
# the rest only counted (settings.GONGJIAN_IMPORT_MAX_ERRORS).
MAX_ERRORS = 1_000


def max_errors() -> int:
    """How many error messages an import keeps to show."""
    return int(getattr(settings, "GONGJIAN_IMPORT_MAX_ERRORS", MAX_ERRORS))


class ImportFailed(Exception):
    """The whole file cannot be imported (unreadable, no header, a required column missing, a bad mapping)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass(frozen=True)
class RowError:
    """One problem in the file: the spreadsheet's own row number, the column header as written there, and why.

    `kind` is empty for a plain error; otherwise the row is a question the user may confirm (see CONFIRMABLE),
    and `old` / `new` show the system's value beside the file's where a figure would change.
    """

    row: int
    column: str
    reason: str
    kind: str = ""
    old: str = ""
    new: str = ""

    def __str__(self):
        if not self.column:  # the whole row, or a field the file has no column for (the reason names it)
            return _("第 %(row)s 行：%(reason)s") % {"row": self.row, "reason": self.reason}
        return _("第 %(row)s 行「%(column)s」列：%(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class ImportResult:
    """The outcome of one run; `written` is False for a dry run and for an all-or-nothing run that found errors.

    `skipped_rows` says why each row that is not a record (合计, headings, notes) was skipped; `flags` lists the
    questions the user confirmed (large changes, near duplicates, district moves), which unconfirmed are errors;
    `changes` shows old → new for each changed field of updated records (the first CHANGES_LIMIT of them).
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # total lines and other rows that are not records, and older reports of the same record
    errors: list[RowError] = field(default_factory=list)
    skipped_rows: list[RowError] = field(default_factory=list)
    flags: list[RowError] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    valid_rows_only: bool = False
    total_rows: int = 0
    dropped_errors: int = 0  # errors beyond the kept ones: counted, not listed
    dropped_rows: int = 0  # rejected rows none of whose errors was kept
    _dropped_row_numbers: set = field(default_factory=set, repr=False, compare=False)

    def add_error(self, error: RowError) -> None:
        """Record a problem; past `max_errors()` kept messages it is only counted."""
        if len(self.errors) < max(1, max_errors()):
            self.errors.append(error)
            return
        self.dropped_errors += 1
        # A row's errors come one after another: a row whose first errors were kept is already counted.
        if error.row not in self._dropped_row_numbers and error.row != self.errors[-1].row:
            self._dropped_row_numbers.add(error.row)
            self.dropped_rows += 1

    def add_errors(self, errors) -> None:
        for error in errors:
            self.add_error(error)

    @property
    def rejected_rows(self) -> list[int]:
        """Row numbers with at least one kept error, in file order."""
        return sorted({error.row for error in self.errors})

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows) + self.dropped_rows

    def dropped_note(self) -> str:
        """A line saying how many messages are not listed, or ''."""
        if not self.dropped_errors:
            return ""
        return _("只列出前 %(kept)s 条错误，另有 %(more)s 条未列出。") % {
            "kept": len(self.errors),
            "more": self.dropped_errors,
        }

    def summary(self) -> str:
        """One line for the command line and the web page."""
        if self.dry_run:
            prefix = _("试运行（未写入）")
        elif self.written:
            prefix = _("已写入")
        else:
            prefix = _("未写入（有错误，全部或全不模式）")
        return _("%(prefix)s：新建 %(created)s，更新 %(updated)s，未变 %(unchanged)s，拒绝 %(rejected)s 行。") % {
            "prefix": prefix,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    def as_dict(self) -> dict:
        """JSON-ready form, kept on an import job for the web page."""
        data = asdict(self)
        data.pop("_dropped_row_numbers")
        data["rejected"] = self.rejected
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ImportResult":
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and not k.startswith("_")}
        for name in ("errors", "skipped_rows", "flags"):
            data[name] = [RowError(**error) for error in data.get(name, [])]
        return cls(**data)

    @property
    def questions(self) -> list[RowError]:
        """The errors the user could resolve by confirming (large changes, near duplicates, district moves)."""
        return [error for error in self.errors if error.kind]

    def question_kinds(self) -> list[str]:
        """The kinds of confirmation this result asks for, flagged or still unconfirmed, in a stable order."""
        kinds = {item.kind for item in [*self.flags, *self.errors] if item.kind}
        return [kind for kind in CONFIRMABLE if kind in kinds]


# What an import may ask the user to confirm instead of deciding itself.
CONFIRMABLE = ("large_change", "near_duplicate", "region_move")
