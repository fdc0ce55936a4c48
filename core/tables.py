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


class BaseTable(tables.Table):
    """Tables are declared per model; this sets the look and makes the first column a link to the object."""

    class Meta:
        template_name = "django_tables2/bootstrap5-responsive.html"
        attrs = {"class": "table table-sm table-hover align-middle"}
        per_page = 50

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        """`per_page` from the address is kept between 1 and MAX_PER_PAGE (0 or a negative number would fail)."""
        if per_page is not None:
            per_page = min(max(per_page, 1), MAX_PER_PAGE)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)


class RegionTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Region
        fields = ("code", "name", "kind", "parent", "sort_order")


class DepartmentTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Department
        fields = ("code", "name", "short_name", "sort_order")


class AuditEventTable(BaseTable):
    """The audit log as the city administrator reads and exports it."""

    time = tables.DateTimeColumn(format="Y-m-d H:i:s")
    detail = tables.Column(orderable=False)

    class Meta(BaseTable.Meta):
        model = AuditEvent
        fields = ("time", "action", "username", "ip_address", "method", "path", "object_type", "object_id",
                  "object_repr", "detail")
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "audit-table"}

    def render_detail(self, value):
        return "" if not value else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def value_detail(self, value):
        return self.render_detail(value)
