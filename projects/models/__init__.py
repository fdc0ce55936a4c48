"""Models of the project libraries."""

from projects.models.lists import ListKind, ListMembership, ProjectList
from projects.models.project import FundingSource, InvestmentPlan, Project, ProjectContact

__all__ = [
    "ListKind",
    "ProjectList",
    "ListMembership",
    "Project",
    "InvestmentPlan",
    "FundingSource",
    "ProjectContact",
]
