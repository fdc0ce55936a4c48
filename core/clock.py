"""The application's "today": the real date, or a fixed date (setting `GONGJIAN_TODAY`) for a demo set as of a day.

A demo whose data end on 2024-06-30 opened on the real date would show an empty month and every project overdue;
pages take their default date, month and period from `today()` so the demo opens as of its own date.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _


def fixed_today() -> dt.date | None:
    """The date set by `GONGJIAN_TODAY` (YYYY-MM-DD), or None when it is unset or empty (the real date is used)."""
    value = getattr(settings, "GONGJIAN_TODAY", "") or ""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise ImproperlyConfigured(f"GONGJIAN_TODAY must be a date written YYYY-MM-DD, not {value!r}") from error


def today() -> dt.date:
    """The date pages default to: `GONGJIAN_TODAY` when set, else the local date."""
    return fixed_today() or timezone.localdate()


def as_of_argument(value: str) -> dt.date:
    """A command's --as-of date (YYYY-MM-DD), or a CommandError that says what is expected."""
    from django.core.management.base import CommandError

    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("--as-of 应为日期，如 2024-06-30，而不是「%(value)s」。") % {"value": value}) from error
