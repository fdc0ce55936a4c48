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
}


def setting(name: str):
    """One scheduling setting: the deployment's value if it set one, else the default."""
    return getattr(settings, "GONGJIAN_SCHEDULING", {}).get(name, DEFAULTS[name])
