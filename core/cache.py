"""Cached figures that are never stale: a computed result is kept under the data version it was computed from.

A figure served from a cache after the data behind it changed would be silently wrong, so a cached value is
looked up by (what was asked, whose scope, the language, the data version). The data version is one database row
(`core.models.DataVersion`), moved on after every committed write to any table but the bookkeeping ones
(sessions, the audit log, logins, tasks): a connection wrapper sees each INSERT, UPDATE, DELETE or other writing
statement as it goes to the database, so form saves, the API, Excel imports, `bulk_create`/`bulk_update`,
`queryset.update()` and hand-written SQL all count, with no list of write paths to keep up. Inside a transaction
the move waits for the commit (others must not see a version whose data they cannot read yet); until then, the
writing connection does not use the cache at all, since it reads its own uncommitted rows.

The version lives in the database, so every worker process sees the same one and one query per request reads it.
The cache itself is Django's default cache: per-process memory unless `CACHES` names another (`REDIS_URL` in
production shares it between workers, docs/operations.md).
"""

import hashlib
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import translation

# Writing statements, with the table they write (TRUNCATE, COPY and MERGE count whatever they name). Schema changes
# (CREATE, ALTER, DROP) change no row; the data migrations that come with them write rows, and count.
WRITE = re.compile(
    r"^\s*(?:(?:INSERT|REPLACE)(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|(TRUNCATE|COPY|MERGE))"
    r"\b\s*(?:ONLY\s+)?[\"`\[]?(\w*)",
    re.IGNORECASE,
)
# A data-modifying common table expression: "WITH x AS (UPDATE …)" or "WITH … ) DELETE FROM …".
WITH_WRITE = re.compile(r"^\s*WITH\b.*?(?:AS\s*\(\s*|\)\s*)(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE | re.DOTALL)
DEFAULT_TIMEOUT = 15 * 60  # seconds: a bound on memory, not on staleness (the version takes care of that)


def _quiet_tables() -> frozenset[str]:
    """Tables whose writes change no figure: sessions, logins and lockouts, the audit log, task runs and the task
    queue, the user accounts (a user's scope is part of every cache key instead), their histories, and the version."""
    from django.apps import apps

    quiet = ["sessions.Session", "core.AuditEvent", "core.ScheduledRun", "core.DataVersion", settings.AUTH_USER_MODEL]
    models = []
    for label in quiet:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            pass
    for app in ("axes", "django_tasks_database", "admin", "authtoken"):
        try:
            models.extend(apps.get_app_config(app).get_models())
        except LookupError:
            pass
    history = [model.history.model for model in models if hasattr(getattr(model, "history", None), "model")]
    return frozenset(model._meta.db_table for model in (*models, *history))


_QUIET: frozenset[str] | None = None


def writes_data(sql: str) -> bool:
    """Whether a statement may change a figure: a write to any table but the quiet ones."""
    global _QUIET
    found = WRITE.match(sql)
    if found is None:
        return bool(WITH_WRITE.match(sql)) if sql.lstrip()[:4].upper() == "WITH" else False
    if found.group(1):  # TRUNCATE, COPY, MERGE: count them all (a flush empties every table)
        return True
    if _QUIET is None:
        _QUIET = _quiet_tables()
    return found.group(2) not in _QUIET


def _bump_on(alias: str):
    def bump():
        bump.done = True
        bump_version(alias)

    bump.data_version_bump, bump.done = True, False
    return bump


def _pending(connection) -> bool:
    """Whether this connection holds a write whose version move still waits for the commit."""
    return any(getattr(func, "data_version_bump", False) and not func.done for _, func, *_ in connection.run_on_commit)


def _watch(connection):
    """The execute wrapper: after a writing statement, move the version on (now, or when the transaction commits)."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and writes_data(sql) and not _pending(connection):
            connection.on_commit(_bump_on(connection.alias))
        return result

    wrapper.data_version_watch = True
    return wrapper


def install(sender=None, connection=None, **kwargs) -> None:
    """Watch a connection's statements (connected to `connection_created`, so every new connection is watched)."""
    if not any(getattr(w, "data_version_watch", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_watch(connection))


def connect() -> None:
    """Watch every database connection from now on (CoreConfig.ready)."""
    connection_created.connect(install, dispatch_uid="core.cache.install")


_READY: set[str] = set()  # the database aliases known to have the version's table


def bump_version(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the data version on: every value cached before is from then on out of date. Does nothing while the
    version's table does not exist yet (the migrations that write rows before creating it)."""
    from core.models import DataVersion

    if using not in _READY:
        if DataVersion._meta.db_table not in connections[using].introspection.table_names():
            return
        _READY.add(using)
    # From the clock (and always forward): a value rolled back or emptied (a test's flush) is never named again.
    now = time.time_ns()
    if not DataVersion.objects.using(using).filter(pk=1).update(value=Greatest(F("value") + 1, Value(now))):
        DataVersion.objects.using(using).update_or_create(pk=1, defaults={"value": now})


def data_version(using: str = DEFAULT_DB_ALIAS) -> int:
    """The current data version: one query."""
    from core.models import DataVersion

    # Every request reads it: a fixed statement skips the ORM's compiling (~0.3 ms of a cached page's ~2 ms).
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {connection.ops.quote_name(DataVersion._meta.db_table)} WHERE id = 1")
        row = cursor.fetchone()
    value = None if row is None else row[0]
    if value is None:
        bump_version(using)
        return data_version(using)
    return value


def request_version(request) -> int:
    """The data version once per request: the view and the page's header (the bell) look values up under the same
    version without reading it twice. Read when first asked, so after whatever the view wrote."""
    version = getattr(request, "_data_version", None)
    if version is None:
        version = request._data_version = data_version()
    return version


def scope_key(user, ignoring: tuple[str, ...] = ()) -> str:
    """The user's reach as the permission policy sees it, for every model's view line: users with the same key see
    the same rows everywhere, so they may share a cached value; anyone else gets a key of their own. `ignoring`
    names models ("app.Model") the cached value never reads, whose own-rows lines (everyone's notifications)
    would otherwise give every user a key of their own."""
    from core.permissions import policy_identity, view_reach

    if user is None:
        return "all"
    if not user.is_authenticated:
        return "anonymous"
    # Computed once per process for each identity the policy tells apart: it was ~1 ms of every cached page's CPU.
    identity = (*policy_identity(user), *ignoring)
    key = _SCOPE_KEYS.get(identity)
    if key is None:
        if len(_SCOPE_KEYS) >= 4096:  # a bound on memory
            _SCOPE_KEYS.clear()
        parts = view_reach(user, ignoring)
        key = _SCOPE_KEYS[identity] = hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]
    return key


_SCOPE_KEYS: dict[tuple, str] = {}


def key_for(name: str, parts: tuple, user=None, version: int | None = None, ignoring: tuple[str, ...] = ()):
    """The cache key of (`name`, `parts`, the user's scope, the language, the data version), or None while this
    connection holds a write still to commit (its reads see rows no one else does: nothing may be cached or named
    by a version then). A value derived from a cached one (its rendered bytes, an ETag) is keyed the same way."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and _pending(connection):
        return None
    key_parts = (name, scope_key(user, ignoring), translation.get_language() or "", version or data_version(), *parts)
    return "figures:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()


def cached(
    name: str,
    parts: tuple,
    compute: Callable,
    user=None,
    version: int | None = None,
    ignoring: tuple[str, ...] = (),
    timeout: int = DEFAULT_TIMEOUT,
):
    """`compute()`, or the value it returned for the same `name`, `parts`, user's scope, language and data version.

    `parts` must name everything else the value depends on (month, region, today's date …); `version`, when the
    caller has read it already for another value of the same request, saves reading it again; `ignoring`, the
    models the value never reads (`scope_key`). A connection with a
    write still to commit computes afresh and stores nothing.
    """
    key = key_for(name, parts, user, version, ignoring)
    return compute() if key is None else cached_under(key, compute, timeout)


def cached_under(key: str, compute: Callable, timeout: int = DEFAULT_TIMEOUT):
    """`compute()`, or the value it returned for `key` (from `key_for`)."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
