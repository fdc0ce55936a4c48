"""Import mappings: a small TOML file telling the importer how a foreign layout maps onto the system's fields.

A mapping names the sheet and header depth, which column (or list of alternative headers, or a template such as
"{Project Name}（{PID}）") feeds each field, the unit of each money column, the currency and its rate to yuan, a
date format, value maps (Manhattan → 210802, Design → 前期, "*" for any other value), defaults for absent
columns, and how to keep one row per record when a file repeats records (NYC reports each project 15 times).
Without a mapping, headers are recognised through each field's Chinese and English synonyms.
"""

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from core.importing.cells import CellError, normalise_key, unit_factor
from core.importing.results import ImportFailed

TOP_LEVEL_KEYS = {
    "sheet",
    "header_rows",
    "skip_rows",
    "currency",
    "rate_to_cny",
    "date_format",
    "columns",
    "units",
    "values",
    "defaults",
    "dedupe",
    "external_key",
    "large_change_factor",
    "description",
}
DEDUPE_KEEP = ("latest_row", "latest_values")
YUAN_CURRENCIES = {"CNY", "RMB", "人民币"}


class MappingError(ImportFailed):
    """The mapping file is malformed or does not fit the file being imported."""


@dataclass
class Dedupe:
    """Keep one row per `key` (source headers), ordered by the `latest` date (else file order).

    `keep = "latest_row"` keeps the latest row as it stands; "latest_values" takes, column by column, the latest
    non-blank value, so a record whose last report left a figure blank keeps the figure it reported before.
    """

    key: list[str]
    latest: str | None = None
    keep: str = "latest_row"


@dataclass
class ExternalKey:
    """The source's own id of a record (NYC's PID, a city's 项目编号): `column` (a header or template) under `source`.

    An import stores it as "source:id" and matches on it before the national code or the name.
    """

    source: str
    column: str


@dataclass
class Mapping:
    """A validated mapping; the empty Mapping() means "recognise headers by their synonyms"."""

    sheet: str | int | None = None
    header_rows: int | None = None
    skip_rows: int = 0
    currency: str = "CNY"
    rate_to_cny: Decimal | None = None
    date_format: str | tuple[str, ...] | None = None
    columns: dict[str, list[str]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    dedupe: Dedupe | None = None
    external_key: ExternalKey | None = None
    large_change_factor: Decimal | None = None  # an update changing a figure by this factor or more is asked about
    description: str = ""

    def to_toml(self) -> str:
        """The mapping written back as TOML, e.g. to offer the web page's choices as a file for the command line."""
        lines = [f"description = {_toml_value(self.description)}"] if self.description else []
        for key in ("sheet", "header_rows", "currency", "date_format"):
            value = getattr(self, key)
            if value is not None and not (key == "currency" and value == "CNY"):
                lines.append(f"{key} = {_toml_value(value)}")
        if self.skip_rows:
            lines.append(f"skip_rows = {self.skip_rows}")
        if self.rate_to_cny is not None:
            lines.append(f'rate_to_cny = "{self.rate_to_cny}"')
        if self.large_change_factor is not None:
            lines.append(f'large_change_factor = "{self.large_change_factor}"')
        for table in ("columns", "units", "defaults"):
            entries = getattr(self, table)
            if entries:
                lines += ["", f"[{table}]"]
                lines += [f"{name} = {_toml_value(value)}" for name, value in entries.items()]
        for name, table in self.values.items():
            lines += ["", f"[values.{name}]"]
            lines += [f"{_toml_value(source)} = {_toml_value(target)}" for source, target in table.items()]
        if self.dedupe:
            lines += ["", "[dedupe]", f"key = {_toml_value(self.dedupe.key)}"]
            if self.dedupe.latest:
                lines.append(f"latest = {_toml_value(self.dedupe.latest)}")
            if self.dedupe.keep != "latest_row":
                lines.append(f"keep = {_toml_value(self.dedupe.keep)}")
        if self.external_key:
            lines += ["", "[external_key]", f"source = {_toml_value(self.external_key.source)}"]
            lines.append(f"column = {_toml_value(self.external_key.column)}")
        return "\n".join(lines) + "\n"


def _toml_value(value) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def load_mapping(source, fields: dict | None = None) -> Mapping:
    """Read and check a mapping from a path, TOML text or a dict; `fields` (name → field) limits target names."""
    if isinstance(source, Path) or (isinstance(source, str) and source.endswith(".toml") and "\n" not in source):
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as error:
            raise MappingError(
                _("无法读取映射文件「%(path)s」：%(error)s") % {"path": source, "error": error}
            ) from error
    else:
        text = source
    if isinstance(text, str):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise MappingError(_("映射文件不是有效的 TOML：%(error)s") % {"error": error}) from error
    else:
        data = dict(text)
    return _validate(data, fields)


def _fail(message, **params):
    raise MappingError(message % params)


def _field_names(section: str, table, fields) -> None:
    if not isinstance(table, dict):
        _fail(_("映射中的 [%(section)s] 应为一个表。"), section=section)
    if fields is not None:
        unknown = [name for name in table if name not in fields]
        if unknown:
            _fail(
                _("映射的 [%(section)s] 中有未知字段：%(unknown)s；可用字段：%(known)s。"),
                section=section,
                unknown="、".join(unknown),
                known="、".join(fields),
            )


def _validate(data: dict, fields: dict | None) -> Mapping:
    unknown = sorted(set(data) - TOP_LEVEL_KEYS)
    if unknown:
        _fail(
            _("映射中有未知的设置：%(unknown)s；可用：%(known)s。"),
            unknown="、".join(unknown),
            known="、".join(sorted(TOP_LEVEL_KEYS)),
        )
    mapping = Mapping(description=str(data.get("description", "")))
    if "sheet" in data:
        if not isinstance(data["sheet"], str | int) or isinstance(data["sheet"], bool):
            _fail(_("sheet 应为工作表名称或从 0 起的序号。"))
        mapping.sheet = data["sheet"]
    for key, low, high in (("header_rows", 1, 5), ("skip_rows", 0, 1000)):
        if key in data:
            value = data[key]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                _fail(_("%(key)s 应为 %(low)s 到 %(high)s 之间的整数。"), key=key, low=low, high=high)
            setattr(mapping, key, value)
    if "date_format" in data:
        formats = data["date_format"]
        formats = [formats] if isinstance(formats, str) else formats
        if not isinstance(formats, list) or not formats or not all(isinstance(f, str) and "%" in f for f in formats):
            _fail(_('date_format 应为 strptime 格式或格式的列表，如 "%%m/%%d/%%Y"。'))
        mapping.date_format = formats[0] if len(formats) == 1 else tuple(formats)
    currency = str(data.get("currency", "CNY")).strip().upper() or "CNY"
    mapping.currency = currency
    if "rate_to_cny" in data:
        try:
            rate = Decimal(str(data["rate_to_cny"]))
        except InvalidOperation:
            rate = Decimal(0)
        if not rate.is_finite() or rate <= 0:
            _fail(_("rate_to_cny 应为正数（1 单位外币折合多少元人民币）。"))
        mapping.rate_to_cny = rate
    elif currency not in YUAN_CURRENCIES:
        _fail(_("币种为 %(currency)s 时必须给出 rate_to_cny（1 %(currency)s 折合多少元人民币）。"), currency=currency)
    if "large_change_factor" in data:
        try:
            factor = Decimal(str(data["large_change_factor"]))
        except InvalidOperation:
            factor = Decimal(0)
        if not factor.is_finite() or factor <= 1:
            _fail(_("large_change_factor 应为大于 1 的数（金额变化达到这个倍数时须确认），如 10。"))
        mapping.large_change_factor = factor
    columns = data.get("columns", {})
    _field_names("columns", columns, fields)
    for name, source in columns.items():
        sources = [source] if isinstance(source, str) else source
        if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s.strip() for s in sources):
            _fail(_("映射中 columns.%(name)s 应为表头名称或表头名称的列表。"), name=name)
        mapping.columns[name] = [s.strip() for s in sources]
    units = data.get("units", {})
    _field_names("units", units, fields)
    for name, unit in units.items():
        try:
            unit_factor(str(unit))
        except CellError as error:
            _fail(_("映射中 units.%(name)s：%(reason)s"), name=name, reason=error.reason)
        if fields is not None and getattr(fields[name], "kind", "money") != "money":
            _fail(_("映射中 units.%(name)s：该字段不是金额。"), name=name)
        mapping.units[name] = str(unit).strip()
    values = data.get("values", {})
    _field_names("values", values, fields)
    for name, table in values.items():
        if not isinstance(table, dict) or not all(isinstance(v, str | int) for v in table.values()):
            _fail(_("映射中 [values.%(name)s] 应为「原值 = 系统值」的表。"), name=name)
        mapping.values[name] = {str(k): str(v) for k, v in table.items()}
    defaults = data.get("defaults", {})
    _field_names("defaults", defaults, fields)
    mapping.defaults = {name: str(value) for name, value in defaults.items()}
    if "dedupe" in data:
        dedupe = data["dedupe"]
        key = dedupe.get("key") if isinstance(dedupe, dict) else None
        key = [key] if isinstance(key, str) else key
        if not key or not all(isinstance(k, str) for k in key):
            _fail(_("映射中 [dedupe] 须有 key（识别同一记录的表头，或表头列表）。"))
        latest = dedupe.get("latest")
        if latest is not None and not isinstance(latest, str):
            _fail(_("映射中 dedupe.latest 应为日期列的表头。"))
        keep = dedupe.get("keep", "latest_row")
        if keep not in DEDUPE_KEEP:
            _fail(
                _(
                    "映射中 dedupe.keep 应为 %(allowed)s 之一："
                    "latest_row 保留最新的一行，latest_values 逐列取最新的非空值。"
                ),
                allowed="、".join(DEDUPE_KEEP),
            )
        mapping.dedupe = Dedupe(key=key, latest=latest, keep=keep)
    if "external_key" in data:
        table = data["external_key"]
        if not isinstance(table, dict) or set(table) - {"source", "column"}:
            _fail(_("映射中 [external_key] 应只有 source（来源名称）和 column（编号所在的列）。"))
        source, column = table.get("source"), table.get("column")
        if not (isinstance(source, str) and source.strip() and ":" not in source):
            _fail(_('映射中 external_key.source 应为来源的名称（不含冒号），如 "NYC" 或 "营口市项目库"。'))
        if not (isinstance(column, str) and column.strip()):
            _fail(_("映射中 external_key.column 应为编号所在列的表头。"))
        mapping.external_key = ExternalKey(source=source.strip(), column=column.strip())
    return mapping


def value_lookup(table: dict[str, str]) -> dict[str, str]:
    """A mapping's value map keyed the way cells are compared (folded, no spaces, case-insensitive)."""
    return {normalise_key(source): target for source, target in table.items()}
