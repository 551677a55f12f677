"""The reference data, loaded once per test database instead of once per test.

``manage.py load_reference_data`` (Japan's 1,788 local governments, CLAIR's
offices, report types, grant categories, event series, ...) takes most of a
second; every test that asked for it used to pay that. Now the test database
holds it from the start, and what a test changes is undone as before:

- the root conftest's ``django_db_setup`` calls :func:`load` once, right after
  the test database is created and migrated, and :func:`restore_after_flush`;
- an ordinary test runs inside a transaction that is rolled back, so its edits
  to a reference row vanish with it;
- a ``transaction=True`` test (a real Celery worker, the live server of the
  browser tests, two threads racing for a lock) ends with Django truncating
  every table. ``flush`` then sends ``post_migrate`` so that content types,
  permissions and the role groups come back; the receiver connected here
  loads the reference data again in that same moment and checks that every
  table holds at least the rows it held after the first load, so no later test
  can see a half-empty reference set;
- :func:`ensure_present` is what the ``reference_data`` fixture does now: one
  query counting the reference tables, and a load only if rows are missing.

Nothing here imports a domain app: the reference data is whatever the apps'
``reference_data.py`` hooks load (see ``load_reference_data``).
"""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_migrate

# {table name: rows} right after the first load: the tables that load (and the
# post_migrate handlers before it) filled, and how full.
_expected: dict[str, int] = {}
# The tables load_reference_data itself filled (not the post_migrate handlers).
_loaded: list[str] = []
DISPATCH_UID = "clair_portal.testing.reference.restore_after_flush"


class HalfEmptyReferenceData(AssertionError):
    """The reference tables hold fewer rows than after the session's first load."""


def _populated_models():
    return [m for m in apps.get_models() if not m._meta.proxy and m._meta.managed]


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
    """Load the reference data into the (new) test database and remember what it holds.

    Called once per test session (per xdist worker), outside any test's transaction, so
    the rows are committed and every test, the live server and a Celery worker see them.
    """
    tables = sorted({m._meta.db_table for m in _populated_models()})
    before = _count(tables)
    call_command("load_reference_data", stdout=StringIO())
    after = _count(tables)
    _expected.clear()
    _expected.update({t: n for t, n in after.items() if n})
    _loaded[:] = [t for t in tables if after[t] > before[t]]
    return dict(_expected)


def empty() -> None:
    """Truncate the tables the reference load fills, inside the current transaction.

    For the tests of the loader itself, which must start from a database as fresh as
    a new installation's; the test's rollback brings the rows back.
    """
    if not _expected:
        load()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in _loaded)} CASCADE")


def missing() -> dict[str, tuple[int, int]]:
    """The tables holding fewer rows than after :func:`load`: ``{table: (now, expected)}``."""
    now = _count(list(_expected))
    return {t: (now[t], n) for t, n in _expected.items() if now[t] < n}


def ensure_present() -> None:
    """Load the reference data again only if a table lost rows (one query when it did not).

    Inside a test's transaction the load is rolled back with the test, like any other write.
    """
    if not _expected:
        load()
    elif missing():
        call_command("load_reference_data", stdout=StringIO())
        _check()


def _check() -> None:
    gaps = missing()
    if gaps:
        lines = ", ".join(f"{t}: {now} of {n}" for t, (now, n) in sorted(gaps.items()))
        raise HalfEmptyReferenceData(f"reference tables lost rows after a reload: {lines}")


def _last_app_with_models():
    return [c for c in apps.get_app_configs() if c.models_module is not None][-1]


def _reload(sender, **kwargs):
    # post_migrate is sent once per app; load after the last one, when content types,
    # permissions and role groups are all back.
    if sender is not _last_app_with_models():
        return
    call_command("load_reference_data", stdout=StringIO())
    _check()


def restore_after_flush() -> None:
    """Reload the reference data whenever ``flush`` empties the test database."""
    post_migrate.connect(_reload, dispatch_uid=DISPATCH_UID)


def stop_restoring() -> None:
    post_migrate.disconnect(dispatch_uid=DISPATCH_UID)
