"""Entry by the owning department and review by the city, as for the monthly reports (scheduling's statuses).

A department saves its indicators' values for a period as a draft and submits them; the city approves them
(locking them) or returns them with a comment, which opens them again. The form, the Excel upload and the API
all write through `save_entries`, all or nothing, each refusal a Chinese message naming the indicator and field.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import ADD, CHANGE, CITY, DEPARTMENT, allowed_scope, role_allows
from indicators.choices import Frequency, Qualifier, Source
from indicators.figures import city_region
from indicators.models import Indicator, IndicatorValue
from indicators.policy import REVIEW
from scheduling.choices import EDITABLE_STATUSES, ReportStatus

FIELDS = ("value", "qualifier", "reported_growth", "note")
GROWTH_LIMIT = Decimal("9999999")


def enterable(user):
    """The entered (not computed) indicators this user may fill in: a department its own, the city every one."""
    indicators = Indicator.objects.filter(source=Source.ENTERED).select_related("category", "owner")
    scope = allowed_scope(user, IndicatorValue, ADD)
    if scope == CITY:
        return indicators
    if scope == DEPARTMENT and user.department_id:
        return indicators.filter(owner_id=user.department_id)
    return indicators.none()


def period_error(indicator, period: dt.date) -> str | None:
    """Why `period` is not one of the indicator's periods (a quarterly one sits on March, June …), or None."""
    if indicator.frequency == Frequency.QUARTER and period.month % 3:
        return _("「%(name)s」为季度指标，只在 3、6、9、12 月填报。") % {"name": indicator.name}
    if indicator.frequency == Frequency.YEAR and period.month != 12:
        return _("「%(name)s」为年度指标，只在 12 月填报。") % {"name": indicator.name}
    return None


def clean_row(indicator, period: dt.date, data: dict) -> tuple[dict, dict]:
    """(cleaned values, {field: reason}) for one indicator's row of the form, the sheet or the API."""
    errors, cleaned = {}, {}
    reason = period_error(indicator, period)
    if reason:
        errors["value"] = reason
    value, growth = data.get("value"), data.get("reported_growth")
    if value is not None and value < 0:
        errors["value"] = _("「%(name)s」的数值不能为负数。") % {"name": indicator.name}
    if growth is not None and abs(growth) > GROWTH_LIMIT:
        errors["reported_growth"] = _("「%(name)s」的公布同比超出范围。") % {"name": indicator.name}
    qualifier = data.get("qualifier") or ""
    if qualifier not in Qualifier.values:
        errors["qualifier"] = _("「%(name)s」的约数只能是：%(choices)s。") % {
            "name": indicator.name,
            "choices": "、".join(label for _value, label in Qualifier.choices),
        }
    cleaned = {"value": value, "reported_growth": growth, "qualifier": qualifier, "note": data.get("note") or ""}
    return cleaned, errors


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _check_may_write(user, indicator, record):
    if not role_allows(user, IndicatorValue, ADD) or not enterable(user).filter(pk=indicator.pk).exists():
        raise PermissionDenied(_("您无权填报「%(name)s」。") % {"name": indicator.name})
    if record is not None and record.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {
                "value": _("「%(name)s」本期数值%(status)s，不能修改；如需修改请市里退回。")
                % {"name": indicator.name, "status": record.get_status_display()}
            }
        )


@transaction.atomic
def save_entries(user, period: dt.date, rows: dict, region=None) -> SaveResult:
    """Save {indicator: {value, qualifier, reported_growth, note}} for `period` as drafts, all or nothing. A row
    that changes nothing writes nothing (an import run twice changes nothing, a locked value left as it is passes);
    a changed row of a submitted or locked value is refused. `submit_period` then sends them to the city."""
    period, region = period.replace(day=1), region or city_region()
    result, errors = SaveResult(), {}
    existing = {
        row.indicator_id: row
        for row in IndicatorValue.objects.select_for_update().filter(
            indicator__in=list(rows), period=period, region=region
        )
    }
    for indicator, data in rows.items():
        record = existing.get(indicator.pk)
        _check_may_write(user, indicator, None)
        cleaned, row_errors = clean_row(indicator, period, data)
        if cleaned["value"] is None and cleaned["reported_growth"] is None:
            row_errors.setdefault(
                "value", _("「%(name)s」请填写数值，或只填写公布的同比增速。") % {"name": indicator.name}
            )
        if row_errors:
            errors.update({f"{indicator.code}.{field}": reason for field, reason in row_errors.items()})
            continue
        if record is None:
            IndicatorValue.objects.create(
                indicator=indicator, period=period, region=region, status=ReportStatus.DRAFT, entered_by=user, **cleaned
            )
            result.created += 1
            continue
        if all(getattr(record, field) == cleaned[field] for field in FIELDS):
            result.unchanged += 1
            continue
        try:
            _check_may_write(user, indicator, record)
        except ValidationError as error:
            errors[f"{indicator.code}.value"] = error.message_dict["value"][0]
            continue
        for field, value in cleaned.items():
            setattr(record, field, value)
        record.status, record.entered_by = ReportStatus.DRAFT, user
        record.save()
        result.updated += 1
    if errors:
        raise ValidationError(errors)
    return result


@transaction.atomic
def submit_period(user, period: dt.date, region=None) -> int:
    """Send the user's draft or returned values of `period` to the city; the number sent."""
    values = IndicatorValue.objects.restrict(user, CHANGE).filter(
        period=period.replace(day=1), region=region or city_region(), status__in=EDITABLE_STATUSES
    )
    values = values.filter(indicator__in=enterable(user))
    return values.update(status=ReportStatus.SUBMITTED, updated=timezone.now())


@transaction.atomic
def review_values(user, period: dt.date, department, decision: str, comment: str = "") -> int:
    """The city approves (locks) a department's submitted values of `period`, or returns them with a comment
    (approved ones too, to reopen them); the number of values changed. Saved one by one, so each is in history."""
    if not role_allows(user, IndicatorValue, REVIEW):
        raise PermissionDenied(_("只有市发改委可以审核指标数值。"))
    values = IndicatorValue.objects.select_for_update().filter(
        period=period.replace(day=1), indicator__owner=department
    )
    if decision == ReportStatus.APPROVED:
        values, status = values.filter(status=ReportStatus.SUBMITTED), ReportStatus.APPROVED
    elif decision == ReportStatus.RETURNED:
        if not comment.strip():
            raise ValidationError({"comment": _("退回时请写明退回原因。")})
        values = values.filter(status__in=(ReportStatus.SUBMITTED, ReportStatus.APPROVED))
        status = ReportStatus.RETURNED
    else:
        raise ValidationError({"decision": _("审核结论只能是“审核通过”或“退回修改”。")})
    count = 0
    for record in values:
        record.status, record.reviewed_by, record.reviewed_at = status, user, timezone.now()
        record.review_comment = comment.strip()
        record.save()
        count += 1
    return count


def period_status(period: dt.date) -> list[dict]:
    """Each owner department's count of values by status for `period` (the review page), in one query."""
    from django.db.models import Count

    rows = (
        IndicatorValue.objects.filter(period=period.replace(day=1))
        .values("indicator__owner", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict = {}
    for row in rows:
        counts.setdefault(row["indicator__owner"], {})[row["status"]] = row["n"]
    from core.models import Department

    owners = Department.objects.filter(pk__in=Indicator.objects.filter(source=Source.ENTERED).values("owner"))
    expected = dict(
        Indicator.objects.filter(source=Source.ENTERED)
        .values_list("owner")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("owner", "n")
    )
    return [
        {"department": department, "expected": expected.get(department.pk, 0), "counts": counts.get(department.pk, {})}
        for department in owners
    ]
