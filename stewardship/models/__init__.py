"""Stewardship models: stewards and teams, the service log, problems and their loop, notifications."""

from stewardship.models.notifications import Notification
from stewardship.models.problems import OverdueRule, Problem, ProblemCategory, ProblemEvent, SupervisionNotice
from stewardship.models.service import ServiceLog, ServicePhoto
from stewardship.models.teams import ServiceTeam, Stewardship, TeamMember

__all__ = [
    "Notification",
    "OverdueRule",
    "Problem",
    "ProblemCategory",
    "ProblemEvent",
    "ServiceLog",
    "ServicePhoto",
    "ServiceTeam",
    "Stewardship",
    "SupervisionNotice",
    "TeamMember",
]
