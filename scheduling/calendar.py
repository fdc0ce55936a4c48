"""When a month's reports fall due: N working days after month end, on the city's holiday calendar."""

import calendar
import datetime as dt

from scheduling.conf import setting


def month_end(period: dt.date) -> dt.date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def next_month(period: dt.date) -> dt.date:
    return (month_end(period) + dt.timedelta(days=1)).replace(day=1)


def add_months(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def is_working_day(day: dt.date, exceptions: dict[dt.date, bool]) -> bool:
    """Monday to Friday, unless the calendar says the day is a holiday or a weekend day worked (调休)."""
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def deadline_for(period: dt.date, working_days: int | None = None) -> dt.date:
    """The last day on which the month's reports are on time."""
    from scheduling.models import Holiday

    working_days = setting("DEADLINE_WORKING_DAYS") if working_days is None else working_days
    end = month_end(period)
    window = Holiday.objects.filter(date__gt=end, date__lte=end + dt.timedelta(days=working_days * 3 + 14))
    exceptions = dict(window.values_list("date", "is_workday"))
    day, counted = end, 0
    while counted < working_days:
        day += dt.timedelta(days=1)
        if is_working_day(day, exceptions):
            counted += 1
    return day


def parse_period(text: str) -> dt.date:
    """'2024-05' (or '2024-05-xx') → 2024-05-01; raises ValueError with the offending text."""
    parts = str(text).strip().split("-")
    if len(parts) < 2:
        raise ValueError(text)
    return dt.date(int(parts[0]), int(parts[1]), 1)
