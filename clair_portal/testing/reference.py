"""The reference data, loaded once per test database instead of once per test.

``manage.py load_reference_data`` (Japan's 1,788 local governments, CLAIR's
offices, report types, grant categories, event series, ...) takes most of a
second; every test that asked for it used to pay that. Now the test database
holds it from the start, and what a test changes is undone as before:

- the root conftest's ``django_db_setup`` calls :func:`load` once, right after
  the test database is created and migrated: it runs ``load_reference_data``
  and copies every table then holding rows (the reference data, many-to-many
  tables included, and the content types, permissions and role groups of
  ``post_migrate``) into a schema of its own (``clair_test_snapshot``, which
  Django neither sees nor flushes);
- an ordinary test runs inside a transaction that is rolled back, so its edits
  to a reference row vanish with it;
- a ``transaction=True`` test (a real Celery worker, the live server of the
  browser tests, two threads racing for a lock) commits, so Django ends it with
  ``flush``, whose ``TRUNCATE`` of all 110 tables took seconds on a busy machine
  and left the reference tables empty. While the snapshot exists, that flush
  (``DatabaseOperations.sql_flush``, wrapped by :func:`restore_after_flush`)
  instead deletes the rows of the tables that hold any, except the tables the
  snapshot holds when they still match it (an md5 of each); if one of those
  changed, all of them are emptied and copied back from the snapshot, ids
  included, in the same transaction. The database ends exactly as after the
  first load. ``flush`` then sends ``post_migrate`` (content types, permissions
  and role groups, all still there), and the receiver connected here checks
  that no table holds fewer rows than after the first load (restoring them if
  one does), so no later test can see a half-empty reference set;
- :func:`ensure_present` is what the ``reference_data`` fixture does now: one
  query counting the reference tables, and a restore only if rows are missing.

After a copy back, each table's id sequence is moved past the ids restored
(:func:`_catch_up_sequences`): a test that migrated an app backwards and forwards
made its tables, and their sequences, anew. A test marked ``reset_sequences=True``
would restart the ids under the restored rows; none is, and a test that needs one
should not expect reference data.

Nothing here imports a domain app: the reference data is whatever the apps'
``reference_data.py`` hooks load (see ``load_reference_data``).
"""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.backends.postgresql.operations import DatabaseOperations
from django.db.models.signals import post_migrate

SNAPSHOT_SCHEMA = "clair_test_snapshot"
DISPATCH_UID = "clair_portal.testing.reference.restore_after_flush"

# {table: rows} right after the first load, for every table that held rows then
# (those post_migrate fills included); a table never holds fewer at a test's start.
_expected: dict[str, int] = {}
# The tables load_reference_data filled (emptied by empty() for the loader's own tests).
_loaded: list[str] = []
# Every table that held rows after the first load, copied into the snapshot schema,
# with the md5 of its rows then.
_snapshot: dict[str, str] = {}
_original_sql_flush = DatabaseOperations.sql_flush


class HalfEmptyReferenceData(AssertionError):
    """The reference tables hold fewer rows than after the session's first load."""


def _tables() -> list[str]:
    # Auto-created many-to-many tables too: reference rows live in them (the first
    # sister-city affiliation's Japanese side, the exchange events' participants), and
    # a table missing here is neither snapshotted nor counted, so every flush emptied it.
    models = apps.get_models(include_auto_created=True)
    return sorted({m._meta.db_table for m in models if not m._meta.proxy and m._meta.managed})


def _count(tables: list[str]) -> dict[str, int]:
    """Rows in each of ``tables``, in one query."""
    if not tables:
        return {}
    quote = connection.ops.quote_name
    selects = ", ".join(f"(SELECT count(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def load() -> dict[str, int]:
    """Load the reference data into the test database, snapshot it, remember its counts.

    Called once per test session (per xdist process), outside any test's transaction,
    so the rows are committed and every test, the live server and a Celery worker see
    them. It starts from a flushed database, so that a database kept from an earlier
    run (``--reuse-db``) is snapshotted exactly like a new one.
    """
    call_command("flush", interactive=False, verbosity=0)
    tables = _tables()
    before = _count(tables)
    call_command("load_reference_data", stdout=StringIO())
    after = _count(tables)
    _expected.clear()
    _expected.update({t: n for t, n in after.items() if n})
    _loaded[:] = [t for t in tables if after[t] > before[t]]
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
        for table in _expected:
            cursor.execute(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
    _snapshot.clear()
    _snapshot.update(_checksums(list(_expected)))
    return dict(_expected)


def _checksums(tables: list[str]) -> dict[str, str]:
    """An md5 of each table's rows (all columns, in a fixed order), in one query."""
    quote = connection.ops.quote_name
    selects = ", ".join(
        f"(SELECT md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) FROM {quote(t)} r)"
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _holding_rows(tables: list[str]) -> set[str]:
    quote = connection.ops.quote_name
    selects = ", ".join(f"EXISTS (SELECT 1 FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return {t for t, full in zip(tables, cursor.fetchone(), strict=True) if full}


def _copy_back(table: str, *, skip_present: bool) -> str:
    quote = connection.ops.quote_name
    sql = f"INSERT INTO {quote(table)} SELECT * FROM {SNAPSHOT_SCHEMA}.{quote(table)}"
    return sql + " ON CONFLICT DO NOTHING" if skip_present else sql


def _catch_up_sequences(tables) -> list[str]:
    """Move each table's id sequence past the ids copied back into it.

    The rows come back with their ids, which the sequences do not see: after a test
    that migrated an app backwards and forwards again (its tables dropped and made
    anew, their sequences starting at 1), the next row created would take id 1 and
    fail as a duplicate key. A sequence already ahead stays where it is, so ids never
    repeat within a session.
    """
    quote = connection.ops.quote_name
    columns = {
        m._meta.db_table: m._meta.pk.column
        for m in apps.get_models(include_auto_created=True)
        if m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField")
    }
    sql = []
    for table in tables:
        if table not in columns:
            continue
        column = columns[table]
        sequence = f"(SELECT pg_get_serial_sequence('{quote(table)}', '{column}')::regclass AS s)"
        sql.append(
            f"SELECT setval(s, greatest(coalesce(pg_sequence_last_value(s), 1),"
            f" (SELECT coalesce(max({quote(column)}), 1) FROM {quote(table)})))"
            f" FROM {sequence} AS sequence"
        )
    return sql


def restore() -> None:
    """Copy the snapshot back into its tables, skipping rows still there.

    In one transaction, so the foreign keys between those tables (deferred in
    PostgreSQL) are checked once every table is back.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _snapshot:
            cursor.execute(_copy_back(table, skip_present=True))
        for statement in _catch_up_sequences(_snapshot):
            cursor.execute(statement)


def _sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """``flush`` for a test database holding the snapshot: delete only what a test added.

    Yields the same end state as ``TRUNCATE`` of every table followed by a restore
    of the snapshot, without rewriting 110 tables' files each time.
    """
    if reset_sequences or not _snapshot or self.connection.alias != DEFAULT_DB_ALIAS:
        return _original_sql_flush(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    full = _holding_rows(list(tables)) if tables else set()
    changed = _checksums(list(_snapshot)) != _snapshot
    clear = [t for t in tables if t in full and (changed or t not in _snapshot)]
    # Deferred foreign keys: the order of the deletes does not matter within the
    # flush's transaction, only that nothing points at a deleted row when it commits.
    sql = [f"DELETE FROM {self.quote_name(t)}" for t in clear]
    if changed:
        sql += [_copy_back(t, skip_present=False) for t in _snapshot]
        sql += _catch_up_sequences(_snapshot)
    return sql


def empty() -> None:
    """Truncate the tables the reference load fills, inside the current transaction.

    For the tests of the loader itself, which must start from a database as fresh as
    a new installation's; the test's rollback brings the rows back.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in _loaded)} CASCADE")


def missing() -> dict[str, tuple[int, int]]:
    """The tables holding fewer rows than after :func:`load`: ``{table: (now, expected)}``."""
    now = _count(list(_expected))
    return {t: (now[t], n) for t, n in _expected.items() if now[t] < n}


def ensure_present() -> None:
    """Restore the snapshot only if a table lost rows (one query when none did).

    Inside a test's transaction the restore is rolled back with the test, like any
    other write.
    """
    if missing():
        restore()
        _check()


def _check() -> None:
    gaps = missing()
    if gaps:
        lines = ", ".join(f"{t}: {now} of {n}" for t, (now, n) in sorted(gaps.items()))
        raise HalfEmptyReferenceData(f"reference tables lost rows after a restore: {lines}")


def _last_app_with_models():
    return [c for c in apps.get_app_configs() if c.models_module is not None][-1]


def _after_flush(sender, **kwargs):
    # post_migrate is sent once per app; check after the last one, when content
    # types, permissions and role groups are all there.
    if sender is not _last_app_with_models():
        return
    ensure_present()
    _check()


def restore_after_flush() -> None:
    """From now on ``flush`` leaves the test database as :func:`load` left it."""
    DatabaseOperations.sql_flush = _sql_flush
    post_migrate.connect(_after_flush, dispatch_uid=DISPATCH_UID)


def stop_restoring() -> None:
    DatabaseOperations.sql_flush = _original_sql_flush
    post_migrate.disconnect(dispatch_uid=DISPATCH_UID)
