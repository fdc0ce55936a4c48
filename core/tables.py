"""Base table and columns shared by every list page and every export."""

import datetime as dt
import json

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.utils.functional import cached_property
from django.utils.timezone import template_localtime
from django_tables2 import utils as tables_utils
from django_tables2.columns import library

from core.models import AuditEvent, Department, Region
from core.money import format_money
from core.table_rows import render_rows


class MoneyColumn(tables.Column):
    """Money in 万元, right-aligned with thousands separators; exports keep the exact Decimal."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_money(value)

    def value(self, value):
        return value


_uncached_signature = tables_utils.signature
_signatures: dict = {}


def _cached_signature(fn):
    """django-tables2 inspects the signature of a column's render function for every cell (a third of a list's
    time); a function's signature does not change, so it is read once per function (bound or not)."""
    key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
    try:
        return _signatures[key]
    except KeyError:
        _signatures[key] = found = _uncached_signature(fn)
        return found
    except TypeError:  # an unhashable callable: as before
        return _uncached_signature(fn)


tables_utils.signature = _cached_signature


@library.register
class DateColumn(tables.Column):
    """A date formatted in Python: django-tables2's own DateColumn compiles a template for every cell (10× a list)."""

    def __init__(self, format=None, short=True, *args, **kwargs):
        self.format = format or ("SHORT_DATE_FORMAT" if short else "DATE_FORMAT")
        super().__init__(*args, **kwargs)

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return cls(**kwargs)

    def render(self, value):
        return date_filter(template_localtime(value), self.format)

    def value(self, value):
        return value.isoformat() if isinstance(value, dt.date) else value


@library.register
class DateTimeColumn(DateColumn):
    """A moment in the local time zone, formatted in Python; exports keep the ISO form."""

    def __init__(self, format=None, short=True, *args, **kwargs):
        super().__init__(format or ("SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT"), short, *args, **kwargs)

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.DateTimeField):
            return cls(**kwargs)

    def value(self, value):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value


# The most rows a list page shows at once, whatever `per_page` the address asks for.
MAX_PER_PAGE = 500

# The deepest row a list pages to (200 pages of 50); filters narrow a longer list.
MAX_PAGE_ROWS = 10_000

# Bootstrap's breakpoints, narrowest first: `show_from` names one of them per column.
BREAKPOINTS = ("sm", "md", "lg", "xl", "xxl")


class BaseTable(tables.Table):
    """Tables are declared per model; this sets the look and makes the first column a link to the object.

    On a phone or tablet a list keeps its key columns: `show_from` maps a column to the narrowest Bootstrap
    breakpoint at which it appears (hidden below it, in the page only; exports keep every column), and
    `text_columns` names the columns of long text that may wrap (the others stay on one line, so what does not
    fit scrolls inside the table's container, never the page).
    """

    show_from: dict[str, str] = {}
    text_columns: tuple[str, ...] = ()

    class Meta:
        template_name = "core/table.html"
        attrs = {"class": "table table-sm table-hover align-middle table-nowrap"}
        per_page = 50

    def get_column_class_names(self, classes_set, bound_column):
        """Header and data cells of a column get its responsive classes (django-tables2 asks here for both)."""
        classes = super().get_column_class_names(classes_set, bound_column)
        breakpoint = self.show_from.get(bound_column.name)
        if breakpoint:
            classes |= {"d-none", f"d-{breakpoint}-table-cell"}
        if bound_column.name in self.text_columns:
            classes.add("cell-text")
        return classes

    @cached_property
    def body_rows(self):
        """The current page's rows as HTML strings, each column planned once (core.table_rows)."""
        return render_rows(self)

    # A page asked beyond the first MAX_PAGE_ROWS rows (`?page=4000` of a province's list), or None.
    capped_page = None
    max_page = None

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        """`per_page` from the address is kept between 1 and MAX_PER_PAGE (0 or a negative number would fail);
        pages stop after MAX_PAGE_ROWS rows: a deeper page makes the database skip every row before it (and no
        one reads page 4,000), so it shows the last page allowed with a message to narrow the list instead."""
        if per_page is not None:
            per_page = min(max(per_page, 1), MAX_PER_PAGE)
        size = per_page or self._meta.per_page
        self.max_page = max(1, MAX_PAGE_ROWS // size)
        try:
            asked = int(page)
        except (TypeError, ValueError):
            asked = None
        if asked is not None and asked > self.max_page:
            self.capped_page, page = asked, self.max_page
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)


class RegionTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    show_from = {"parent": "md", "sort_order": "md"}

    class Meta(BaseTable.Meta):
        model = Region
        fields = ("code", "name", "kind", "parent", "sort_order")


class DepartmentTable(BaseTable):
    name = tables.Column(linkify=True)

    show_from = {"code": "md", "sort_order": "md"}
    text_columns = ("name",)

    class Meta(BaseTable.Meta):
        model = Department
        fields = ("code", "name", "short_name", "sort_order")


class AuditEventTable(BaseTable):
    """The audit log as the city administrator reads and exports it."""

    time = DateTimeColumn(format="Y-m-d H:i:s")
    detail = tables.Column(orderable=False)

    show_from = {
        "ip_address": "lg",
        "method": "xl",
        "path": "md",
        "object_type": "xl",
        "object_id": "xl",
        "object_repr": "lg",
        "detail": "xxl",
    }
    text_columns = ("path", "object_repr", "detail")

    class Meta(BaseTable.Meta):
        model = AuditEvent
        fields = (
            "time",
            "action",
            "username",
            "ip_address",
            "method",
            "path",
            "object_type",
            "object_id",
            "object_repr",
            "detail",
        )
        attrs = {**BaseTable.Meta.attrs, "data-testid": "audit-table"}

    def render_detail(self, value):
        return "" if not value else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def value_detail(self, value):
        return self.render_detail(value)
