"""Tables for the project pages and their exports."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable, MoneyColumn
from projects.models import Project, ProjectList


class ProjectTable(BaseTable):
    national_code = tables.Column(verbose_name=_("项目代码"), attrs={"td": {"class": "text-nowrap small"}})
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__sort_order", "region__code"))
    total_investment = MoneyColumn()

    # A leader's phone keeps the name, stage and investment; a tablet adds the region and the start dates.
    show_from = {
        "national_code": "xxl",
        "owner": "xxl",
        "region": "md",
        "industry": "xl",
        "planned_start": "lg",
        "actual_start": "lg",
        "responsible_department": "xxl",
    }
    text_columns = ("name", "owner")

    class Meta(BaseTable.Meta):
        model = Project
        fields = (
            "national_code",
            "name",
            "owner",
            "region",
            "industry",
            "stage",
            "total_investment",
            "planned_start",
            "actual_start",
            "responsible_department",
        )
        attrs = {**BaseTable.Meta.attrs, "data-testid": "project-table"}


class ProjectListTable(BaseTable):
    name = tables.Column(linkify=True)
    project_count = tables.Column(verbose_name=_("项目数"), attrs={"td": {"class": "text-end"}})
    investment = MoneyColumn(verbose_name=_("总投资（万元）"))

    show_from = {"kind": "md", "year": "md", "date": "lg", "in_key_library": "lg"}
    text_columns = ("name",)

    class Meta(BaseTable.Meta):
        model = ProjectList
        fields = ("name", "kind", "year", "date", "in_key_library", "project_count", "investment")
