"""Admin site registrations, with change history, for the city administrators' housekeeping."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import (
    FundingSource,
    InvestmentPlan,
    ListKind,
    ListMembership,
    Project,
    ProjectContact,
    ProjectList,
)


def tabular_inline(model):
    """A compact inline for a project's child rows."""
    return type(f"{model.__name__}Inline", (admin.TabularInline,), {"model": model, "extra": 0})


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "national_code", "region", "stage", "total_investment"]
    list_filter = ["stage", "region", "industry"]
    search_fields = ["name", "national_code", "owner"]
    inlines = [tabular_inline(m) for m in (InvestmentPlan, FundingSource, ProjectContact, ListMembership)]


admin.site.register(ListKind, SimpleHistoryAdmin)
admin.site.register(ProjectList, SimpleHistoryAdmin)
