"""Scheduling settings with their defaults; a deployment overrides them in `settings.GONGJIAN_SCHEDULING`."""

from decimal import Decimal

from django.conf import settings

DEFAULTS = {
    # Reports are due this many working days after month end (DOMAIN.md: "within 5 working days").
    "DEADLINE_WORKING_DAYS": 5,
    # Photos of the site: accepted image formats (as Pillow names them) and the largest accepted file.
    "PHOTO_FORMATS": ("JPEG", "PNG", "WEBP"),
    "PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    # Project lights: completion of the annual plan compared with the share of the year elapsed.
    # Green when completion >= elapsed × GREEN_RATIO; yellow when >= elapsed × YELLOW_RATIO; else red.
    "PROJECT_GREEN_RATIO": Decimal("1.0"),
    "PROJECT_YELLOW_RATIO": Decimal("0.8"),
    # The light a project gets when it is past its planned start without having started, and when the latest
    # month's report is still missing after its deadline ("red" or "yellow").
    "NOT_STARTED_LIGHT": "red",
    "MISSING_REPORT_LIGHT": "yellow",
    # District lights: red when the cumulative growth (%) is below this (the published rule: negative growth).
    "DISTRICT_RED_BELOW_PCT": Decimal("0"),
}


def setting(name: str):
    """One scheduling setting: the deployment's value if it set one, else the default."""
    return getattr(settings, "GONGJIAN_SCHEDULING", {}).get(name, DEFAULTS[name])
