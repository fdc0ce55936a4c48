"""Helpers shared by the scheduling tests."""

from scheduling.services import current_version, save_report


def save_fresh(user, project, period, data):
    """Save a row as a user who has just loaded its current version (so no conflict is expected)."""
    return save_report(user, project, period, data, version=current_version(project, period))
