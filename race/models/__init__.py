"""Race models: versioned schemes (groups, items, list rules) and frozen publications."""

from race.models.publications import RacePublication
from race.models.schemes import RaceGroup, RaceItem, RaceScheme

__all__ = ["RaceGroup", "RaceItem", "RacePublication", "RaceScheme"]
