"""From headers and raw rows to field values: which column feeds which field, and each row parsed or rejected.

An importer describes its fields once (`Field`: label, synonyms, kind, required); `resolve_columns` finds them in
a file's headers (through the mapping, else the synonyms), and `RowParser` turns each row into a dict of values
plus a `RowError` for every cell that could not be read, naming the header as it is written in the file.
"""

import datetime as dt
import gc
import re
import string
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _

from core.importing.cells import (
    BLANK_MARKS,
    CellError,
    choice_lookup,
    error_reason,
    fold,
    normalise_key,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_text,
    unit_factor,
    units_in,
    unknown_units,
    without_units,
)
from core.importing.mapping import YUAN_CURRENCIES, Mapping, MappingError, value_lookup
from core.importing.nonrecords import is_filler
from core.importing.reader import UnitNote
from core.importing.results import RowError
from core.money import round_to

# "总投资（亿元）" / "Total (万元)": a unit in brackets at the end of a header is the column's unit.
HEADER_UNIT_RE = re.compile(r"^(?P<base>.*?)\s*[（(\[【]\s*(?P<unit>[^）)\]】]*)\s*[）)\]】]\s*$")
HEADER_UNITS = {"元": "元", "万元": "万元", "亿元": "亿元", "千元": "千元", "百万元": "百万元"}


@dataclass
class Field:
    """A target field an importer fills: its label, the header words that name it, and how its cells are read.

    `kind` is text, money, date or choice; choice fields give `choices` as (value, [labels and synonyms]) pairs.
    """

    name: str
    label: str
    synonyms: tuple[str, ...] = ()
    kind: str = "text"
    required: bool = False
    max_length: int | None = None
    choices: Iterable = ()
    allowed_labels: str = ""
    lookup: dict[str, object] | None = None  # a ready {normalised name: value} table instead of `choices`


@dataclass
class Column:
    """Where a field's cells come from: one column, or a template over several; `header` is used in messages."""

    header: str
    index: int | None = None
    template: list[tuple[str, int | None]] = field(default_factory=list)
    unit: str | None = None


def split_header_unit(header: str) -> tuple[str, str | None]:
    """Split a bracketed unit off a header: "总投资（亿元）" → ("总投资", "亿元"); others come back unchanged."""
    match = HEADER_UNIT_RE.match(fold(header))
    if match:
        unit = "".join(match["unit"].split())
        if unit in HEADER_UNITS:
            return match["base"], HEADER_UNITS[unit]
    return header, None


def _drop_empty_levels(header: str) -> str:
    """ "总投资/" (a level that held only a unit) → "总投资"."""
    return "/".join(level for level in header.split("/") if level.strip())


def _header_index(headers: list[str]) -> dict[str, int]:
    """{normalised header → column}: whole headers first, then without their unit, then the last level alone
    ("建设起止年限/计划开工" is found as "计划开工")."""
    index: dict[str, int] = {}
    for variant in (
        lambda h: h,
        lambda h: _drop_empty_levels(split_header_unit(h)[0]),
        # a unit in an upper level: "总投资（亿元）/计划" is found as "总投资/计划"; a unit alone in a lower level:
        # "总投资/（亿元）" as "总投资"
        lambda h: _drop_empty_levels(without_units(h)),
        lambda h: split_header_unit(h.rpartition("/")[2])[0],
        # the last level that is not a unit: "投资及进度/总投资/（万元）" as "总投资"
        lambda h: _drop_empty_levels(without_units(h)).rpartition("/")[2],
    ):
        for position, header in enumerate(headers):
            if header:
                index.setdefault(normalise_key(variant(header)), position)
    return index


def _template(source: str, headers: list[str], index: dict[str, int]) -> Column:
    parts, used = [], []
    for literal, name, _spec, _conversion in string.Formatter().parse(source):
        position = None
        if name is not None:
            position = index.get(normalise_key(name))
            if position is None:
                raise MappingError(
                    _("映射的模板「%(template)s」引用了文件中没有的列「%(name)s」；文件的表头：%(headers)s。")
                    % {"template": source, "name": name, "headers": "、".join(h for h in headers if h)}
                )
            used.append(headers[position])
        parts.append((literal, position))
    return Column(header="+".join(used) or source, template=parts)


def resolve_columns(
    headers: list[str],
    fields: dict[str, Field],
    mapping: Mapping,
    *,
    check_required: bool = True,
    unit_notes: list[UnitNote] = (),
) -> dict[str, Column]:
    """Find each field's column: as the mapping says when it has [columns], else by synonym; check required ones.

    The web page's first guess passes check_required=False: the clerk completes the choice there. Money columns
    get their unit from the mapping, the header (any of its levels) or a note above the table (`unit_notes`,
    from `Table.unit_notes`); when these disagree, MappingError asks which is right instead of guessing.
    """
    index = _header_index(headers)
    columns: dict[str, Column] = {}
    if mapping.columns:
        for name, sources in mapping.columns.items():
            for source in sources:
                if "{" in source:
                    columns[name] = _template(source, headers, index)
                    break
                position = index.get(normalise_key(source))
                if position is not None:
                    columns[name] = Column(header=headers[position], index=position)
                    break
            else:
                raise MappingError(
                    _("映射中「%(field)s」对应的列「%(sources)s」在文件中不存在；文件的表头：%(headers)s。")
                    % {
                        "field": fields[name].label,
                        "sources": _("」或「").join(sources),
                        "headers": _("、").join(h for h in headers if h),
                    }
                )
    else:
        taken: set[int] = set()
        for name, spec in fields.items():
            for word in (spec.label, *spec.synonyms):
                position = index.get(normalise_key(word))
                if position is not None and position not in taken:
                    columns[name] = Column(header=headers[position], index=position)
                    taken.add(position)
                    break
    for name, column in columns.items():
        if column.index is not None:
            column.unit = _column_unit(fields[name], column, mapping, unit_notes)
            if column.unit is None and fields[name].kind == "money":
                _no_unit_beside_units(column, headers)
    if not check_required:
        return columns
    missing = [
        spec.label
        for name, spec in fields.items()
        if spec.required and name not in columns and name not in mapping.defaults
    ]
    if missing:
        raise MappingError(
            _("文件中找不到必需的列：%(missing)s；文件的表头：%(headers)s。请修改表头或在映射中指定。")
            % {"missing": "、".join(missing), "headers": "、".join(h for h in headers if h)}
        )
    return columns


def _column_unit(spec: Field, column: Column, mapping: Mapping, notes) -> str | None:
    """The unit of a column's figures, from every place a file or mapping may state it; MappingError on a conflict.

    A unit in an upper level of a merged header ("总投资（亿元）" over "计划") counts as much as one in the last.
    Non-money columns keep the unit their header names, for information only.
    """
    header_units = list(dict.fromkeys(units_in(column.header)))
    if spec.kind != "money":
        return header_units[0] if len(header_units) == 1 else None
    label = column.header
    if len(header_units) > 1:
        raise MappingError(
            _("「%(header)s」列的表头写了不同的金额单位（%(units)s），无法确定该列的单位；请修改表头，只保留一个单位。")
            % {"header": label, "units": "、".join(header_units)}
        )
    note_units = list(dict.fromkeys(note.unit for note in notes))
    if len(note_units) > 1:
        raise MappingError(
            _("表格上方写了不同的金额单位（%(notes)s），无法确定「%(header)s」列的单位；请只保留一个单位说明。")
            % {
                "notes": "；".join(_("第 %(row)s 行「%(text)s」") % {"row": n.row, "text": n.text} for n in notes),
                "header": label,
            }
        )
    header_unit = header_units[0] if header_units else None
    note = notes[0] if note_units else None
    mapped = mapping.units.get(spec.name)
    # "(USD)" is a question even when the mapping declares USD: dollars or 万 dollars? Only [units] answers it.
    strange = unknown_units(label)
    if strange and not mapped:
        raise MappingError(
            _(
                "无法识别「%(header)s」列的金额单位「%(unit)s」；系统以人民币万元记录金额。请把表头改为元、万元或亿元，"
                "或在映射中声明该列的单位（[units]）以及外币的币种和汇率（currency、rate_to_cny）。"
            )
            % {"header": label, "unit": strange[0]}
        )
    if header_unit and note and _differ(header_unit, note.unit):
        raise MappingError(
            _(
                "金额单位有矛盾：表头「%(header)s」写的是%(header_unit)s，表格上方第 %(row)s 行「%(note)s」写的是"
                "%(note_unit)s。请确认该列的单位是%(header_unit)s还是%(note_unit)s，修改文件后再导入。"
            )
            % {
                "header": label,
                "header_unit": header_unit,
                "row": note.row,
                "note": note.text,
                "note_unit": note.unit,
            }
        )
    stated = header_unit or (note.unit if note else None)
    if mapped and stated and _differ(mapped, stated):
        if header_unit:
            where = _("表头「%(header)s」") % {"header": label}
        else:
            where = _("表格上方「%(note)s」") % {"note": note.text}
        raise MappingError(
            _(
                "金额单位有矛盾：映射（或所选单位）指定「%(field)s」为%(mapped)s，而%(where)s写的是%(stated)s。"
                "请确认后修改映射或文件，使两者一致。"
            )
            % {"field": without_units(str(spec.label)), "mapped": mapped, "where": where, "stated": stated}
        )
    return mapped or stated


def _no_unit_beside_units(column: Column, headers: list[str]) -> None:
    """A money column that states no unit, in a header where other columns do ("（亿元）" under 年度计划 only, as a
    CSV shows a unit cell that was merged over several columns), is a question, not 万元 by default."""
    others = list(dict.fromkeys(unit for header in headers if header != column.header for unit in units_in(header)))
    if others:
        raise MappingError(
            _(
                "「%(header)s」列没有写金额单位，而表头中其他列写的是%(units)s，无法确定该列的单位；"
                "请在该列表头写明单位（如「总投资（万元）」），或在表格上方注明「单位：万元」。"
            )
            % {"header": column.header, "units": "、".join(others)}
        )


def _differ(first: str, second: str) -> bool:
    """Whether two unit names mean different amounts (万 and 万元 are the same; an unknown name differs)."""
    try:
        return unit_factor(first) != unit_factor(second)
    except CellError:
        return first != second


class RowParser:
    """Parses rows into {field: value}; each unreadable cell becomes a RowError and the field is left out.

    Speed matters (a 100,000-row list is read in seconds): each column gets one converter, and columns whose
    values repeat (choices, dates, anything with a value map) remember what each distinct cell parsed to.
    """

    def __init__(
        self, fields: dict[str, Field], columns: dict[str, Column], mapping: Mapping, keys: dict[str, str] | None = None
    ):
        # `keys` renames fields in the values handed out (region → region_id), saving a rename per row later.
        self.keys = keys or {}
        self.plan: list[tuple] = []
        self.defaults: dict[str, object] = {}
        for name, spec in fields.items():
            parse = self._parser(spec, columns.get(name), mapping)
            values = value_lookup(mapping.values[name]) if name in mapping.values else None
            if name in mapping.defaults:
                try:
                    self.defaults[name] = parse(self._mapped(mapping.defaults[name], values))
                except CellError as error:
                    raise MappingError(
                        _("映射中 defaults.%(name)s 的值无效：%(reason)s") % {"name": name, "reason": error.reason}
                    ) from error
            column = columns.get(name)
            if column is not None:
                default = self.defaults.get(name)
                if values is not None:
                    mapped = lambda raw, parse=parse, values=values: parse(self._mapped(raw, values))  # noqa: E731
                    convert = _cached(_checked(mapped, default))
                elif spec.kind in ("choice", "date"):
                    convert = _cached(_checked(parse, default))
                elif spec.kind == "money":
                    convert = _fast_money(_checked(parse, default), parse)
                else:
                    convert = _fast_text(_checked(parse, default), spec.max_length)
                self.plan.append((name, column.index, column.template, column.header, convert, spec.required))
            elif spec.required and self.defaults.get(name) is None:
                raise MappingError(_("文件中找不到必需的列「%(label)s」。") % {"label": spec.label})

    @staticmethod
    def _parser(spec: Field, column: Column | None, mapping: Mapping) -> Callable:
        if spec.kind == "money":
            unit = mapping.units.get(spec.name) or (column.unit if column else None) or "万元"
            rate = mapping.rate_to_cny if mapping.currency not in YUAN_CURRENCIES else None
            return partial(parse_decimal, unit=unit, rate=rate)
        if spec.kind == "date":
            return partial(parse_date, date_format=mapping.date_format)
        if spec.kind == "choice":
            lookup = spec.lookup if spec.lookup is not None else choice_lookup(spec.choices)
            return partial(parse_choice, choices=lookup, allowed_labels=spec.allowed_labels)
        return partial(parse_text, max_length=spec.max_length, reject_errors=True)

    @staticmethod
    def _mapped(raw, values):
        """Apply a mapping's value map ("Design" → "前期"); values it does not list pass through unless it has "*"."""
        if values is None or raw is None or raw == "" or error_reason(raw):
            return raw  # an error cell is never mapped (a "*" would hide it): the parser rejects it
        key = normalise_key(raw if isinstance(raw, str) else parse_text(raw))
        if key in values:
            return values[key]
        return values.get("*", raw)

    def parse(self, number: int, cells: list) -> tuple[dict, list[RowError]]:
        """One row → (values, errors); blank cells take the mapping's default, else they are left out."""
        for _number, _cells, values, errors in self.parse_rows([(number, cells)]):
            return values, errors
        raise AssertionError("parse_rows yields one result per row")  # pragma: no cover

    def parse_rows(self, rows, chunk_size: int = 2000):
        """Yield (number, cells, values, errors) for each row, working a chunk of rows column by column.

        Converting a whole column with one comprehension and assembling clean rows with zip() is several times
        faster than visiting every cell of every row in a Python loop; rows with an error or a missing required
        value take the careful path that names each problem.
        """
        fields = [entry[0] for entry in self.plan]
        names = [self.keys.get(name, name) for name in fields]
        static = {self.keys.get(name, name): value for name, value in self.defaults.items() if name not in fields}
        chunk: list = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == chunk_size:
                yield from self._parse_chunk(chunk, names, static)
                chunk = []
        if chunk:
            yield from self._parse_chunk(chunk, names, static)

    def _parse_chunk(self, chunk, names, static):
        columns = []
        problems: set[int] = set()
        transposed = list(zip(*(cells for _number, cells in chunk), strict=True))  # rows → columns, padded alike
        for _name, index, template, _header, convert, required in self.plan:
            if index is not None:
                column = list(map(convert, transposed[index]))
            else:
                column = [_from_template(template, cells, convert) for _number, cells in chunk]
            if Failure in set(map(type, column)):
                problems.update(i for i, value in enumerate(column) if value.__class__ is Failure)
            if required and None in column:
                problems.update(i for i, value in enumerate(column) if value is None)
            columns.append(column)
        for i, row_values in enumerate(zip(*columns, strict=True)):
            number, cells = chunk[i]
            if i in problems:
                yield number, cells, *self._careful(number, row_values, static)
                continue
            if None in row_values:
                values = {name: value for name, value in zip(names, row_values, strict=True) if value is not None}
            else:
                values = dict(zip(names, row_values, strict=True))
            yield number, cells, {**static, **values} if static else values, []

    def _careful(self, number, row_values, static) -> tuple[dict, list[RowError]]:
        values: dict = {}
        errors: list[RowError] = []
        for (name, _index, _template, header, _convert, required), value in zip(self.plan, row_values, strict=True):
            if value.__class__ is Failure:
                errors.append(RowError(number, header, value.reason))
            elif value is None:
                if required:
                    errors.append(RowError(number, header, _("必填，不能为空。")))
            else:
                values[self.keys.get(name, name)] = value
        return {**static, **values}, errors


def _from_template(template, cells, convert):
    """A templated field ("{Project Name} (PID {PID})") filled from its cells; an error cell in any part fails it."""
    try:
        text = "".join(
            literal + ("" if p is None else parse_text(cells[p], reject_errors=True)) for literal, p in template
        )
    except CellError as error:
        return Failure(error.reason)
    return convert(text)


class Failure:
    """A cell that could not be read, standing in its column until the row's errors are collected."""

    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


def _checked(parse: Callable, default) -> Callable:
    """A column converter: the parsed value, the default (or None) for a blank cell, a Failure for a bad one."""

    def convert(raw):
        try:
            value = parse(raw)
        except CellError as error:
            return Failure(error.reason)
        if value is None or value == "" or (value.__class__ is str and value in BLANK_MARKS):
            return default  # a filler ("/", "—", "无") in a text column is a blank too
        return value

    return convert


CACHE_LIMIT = 50_000


def _cached(convert: Callable) -> Callable:
    """`convert`, remembering its outcome for each distinct cell (columns such as 县区 or 阶段 repeat a lot)."""
    cache: dict = {}

    def cached(raw):
        key = (raw.__class__, raw)  # 1, 1.0 and True are equal as keys but not as cells
        try:
            return cache[key]
        except KeyError:
            result = cache[key] = convert(raw)
            if len(cache) > CACHE_LIMIT:
                cache.clear()
            return result
        except TypeError:  # an unhashable cell
            return convert(raw)

    return cached


def _fast_money(convert: Callable, parse) -> Callable:
    """A money converter with a shortcut for plain numbers already in 万元, as most Chinese sheets hold them."""
    if parse.keywords["unit"] != "万元" or parse.keywords["rate"] is not None:
        return convert

    def fast(raw):
        if raw.__class__ is float and -1e15 < raw < 1e15:  # NaN and infinities take the careful path
            return round_to(Decimal(repr(raw)))
        return convert(raw)

    return fast


def _fast_text(convert: Callable, max_length: int | None) -> Callable:
    """A text converter with a shortcut for the common case, a short non-blank str cell."""
    limit = max_length if max_length is not None else float("inf")

    def fast(raw):
        if raw.__class__ is str:
            text = raw.strip()
            # "#N/A" and the like take the careful path
            if text and len(text) <= limit and text[0] != "#" and text not in BLANK_MARKS:
                return text
        return convert(raw)

    return fast


def dedupe_rows(rows, headers: list[str], mapping: Mapping) -> tuple[list[tuple[int, list]], int]:
    """Keep one row per mapping.dedupe key, ordered by the date in `latest` (ties and undated: file order).

    With keep = "latest_row" the latest row stands as it is; with "latest_values" each column takes the latest
    non-blank value among the key's rows (a blank or a filler such as "/" never hides an earlier figure), and the
    merged row carries the latest row's number. Returns the kept rows in file order and how many were dropped as
    older reports of the same record.
    """
    index = _header_index(headers)
    positions = []
    for name in [*mapping.dedupe.key, *([mapping.dedupe.latest] if mapping.dedupe.latest else [])]:
        position = index.get(normalise_key(name))
        if position is None:
            raise MappingError(
                _("映射 [dedupe] 中的列「%(name)s」在文件中不存在；文件的表头：%(headers)s。")
                % {"name": name, "headers": "、".join(h for h in headers if h)}
            )
        positions.append(position)
    key_positions = positions[: len(mapping.dedupe.key)]
    latest_position = positions[-1] if mapping.dedupe.latest else None
    if mapping.dedupe.keep == "latest_values":
        return _merge_reports(rows, key_positions, latest_position, mapping)
    kept: dict[tuple, tuple] = {}
    total = 0
    for number, cells in rows:
        total += 1
        key = tuple(normalise_key(parse_text(cells[p])) for p in key_positions)
        stamp = _report_date(cells, latest_position, mapping)
        previous = kept.get(key)
        if previous is None or _newer(stamp, previous[0]):
            kept[key] = (stamp, number, cells)
    rows_kept = sorted(((number, cells) for _stamp, number, cells in kept.values()), key=lambda item: item[0])
    return rows_kept, total - len(rows_kept)


def _report_date(cells, position, mapping):
    """The date a row reports as of (None when there is no such column or the cell is not a date)."""
    if position is None:
        return None
    try:
        return parse_date(cells[position], date_format=mapping.date_format)
    except CellError:
        return None


def _merge_reports(rows, key_positions, latest_position, mapping) -> tuple[list[tuple[int, list]], int]:
    """dedupe keep = "latest_values": each key's reports merged oldest first, so later non-blank values win."""
    groups: dict[tuple, list] = {}
    total = 0
    for number, cells in rows:
        total += 1
        key = tuple(normalise_key(parse_text(cells[p])) for p in key_positions)
        groups.setdefault(key, []).append((_report_date(cells, latest_position, mapping), number, cells))
    merged = []
    for reports in groups.values():
        # Undated reports count as older than dated ones, as in latest_row (a dated row is never replaced by them).
        reports.sort(key=lambda report: (report[0] is not None, report[0] or dt.date.min, report[1]))
        cells = reports[0][2]
        for _stamp, _number, newer in reports[1:]:
            cells = _overlay(cells, newer)
        merged.append((reports[-1][1], cells))
    merged.sort(key=lambda item: item[0])
    return merged, total - len(merged)


def _overlay(older: list, newer: list) -> list:
    """The newer row's cells, with the older row's value wherever the newer one is blank or a filler."""
    return [old if is_filler(new) else new for old, new in zip(older, newer, strict=True)]


def _newer(stamp, kept_stamp) -> bool:
    """Whether a later row replaces the kept one: it does unless it is dated earlier or the kept one is dated."""
    if kept_stamp is None:
        return True
    return stamp is not None and stamp >= kept_stamp


@contextmanager
def paused_gc():
    """Pause Python's cyclic garbage collector while a large file is imported.

    An import allocates millions of small dicts, lists and Decimals that reference counting frees on its own;
    the cyclic collector would rescan all of them again and again (about a tenth of a 100,000-row import).
    It is switched back on afterwards, even on error, and only if it was on before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
