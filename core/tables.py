"""Base table and columns shared by every list page and every export."""

import json

import django_tables2 as tables
from django.core.paginator import Paginator

from core.models import AuditEvent, Department, Region
from core.money import format_money


class MoneyColumn(tables.Column):
    """Money in 万元, right-aligned with thousands separators; exports keep the exact Decimal."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_money(value)

    def value(self, value):
        return value


# The most rows a list page shows at once, whatever `per_page` the address asks for.
MAX_PER_PAGE = 500

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
        template_name = "django_tables2/bootstrap5-responsive.html"
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

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        """`per_page` from the address is kept between 1 and MAX_PER_PAGE (0 or a negative number would fail)."""
        if per_page is not None:
            per_page = min(max(per_page, 1), MAX_PER_PAGE)
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

    time = tables.DateTimeColumn(format="Y-m-d H:i:s")
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
        fields = ("time", "action", "username", "ip_address", "method", "path", "object_type", "object_id",
                  "object_repr", "detail")
        attrs = {**BaseTable.Meta.attrs, "data-testid": "audit-table"}

    def render_detail(self, value):
        return "" if not value else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def value_detail(self, value):
        return self.render_detail(value)
