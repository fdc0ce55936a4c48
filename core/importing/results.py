"""What an import did: counts, and every rejected row with its row number, column and reason."""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _


class ImportFailed(Exception):
    """The whole file cannot be imported (unreadable, no header, a required column missing, a bad mapping)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass(frozen=True)
class RowError:
    """One problem in the file: the spreadsheet's own row number, the column header as written there, and why."""

    row: int
    column: str
    reason: str

    def __str__(self):
        return _("第 %(row)s 行「%(column)s」列：%(reason)s") % {
            "row": self.row,
            "column": self.column or _("（整行）"),
            "reason": self.reason,
        }


@dataclass
class ImportResult:
    """The outcome of one run; `written` is False for a dry run and for an all-or-nothing run that found errors."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # total lines and other rows that are not records
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    valid_rows_only: bool = False
    total_rows: int = 0

    @property
    def rejected_rows(self) -> list[int]:
        """Row numbers with at least one error, in file order."""
        return sorted({error.row for error in self.errors})

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

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
        data["rejected"] = self.rejected
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ImportResult":
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["errors"] = [RowError(**error) for error in data.get("errors", [])]
        return cls(**data)
