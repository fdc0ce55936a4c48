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
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "project-table"}


class ProjectListTable(BaseTable):
    name = tables.Column(linkify=True)
    project_count = tables.Column(verbose_name=_("项目数"), attrs={"td": {"class": "text-end"}})
    investment = MoneyColumn(verbose_name=_("总投资（万元）"))

    class Meta(BaseTable.Meta):
        model = ProjectList
        fields = ("name", "kind", "year", "date", "in_key_library", "project_count", "investment")
