"""Deleting rows others depend on: a clear refusal (a message on the page, 409 in the API), and for the few models
that allow it, the city administrator's explicit deletion with a reason that the history and audit log keep.

Foreign keys to rows whose loss would silently change reported figures (a project's monthly reports) are PROTECT,
so an ordinary delete is refused before anything is removed; `delete_with_reason` is the one way past that.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import PROTECT, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from core.audit import record
from core.models import AuditAction
from core.permissions import DELETE_WITH_REASON, role_allows

MIN_REASON_LENGTH = 5

DEPENDENCY_ERRORS = (ProtectedError, RestrictedError)


def dependents_summary(error) -> str:
    """「月度调度表 3 条、清单成员 1 条」: what keeps the row alive, counted by kind, from Django's refusal."""
    counts: dict[str, int] = {}
    for dependent in getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ()):
        name = str(dependent._meta.verbose_name)
        counts[name] = counts.get(name, 0) + 1
    return _("、").join(_("%(name)s %(count)d 条") % {"name": name, "count": count} for name, count in counts.items())


def protected_message(obj, error) -> str:
    """Why `obj` cannot be deleted and what to do instead, in the user's language."""
    message = _("「%(obj)s」仍有其他数据依赖它（%(dependents)s），不能删除。") % {
        "obj": obj,
        "dependents": dependents_summary(error),
    }
    advice = getattr(obj, "delete_refused_advice", "")
    return f"{message}{advice}" if advice else message


def why_not_deletable(obj) -> str:
    """The refusal `protected_message` would give if `obj` were deleted now, or "" when it can be; nothing is
    deleted (Django's collector is asked, as `delete()` would ask it)."""
    try:
        Collector(using=router.db_for_write(type(obj))).collect([obj])
    except DEPENDENCY_ERRORS as error:
        return protected_message(obj, error)
    return ""


def protected_dependents(obj) -> list:
    """The rows that point at `obj` through PROTECT foreign keys (those `delete_with_reason` removes first)."""
    rows = []
    for relation in obj._meta.related_objects:
        if relation.on_delete is PROTECT and not relation.many_to_many:
            rows.extend(relation.related_model._base_manager.filter(**{relation.field.name: obj}))
    return rows


def delete_with_reason(obj, user, reason: str, request=None) -> int:
    """The city administrator deletes `obj` and the rows protecting it, each deletion recorded in its change history
    with `reason` (their earlier versions stay in the history) and one audit event; returns how many dependents
    went. Everything or nothing is deleted."""
    if not role_allows(user, type(obj), DELETE_WITH_REASON):
        raise PermissionDenied(_("只有市级管理员可以填写理由后删除。"))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(_("请填写删除理由（至少 %(n)d 个字）。") % {"n": MIN_REASON_LENGTH})
    with transaction.atomic():
        dependents = protected_dependents(obj)
        for dependent in dependents:
            dependent._change_reason = reason
            dependent.delete()
        obj._change_reason = reason
        record(request or user, AuditAction.DELETED_WITH_REASON, obj=obj, reason=reason, dependents=len(dependents))
        obj.delete()
    return len(dependents)
