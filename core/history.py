"""Change history for an object's page: who changed what, when, from what to what."""

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

CHANGE_TYPES = {"+": _("创建"), "~": _("修改"), "-": _("删除")}


@dataclass
class HistoryEntry:
    """One recorded change, ready to show."""

    when: datetime
    who: str
    kind: str
    subject: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    user_id: int | None = None  # whose name `who` shows (read afresh: user accounts do not move the data version)
    user_changes: list[tuple[int, int | None, int | None]] = field(default_factory=list)  # (change, old, new) ids


def _display(record, field_name, value, related: dict):
    model_field = record.instance_type._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation and value is not None:
        found = related.get(model_field.related_model, {}).get(value)
        return str(found) if found is not None else str(value)
    return "" if value is None else str(value)


def _related_objects(raw) -> dict:
    """Every object a changed foreign key points at, one query per related model (not one per change)."""
    wanted: dict = {}
    for record, changes in raw:
        for change in changes:
            model_field = record.instance_type._meta.get_field(change.field)
            if model_field.is_relation and not model_field.choices:
                ids = wanted.setdefault(model_field.related_model, set())
                ids.update(value for value in (change.old, change.new) if value is not None)
    return {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items() if ids}


def history_entries(records, subject="", limit=200) -> list[HistoryEntry]:
    """Turn historical records into entries (newest first) with before/after values for changed fields."""
    records = list(records.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    # One more than shown tells whether the records were cut: if not, an object's oldest record shown is its
    # oldest record, so it has no predecessor to look up.
    complete = len(records) <= limit
    records = records[:limit]
    # Records may cover several objects (e.g. all of a project's plans): diff each against the next older
    # record of the same object; only the oldest one shown (of a cut list) needs a query for its predecessor.
    older: dict = {}
    for record in reversed(records):
        record._older = older.get(record.id)
        older[record.id] = record
    raw = []
    for record in records:
        changes = []
        if record.history_type == "~":
            previous = record._older or (None if complete else record.prev_record)
            if previous is not None:
                changes = record.diff_against(previous).changes
        raw.append((record, changes))
    related = _related_objects(raw)
    user_model = get_user_model()
    entries = []
    for record, changes in raw:
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=user.display_name if user else str(_("系统")),
                kind=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
                subject=subject or str(record.instance_type._meta.verbose_name),
                reason=record.history_change_reason or "",
                user_id=record.history_user_id,
                changes=[
                    (
                        str(record.instance_type._meta.get_field(change.field).verbose_name),
                        _display(record, change.field, change.old, related),
                        _display(record, change.field, change.new, related),
                    )
                    for change in changes
                ],
                user_changes=[
                    (index, change.old, change.new)
                    for index, change in enumerate(changes)
                    if getattr(record.instance_type._meta.get_field(change.field), "related_model", None) is user_model
                ],
            )
        )
    return entries


def merged_history(obj, related: list[tuple] = (), user=None) -> list[HistoryEntry]:
    """The object's own history plus that of its child rows (plans, list memberships …) that `user` may see,
    newest first.

    A list's page merges the memberships of every project on it: a district sees only the changes to its own
    projects' memberships (and their notes), as the policy scopes the child model. The object's own history
    is shown whole, since the page is only reached by those who may see the object.
    """
    from core.cache import cached

    parts = (obj._meta.label, obj.pk, tuple((model._meta.label, fk_name) for model, fk_name in related))
    entries = cached("history", parts, lambda: _merged_history(obj, related, user), user=user)
    return _with_current_names(entries)


def _with_current_names(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """The entries with the names of users (authors, and users a change points at) as they are now, in one query:
    the history is kept in core.cache (records, diffs and related rows cost a dozen queries per page), but a
    renamed account does not move the data version, so user names are never taken from the cache."""
    ids = {entry.user_id for entry in entries if entry.user_id is not None}
    ids |= {value for entry in entries for _i, *values in entry.user_changes for value in values if value is not None}
    users = get_user_model()._default_manager.in_bulk(ids) if ids else {}

    def name(value) -> str:  # as _display shows a user a change points at
        return "" if value is None else str(users[value]) if value in users else str(value)

    shown = []
    for entry in entries:
        who = entry.who
        if entry.user_id is not None:
            who = users[entry.user_id].display_name if entry.user_id in users else str(_("系统"))
        changes = list(entry.changes)
        for index, old, new in entry.user_changes:
            changes[index] = (changes[index][0], name(old), name(new))
        shown.append(replace(entry, who=who, changes=changes))
    return shown


def _merged_history(obj, related, user) -> list[HistoryEntry]:
    """merged_history computed from the history tables."""
    from core.permissions import VIEW, restrict

    entries = history_entries(obj.history.all())
    for model, fk_name in related:
        records = model.history.filter(**{f"{fk_name}_id": obj.pk})
        if user is not None:
            records = restrict(records, user, VIEW, model=model)
        entries += history_entries(records, subject=str(model._meta.verbose_name))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
