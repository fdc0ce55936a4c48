"""Models of the project libraries."""

from projects.models.imports import ImportProgress
from projects.models.lists import ListKind, ListMembership, ProjectList
from projects.models.project import FundingSource, InvestmentPlan, Project, ProjectContact

__all__ = [
    "ImportProgress",
    "ListKind",
    "ProjectList",
    "ListMembership",
    "Project",
    "InvestmentPlan",
    "FundingSource",
    "ProjectContact",
]
