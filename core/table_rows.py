"""A table's body rendered in Python, with django-tables2's cell rules resolved once per column instead of per cell.

django-tables2 decides for every cell how to read it (dictionary, attribute or index lookup; `get_FOO_display`
for a field with choices, found by walking the model's fields), which arguments its render function wants, and
the cell's HTML attributes (a dozen dictionaries merged), then the template loops over rows and cells with a
context lookup per tag: most of a list page's time. Here each column is planned once per page (its `<td>`
attributes, its lookup path, whether it shows a choice's label, the arguments its render function takes) and
each row is one string; the page's template (`core/table.html`) prints the strings. What a cell shows does not
change: `core/tests/test_table_rows.py` compares every cell of every registered table with django-tables2's own
`BoundRow.get_cell`, and a column this module does not plan (a link column with fixed text, a many-to-many
column, an attribute computed from the record) is rendered by django-tables2 itself.
"""

from django.db import models
from django.templatetags.l10n import localize as localize_filter
from django.templatetags.l10n import unlocalize as unlocalize_filter
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django_tables2 import columns as tables_columns
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor, AttributeDict, signature

_MISSING = object()
# A value no cell holds, rendered once to find where a checkbox's value goes in its `<input>`.
_PLACE = "gongjian-value-placeholder"


def _has_callable(attrs) -> bool:
    """Whether an attribute dictionary (nested for th/td/a) computes a value from the record."""
    return any(_has_callable(value) if isinstance(value, dict) else callable(value) for value in attrs.values())


def _lookup(current, bit: str):
    """One step of `Accessor.resolve`: dictionary, then attribute, then list index (a model skips the first)."""
    if hasattr(type(current), "__getitem__"):
        try:
            return current[bit]
        except (TypeError, AttributeError, KeyError):
            pass
    try:
        return getattr(current, bit)
    except (TypeError, AttributeError):
        return current[int(bit)]  # any failure is caught by the cell, as django-tables2 does


def _resolve(record, accessor: Accessor, bits):
    """`Accessor.resolve(record)` (safe, not quiet) without its exception per model attribute."""
    if isinstance(record, dict) and accessor in record:
        return record[accessor]
    current = record
    for bit in bits:
        current = _lookup(current, bit)
        if callable(current):
            if getattr(current, "alters_data", False):
                raise ValueError(f"Refusing to call {current.__name__}() because `.alters_data = True`")
            if not getattr(current, "do_not_call_in_templates", False):
                current = current(*accessor.callable_args, **accessor.callable_kwargs)
        if current is None:
            break
    return current


class ColumnPlan:
    """How one column's cells are read and shown, decided once per page."""

    def __init__(self, table, bound_column):
        column = bound_column.column
        self.name = bound_column.name
        self.bound_column = bound_column
        self.column = column
        # Columns whose reading depends on more than a path: django-tables2 renders their cells itself.
        table_attrs = {key: table.attrs.get(key, {}) for key in ("td", "cell")}
        self.slow = (
            isinstance(column, (BaseLinkColumn, tables_columns.ManyToManyColumn))
            or _has_callable(column.attrs)
            or _has_callable(table_attrs)
        )
        self.td = None if self.slow else bound_column.attrs["td"].as_html()
        self.localize = column.localize
        self.empty_values = column.empty_values
        self.default = bound_column.default
        self.accessor = Accessor(bound_column.accessor)
        self.bits = self.accessor.bits
        path, _, self.remainder = self.accessor.rpartition(Accessor.SEPARATOR)
        self.path = Accessor(path)
        self.path_bits = self.path.bits
        self.choices: dict = {}  # (record type, penultimate type) → how the cell shows get_FOO_display(), or None
        render = bound_column.render
        self.render = None if getattr(render, "__func__", render) is tables_columns.Column.render else render
        if self.render is not None:
            args, keywords = signature(render)
            self.render_args = None if keywords else set(args)
        self.link = bound_column.link
        # The bulk checkbox (`<input type="checkbox" name value form>`), the same for every row but its value: its
        # HTML written once around a placeholder, rather than ten attribute dictionaries merged per row.
        self.checkbox = None
        if (
            getattr(render, "__func__", None) is tables_columns.CheckBoxColumn.render
            and column.checked is None
            and self.link is None
            and not _has_callable(column.attrs)
        ):
            before, found, after = str(column.render(_PLACE, bound_column, None)).partition(_PLACE)
            if found and _PLACE not in after:
                self.checkbox = (before, after)
        # A link whose `<a>` attributes are fixed: the attributes written once, only the address per row.
        self.link_attrs = None
        if self.link is not None and not _has_callable(self.link.attrs or {}):
            self.link_attrs = AttributeDict(self.link.attrs or {})

    def _choice_display(self, record, penultimate):
        """The name of the method showing a choice's label, or None: django-tables2 calls `get_FOO_display()` when
        the field reached by the path has choices (its issue #30); decided once per record and related type."""
        key = (type(record), type(penultimate))
        if key not in self.choices:
            try:
                field = self.accessor.get_field(record)
            except models.FieldDoesNotExist:
                field = None
            name = f"get_{self.remainder}_display"
            shows = getattr(field, "choices", ()) and getattr(penultimate, name, None)
            self.choices[key] = name if shows else None
        return self.choices[key]

    def value(self, record):
        """The cell's value before rendering, or _MISSING for an empty cell (shown as the column's default)."""
        value = None
        remainder = self.remainder
        try:
            penultimate = _resolve(record, self.path, self.path_bits) if self.path_bits else record
        except Exception:
            penultimate = None
        if isinstance(penultimate, models.Model):
            display = self._choice_display(record, penultimate)
            if display is not None:
                value = getattr(penultimate, display)()
                remainder = None
        if remainder:
            try:
                value = _resolve(record, self.accessor, self.bits)
            except Exception:
                value = None
        if value in self.empty_values:
            return _MISSING
        return value

    def cell(self, row: BoundRow, record) -> str:
        """The cell's `<td>` as escaped HTML, as django-tables2's template would print it."""
        if self.slow:
            content = row.get_cell(self.name)
            self.bound_column.current_value = content
            self.bound_column.current_record = record
            td = self.bound_column.attrs["td"].as_html()
        else:
            td = self.td
            value = self.value(record)
            if value is _MISSING:
                content = self.default
            elif self.checkbox is not None:
                content = mark_safe(self.checkbox[0] + conditional_escape(value) + self.checkbox[1])
            else:
                content = value
                if self.render is not None or self.link:
                    kwargs = {
                        "value": value,
                        "record": record,
                        "column": self.column,
                        "bound_column": self.bound_column,
                        "bound_row": row,
                        "table": row.table,
                    }
                    if self.render is not None:
                        wanted = kwargs
                        if self.render_args is not None:
                            wanted = {key: kwargs[key] for key in kwargs if key in self.render_args}
                        content = self.render(**wanted)
                    if self.link_attrs is not None:
                        content = _linked(content, self.link.compose_url(**kwargs), self.link_attrs)
                    elif self.link:
                        content = self.link(content, **kwargs)
        return f"<td {td}>{_show(content, self.localize)}</td>"


def _linked(content, url, attrs: AttributeDict):
    """`LinkTransform.__call__` for fixed attributes: the content in `<a href>`, or as it is without an address."""
    if url is None:
        return content
    if attrs:
        return format_html("<a {}>{}</a>", AttributeDict(attrs, href=url).as_html(), content)
    return format_html('<a href="{}">{}</a>', url, content)


def _show(content, localize_column) -> str:
    """What `{{ cell }}` (or `|localize`, `|unlocalize` for a column that asks) prints, autoescaped."""
    if localize_column is True:
        content = localize_filter(content)
    elif localize_column is False:
        content = unlocalize_filter(content)
    return show_value(content)


def show_value(content) -> str:
    """What `{{ value }}` prints in a template: localised (dates in the local time zone), then autoescaped."""
    if isinstance(content, SafeString):
        return content
    content = localize(template_localtime(content))
    return conditional_escape(content if isinstance(content, str) else str(content))


def render_rows(table) -> list[SafeString]:
    """Each row of the table's current page as one `<tr>…</tr>` string."""
    plans = [ColumnPlan(table, bound_column) for bound_column in table.columns]
    # Fixed row attributes differ only by the row's even/odd class: written once for each, not per row.
    fixed_attrs = not _has_callable(table.row_attrs or {})
    by_parity: dict[str, str] = {}
    rows = []
    for row in table.paginated_rows:
        record = row.record
        if fixed_attrs and type(row) is BoundRow:  # a pinned row has attributes of its own
            parity = row.get_even_odd_css_class()
            attrs = by_parity.get(parity)
            if attrs is None:
                attrs = by_parity[parity] = row.attrs.as_html()
        else:
            attrs = row.attrs.as_html()
        cells = "".join([plan.cell(row, record) for plan in plans])
        rows.append(mark_safe(format_html("<tr {}>", attrs) + cells + "</tr>"))
    return rows
