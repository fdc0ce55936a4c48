"""Tables for the monthly report pages and their exports."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable, DateColumn, MoneyColumn
from scheduling.models import Holiday, MonthlyReport


class MonthlyReportTable(BaseTable):
    period = DateColumn(format="Y-m", linkify=True)
    project = tables.Column(linkify=lambda record: record.project.get_absolute_url())
    region = tables.Column(accessor="project__region", verbose_name=_("所属地区"), orderable=False)
    month_amount = MoneyColumn()
    ytd_amount = MoneyColumn()
    total_amount = MoneyColumn()

    show_from = {
        "region": "md",
        "month_amount": "md",
        "total_amount": "lg",
        "site_status": "lg",
        "is_late": "xl",
        "submitted_at": "xl",
    }
    text_columns = ("project",)

    class Meta(BaseTable.Meta):
        model = MonthlyReport
        fields = (
            "period",
            "project",
            "region",
            "month_amount",
            "ytd_amount",
            "total_amount",
            "site_status",
            "status",
            "is_late",
            "submitted_at",
        )
        attrs = {**BaseTable.Meta.attrs, "data-testid": "report-table"}


class HolidayTable(BaseTable):
    date = DateColumn(format="Y-m-d", linkify=True)

    text_columns = ("name",)

    class Meta(BaseTable.Meta):
        model = Holiday
        fields = ("date", "name", "is_workday")
