"""Import modes: what an import does with its valid rows when some rows are rejected, stated once.

The command's `--valid-rows-only`, the project upload's and the monthly upload's mode choice, the importers and the
result all read this definition; a code-scan test (core/tests/test_rules.py) refuses the modes' literals elsewhere.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ImportMode(models.TextChoices):
    """All or nothing (the default), or write the valid rows and list the rejected ones."""

    ALL_OR_NOTHING = "all", gettext_lazy("全部或全不：只要有一行有错，就一行也不写入")
    VALID_ROWS = "valid", gettext_lazy("只写入无误的行：有错的行拒绝，其余照常写入")


DEFAULT_MODE = ImportMode.ALL_OR_NOTHING


def mode_of(valid_rows_only: bool) -> ImportMode:
    """The mode a `valid_rows_only` flag (the command's option, an importer's argument) stands for."""
    return ImportMode.VALID_ROWS if valid_rows_only else ImportMode.ALL_OR_NOTHING


def keeps_valid_rows(mode: str) -> bool:
    """Whether valid rows are written although others are rejected; the flag importers take."""
    return parse_mode(mode) == ImportMode.VALID_ROWS


def writes(mode: str, has_errors: bool) -> bool:
    """Whether an import (not a dry run) writes: always without errors; with errors only in valid-rows mode."""
    return not has_errors or keeps_valid_rows(mode)


def parse_mode(value) -> ImportMode:
    """A mode from a form, a job's metadata or a caller; a clear message naming the accepted values otherwise."""
    if value in ImportMode.values:
        return ImportMode(value)
    raise ValidationError(
        _("导入方式「%(mode)s」无效，可用：%(modes)s。") % {"mode": value, "modes": "、".join(ImportMode.values)}
    )
