"""Models of the base layer."""

from core.models.audit import AuditAction, AuditEvent, AuditLogIsAppendOnly
from core.models.base import BaseModel, RestrictedQuerySet
from core.models.organisation import Department, Region
from core.models.tasks import ScheduledRun
from core.models.users import User
from core.models.versions import DataVersion

__all__ = [
    "AuditAction",
    "AuditEvent",
    "AuditLogIsAppendOnly",
    "BaseModel",
    "DataVersion",
    "RestrictedQuerySet",
    "Region",
    "Department",
    "ScheduledRun",
    "User",
]
