"""Writing many rows of one model with one statement each, and their change history.

The importer and the publish action change thousands of rows at once. Building
a model instance, and a historical instance, per row costs more than the write
itself, so these functions hand PostgreSQL one array per column
(``unnest(%b::type[], ...)``) and copy the written rows into the history table
in the same statement (``WITH written AS (INSERT ... RETURNING *) INSERT ...``). Column names and types come from the models' ``_meta``.

The statements go through a psycopg cursor that binds parameters on the
server: Django's own cursor quotes every value into the SQL text in Python,
which for arrays of thousands of values costs more than the statement.
"""

import json
import time
from contextlib import contextmanager

import psycopg
from django.db import connection
from django.db.models import JSONField
from django.utils import timezone


@contextmanager
def _cursor():
    """A server-binding cursor on Django's connection, inside its current transaction.

    Its statements are logged like Django's own when queries are being recorded
    (``DEBUG``, ``CaptureQueriesContext``), so tests that count queries see them.
    """
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        yield _LoggedCursor(cursor)


class _LoggedCursor:
    def __init__(self, cursor):
        self.cursor = cursor

    def execute(self, sql, params):
        started = time.monotonic()
        try:
            return self.cursor.execute(sql, params)
        finally:
            if connection.queries_logged:
                connection.queries_log.append(
                    {"sql": sql, "time": f"{time.monotonic() - started:.3f}"}
                )

    def fetchall(self):
        return self.cursor.fetchall()


def fetch(model, fields, key, values) -> list[tuple]:
    """The ``fields`` (attnames) of the rows whose ``key`` is one of ``values``: one query."""
    opts = model._meta
    fields = [opts.get_field(f) for f in fields]
    columns = ", ".join(_quote(f.column) for f in fields)
    key_field = opts.get_field(key)
    sql = (
        f"SELECT {columns} FROM {_quote(opts.db_table)} "
        f"WHERE {_quote(key_field.column)} = ANY(%b::{key_field.db_type(connection)}[])"
    )
    with _cursor() as cursor:
        cursor.execute(sql, [list(values)])
        rows = cursor.fetchall()
    # Django's connection hands JSON over as text, for JSONField to decode.
    decode = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]
    if decode:
        rows = [
            tuple(json.loads(v) if i in decode and v is not None else v for i, v in enumerate(row))
            for row in rows
        ]
    return rows


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _arrays(fields, rows):
    """One parameter per field: its column of ``rows``, ready for ``%b::type[]`` (binary)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(fields)
    params = []
    for field, column in zip(fields, columns, strict=True):
        if isinstance(field, JSONField):
            column = [None if v is None else json.dumps(v) for v in column]
        params.append(list(column))
    casts = ", ".join(f"%b::{field.db_type(connection)}[]" for field in fields)
    return casts, params


def _history(model, rows_sql: str, user, reason: str, history_type: str):
    """``INSERT`` into the model's history table of every row ``rows_sql`` yields."""
    history = model.history.model
    columns = ", ".join(_quote(f.column) for f in model._meta.concrete_fields)
    sql = (
        f"INSERT INTO {_quote(history._meta.db_table)} ({columns}, history_date, "
        "history_change_reason, history_type, history_user_id) "
        f"SELECT {columns}, %s, %s, %s, %s FROM {rows_sql}"
    )
    return sql, [timezone.now(), reason, history_type, getattr(user, "pk", user)]


def insert(model, fields, rows, *, user=None, reason: str) -> None:
    """Insert ``rows`` (tuples in the order of ``fields``) and their history, in one statement."""
    if not rows:
        return
    casts, params = _arrays(fields, rows)
    columns = ", ".join(_quote(f.column) for f in fields)
    history, history_params = _history(model, "written", user, reason, "+")
    sql = (
        f"WITH written AS (INSERT INTO {_quote(model._meta.db_table)} ({columns}) "
        f"SELECT * FROM unnest({casts}) RETURNING *) {history}"
    )
    with _cursor() as cursor:
        cursor.execute(sql, [*params, *history_params])


def update(model, fields, rows, *, user=None, reason: str) -> None:
    """Set ``fields`` of existing rows, each ``(pk, value, ...)``, with history: one statement."""
    if not rows:
        return
    pk = model._meta.pk
    casts, params = _arrays([pk, *fields], rows)
    names = ["pk", *(f"v{i}" for i in range(len(fields)))]
    assignments = ", ".join(
        f"{_quote(f.column)} = v.{name}" for f, name in zip(fields, names[1:], strict=True)
    )
    table = _quote(model._meta.db_table)
    history, history_params = _history(model, "written", user, reason, "~")
    sql = (
        f"WITH written AS (UPDATE {table} SET {assignments} "
        f"FROM unnest({casts}) AS v({', '.join(names)}) "
        f"WHERE {table}.{_quote(pk.column)} = v.pk RETURNING {table}.*) {history}"
    )
    with _cursor() as cursor:
        cursor.execute(sql, [*params, *history_params])


def record_history(model, ids, *, user=None, reason: str, history_type: str) -> None:
    """One history row per id, copied from the row as it is now (``~`` for a change).

    What django-simple-history writes for a save, for any number of rows in one
    statement, for changes made with ``QuerySet.update()``.
    """
    ids = list(ids)
    if not ids:
        return
    table = _quote(model._meta.db_table)
    history, params = _history(
        model,
        f"{table} WHERE {_quote(model._meta.pk.column)} = ANY(%s)",
        user,
        reason,
        history_type,
    )
    with _cursor() as cursor:
        cursor.execute(history, [*params, ids])
