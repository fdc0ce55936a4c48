"""Writing imported projects and their history rows in bulk, inside the import's one transaction.

The ORM's bulk_create builds a model instance per row and costs more than reading the file; at 100,000 rows that
breaks the import's speed target, so rows go to the database with `executemany` on the connection's own cursor
(on SQLite with their values converted a column at a time beforehand, see _SqliteRows), a batch at a time while
the importer goes through the file, so that a long list is never held in memory twice. Each created or changed
project also gets its simple-history row ("+" or "~", with the import's reason and user), copied inside the
database from the row just written, so the change log and the as-of figures read imports like any other edit.
Everything happens in the caller's transaction: a crash or kill leaves nothing behind.

(Writing from a background thread while the importer checks later rows was tried twice, with one row and with
500 rows per statement: sqlite3 binds parameters holding the GIL, and the two threads slowed each other down
more than they overlapped.)
"""

import datetime as dt
from operator import itemgetter

from django.db import connection
from django.utils import timezone

from projects.models import Project

# The columns an import may set; all other columns keep what they hold.
EDITABLE = [
    "external_key",
    "national_code",
    "name",
    "owner",
    "region_id",
    "address",
    "industry",
    "construction_content",
    "total_investment",
    "planned_start",
    "planned_finish",
    "actual_start",
    "actual_finish",
    "stage",
    "stage_before_pause",
    "responsible_department_id",
]
# What a new project holds in the columns its row leaves blank: the model's own defaults, as stored (choices as
# their plain value), for every column a row need not give.
REQUIRED_ON_CREATE = {"name", "owner", "region_id", "total_investment"}
NEW_DEFAULTS = {
    field.attname: str(default) if isinstance(default := field.get_default(), str) else default
    for field in Project._meta.concrete_fields
    if field.attname in {*EDITABLE, "longitude", "latitude"} - REQUIRED_ON_CREATE
}
BATCH = 2000
STAMPED = ("created", "updated")  # set to the import's own timestamp
INSERT_COLUMNS = [*STAMPED, *EDITABLE, "longitude", "latitude"]


class ProjectWriter:
    """Takes checked rows one by one and writes them in batches; use inside `transaction.atomic()`, then finish()."""

    def __init__(self, *, reason: str, user_id: int | None):
        quote = connection.ops.quote_name
        table = quote(Project._meta.db_table)
        history = Project.history.model
        tracked = ", ".join(quote(field.attname) for field in history.tracked_fields)
        self.sqlite = _SqliteRows(INSERT_COLUMNS) if connection.vendor == "sqlite" else None
        marks = self.sqlite.marks() if self.sqlite is not None else ["%s"] * len(INSERT_COLUMNS)
        self.insert_sql = "INSERT INTO {} ({}) VALUES ({})".format(
            table, ", ".join(quote(c) for c in INSERT_COLUMNS), ", ".join(marks)
        )
        self.update_sql = "UPDATE {} SET {}, {} = %s WHERE {} = %s".format(
            table, ", ".join(f"{quote(c)} = %s" for c in EDITABLE), quote("updated"), quote("id")
        )
        self.max_id_sql = f"SELECT MAX({quote('id')}) FROM {table}"  # noqa: S608 - names come from the model
        # History rows are copied from the rows just written: new ones are those above the highest id before the
        # batch that carry this import's timestamp, changed ones are named by id.
        copy = (
            f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
            f"({tracked}, history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {tracked}, %s, %s, %s, %s FROM {table} WHERE "
        )
        self.history_new_sql = copy + f"{quote('id')} > %s AND {quote('created')} = %s"
        self.history_changed_sql = copy + f"{quote('id')} IN ({{}})"
        self.new_row = itemgetter(*EDITABLE, "longitude", "latitude")
        self.changed_row = itemgetter(*EDITABLE)
        self.reason, self.user_id = reason, user_id
        self.stamp = connection.ops.adapt_datetimefield_value(timezone.now())
        self.creates: list[dict] = []
        self.updates: list[tuple[int, dict]] = []
        self.cursor = connection.cursor()
        if self.sqlite is not None:
            # SQLite's default 2 MB page cache makes a 100,000-row transaction spill index pages to disk again
            # and again; this connection may use up to 256 MB while it writes.
            self.cursor.execute("PRAGMA cache_size = -262144")

    def add(self, pk: int | None, values: dict) -> None:
        """Take one checked row: a new project (pk None) or the full new values of project `pk`."""
        if pk is None:
            self.creates.append(values)
            if len(self.creates) >= BATCH:
                self._create(self.creates)
                self.creates = []
        else:
            self.updates.append((pk, values))
            if len(self.updates) >= BATCH:
                self._update(self.updates)
                self.updates = []

    def finish(self) -> None:
        """Write what is left."""
        if self.creates:
            self._create(self.creates)
        if self.updates:
            self._update(self.updates)
        self.creates, self.updates = [], []
        self.cursor.close()

    def _create(self, batch: list[dict]) -> None:
        cursor, stamp = self.cursor, self.stamp
        cursor.execute(self.max_id_sql)
        before = cursor.fetchone()[0] or 0
        if self.sqlite is not None:
            cursor.executemany(self.insert_sql, self.sqlite.rows(batch, stamp))
        else:
            cursor.executemany(self.insert_sql, [(stamp, stamp, *self.new_row(values)) for values in batch])
        cursor.execute(self.history_new_sql, [stamp, self.reason, "+", self.user_id, before, stamp])

    def _update(self, batch: list[tuple[int, dict]]) -> None:
        cursor, stamp = self.cursor, self.stamp
        cursor.executemany(self.update_sql, [(*self.changed_row(values), stamp, pk) for pk, values in batch])
        ids = [pk for pk, _values in batch]
        cursor.execute(
            self.history_changed_sql.format(", ".join(["%s"] * len(ids))),
            [stamp, self.reason, "~", self.user_id, *ids],
        )


class _SqliteRows:
    """New rows as SQLite stores them, converted a column at a time before binding.

    Python's sqlite3 module looks up an adapter for every parameter that is not a plain str, int or float (a
    date, a Decimal, and even None), one lookup per value; on a 100,000-row import that is a sixth of the
    writing time. Here dates become ISO text and decimals text, as Django's own SQLite adapters make them, and
    None in a nullable column is bound as '' and turned back into NULL by NULLIF in the statement (no such
    column ever holds ''), so every parameter binds as it is.
    """

    def __init__(self, columns: list[str]):
        fields = {field.attname: field for field in Project._meta.concrete_fields}
        self.columns = columns
        self.nullable = {name for name in columns if fields[name].null}
        # How a value is written as text where Django's SQLite adapters would otherwise be called per value.
        as_text = {"DateField": dt.date.isoformat, "DecimalField": str}
        kinds = {name: fields[name].get_internal_type() for name in columns}
        self.as_text = {name: as_text[kind] for name, kind in kinds.items() if kind in as_text}

    def marks(self) -> list[str]:
        """The INSERT's placeholders: NULLIF(%s, '') for the nullable columns."""
        return ["NULLIF(%s, '')" if name in self.nullable else "%s" for name in self.columns]

    def rows(self, batch: list[dict], stamp: str) -> list[tuple]:
        """The batch's parameter tuples; created and updated are the import's stamp."""
        columns = []
        for name in self.columns:
            if name in STAMPED:
                columns.append([stamp] * len(batch))
                continue
            values = list(map(itemgetter(name), batch))
            # A blank stays None in a column that may not be blank, so the database refuses it as before.
            blank = "" if name in self.nullable else None
            if name in self.as_text:
                text = self.as_text[name]
                values = [blank if value is None else text(value) for value in values]
            elif blank is not None and None in values:
                values = [blank if value is None else value for value in values]
            columns.append(values)
        return list(zip(*columns, strict=True))
