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


class PlanInline(admin.TabularInline):
    model = InvestmentPlan
    extra = 0


class FundingInline(admin.TabularInline):
    model = FundingSource
    extra = 0


class ContactInline(admin.TabularInline):
    model = ProjectContact
    extra = 0


class MembershipInline(admin.TabularInline):
    model = ListMembership
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "national_code", "region", "stage", "total_investment"]
    list_filter = ["stage", "region", "industry"]
    search_fields = ["name", "national_code", "owner"]
    inlines = [PlanInline, FundingInline, ContactInline, MembershipInline]


admin.site.register(ListKind, SimpleHistoryAdmin)
admin.site.register(ProjectList, SimpleHistoryAdmin)
