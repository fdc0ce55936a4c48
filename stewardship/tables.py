"""Tables of the stewardship lists and their .xlsx exports."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable
from stewardship.models import (
    Notification,
    OverdueRule,
    Problem,
    ProblemCategory,
    ServiceLog,
    ServiceTeam,
    Stewardship,
    SupervisionNotice,
)


def _project_link(record):
    return record.project.get_absolute_url()


class ItemColumn(tables.Column):
    """The row's own name (its `str`), linked to its page: for rows whose name is made of several fields."""

    def __init__(self, **kwargs):
        super().__init__(empty_values=(), orderable=False, linkify=lambda record: record.get_absolute_url(), **kwargs)

    def render(self, record):
        return str(record)

    def value(self, record):
        return str(record)


class ProblemTable(BaseTable):
    title = tables.Column(linkify=True)
    project = tables.Column(linkify=_project_link)
    region = tables.Column(accessor="project__region", verbose_name=_("所属地区"), orderable=False)
    light = tables.TemplateColumn(
        '{% if record.light %}<span class="badge text-bg-{% if record.light == "red" %}danger{% else %}warning'
        '{% endif %}">{{ record.get_light_display }}</span>{% endif %}',
        verbose_name=_("超期预警"),
    )

    # A phone keeps the problem, its status and its warning light; a tablet adds the project, department, deadline.
    show_from = {
        "project": "md",
        "region": "lg",
        "category": "xl",
        "department": "md",
        "raised_by": "xxl",
        "raised_on": "xl",
        "deadline": "md",
        "overdue_count": "lg",
        "level": "lg",
        "solved_on": "xl",
    }
    text_columns = ("title", "project")

    class Meta(BaseTable.Meta):
        model = Problem
        fields = (
            "title",
            "project",
            "region",
            "category",
            "department",
            "raised_by",
            "raised_on",
            "deadline",
            "status",
            "light",
            "overdue_count",
            "level",
            "solved_on",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "problem-table"}

    def value_light(self, record):
        return record.get_light_display() if record.light else ""


class ServiceLogTable(BaseTable):
    item = ItemColumn(verbose_name=_("服务记录"))
    date = tables.DateColumn(format="Y-m-d")
    project = tables.Column(linkify=_project_link)

    # A phone keeps the entry, its day and its kind; the rest comes with more width.
    show_from = {"project": "md", "level": "lg", "participants": "lg", "place": "xl", "recorded_by": "xl"}
    text_columns = ("item", "project", "participants")

    class Meta(BaseTable.Meta):
        model = ServiceLog
        fields = ("item", "date", "project", "kind", "level", "participants", "place", "recorded_by")


class StewardshipTable(BaseTable):
    item = ItemColumn(verbose_name=_("项目管家"))
    project = tables.Column(linkify=_project_link)
    region = tables.Column(accessor="project__region", verbose_name=_("所属地区"), orderable=False)

    # A phone keeps the stewardship (project and leader in its name) and who stewards.
    show_from = {"project": "lg", "region": "md", "start": "md", "end": "md", "note": "xl"}
    text_columns = ("item", "project", "note")

    class Meta(BaseTable.Meta):
        model = Stewardship
        fields = ("item", "project", "region", "steward", "start", "end", "note")


class ServiceTeamTable(BaseTable):
    name = tables.Column(linkify=True)
    project = tables.Column(linkify=_project_link)

    show_from = {"project": "md", "start": "md", "end": "lg"}
    text_columns = ("name", "project")

    class Meta(BaseTable.Meta):
        model = ServiceTeam
        fields = ("name", "project", "level", "start", "end")


class SupervisionNoticeTable(BaseTable):
    number = tables.Column(linkify=True)
    problem = tables.Column(linkify=True)

    # A phone keeps the number, its deadline and whether it was answered.
    show_from = {"problem": "md", "issued_by": "xl", "issued_on": "lg"}
    text_columns = ("problem",)

    class Meta(BaseTable.Meta):
        model = SupervisionNotice
        fields = ("number", "problem", "issued_by", "issued_on", "deadline", "answered_on")


class ProblemCategoryTable(BaseTable):
    name = tables.Column(linkify=True)

    show_from = {"sort_order": "md"}
    text_columns = ("name",)

    class Meta(BaseTable.Meta):
        model = ProblemCategory
        fields = ("name", "sort_order", "active")


class OverdueRuleTable(BaseTable):
    item = ItemColumn(verbose_name=_("规则"))

    # A phone keeps the rule (its light and days in its name) and whether it applies; whom it notifies comes later.
    show_from = {
        "light": "md",
        "min_days": "md",
        "min_repeats": "md",
        "escalate_to": "lg",
        "notify_department": "xl",
        "notify_steward": "xl",
        "notify_raiser": "xl",
    }
    text_columns = ("item",)

    class Meta(BaseTable.Meta):
        model = OverdueRule
        fields = ("item", *OverdueRule.EDITABLE)


class NotificationTable(BaseTable):
    title = tables.Column(linkify=lambda record: record.problem.get_absolute_url() if record.problem else None)

    show_from = {"problem": "md", "read_at": "lg", "emailed": "lg"}
    text_columns = ("title", "problem")

    class Meta(BaseTable.Meta):
        model = Notification
        fields = ("created", "title", "problem", "read_at", "emailed")
