"""Models of the base layer."""

from core.models.base import BaseModel, RestrictedQuerySet
from core.models.organisation import Department, Region
from core.models.users import User

__all__ = ["BaseModel", "RestrictedQuerySet", "Region", "Department", "User"]
