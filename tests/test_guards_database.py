"""The database backend's time limits: connect, statement, and the client's own deadline.

A frozen server is the fault suite's (tests/faults/test_postgres.py); here a
server that is busy and does not cancel (``pg_sleep`` with no statement
timeout) stands in for one that does not answer.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

from clair_portal import db
from clair_portal.celery import worker_statement_timeout
from clair_portal.db.base import DatabaseWrapper
from clair_portal.db.deadline import watchdog

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_connection():
    """A connection of the test's own, opened with the settings as they are now."""
    opened = []

    def open_one():
        database = connections.create_connection(DEFAULT_DB_ALIAS)
        opened.append(database)
        return database

    yield open_one
    for database in opened:
        database.close()


def show(database, parameter: str) -> str:
    with database.cursor() as cursor:
        cursor.execute(f"SHOW {parameter}")
        return cursor.fetchone()[0]


def test_connections_carry_the_statement_timeout_and_connect_timeout(fresh_connection, settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 30
    database = fresh_connection()
    assert show(database, "statement_timeout") == "30s"
    assert database.get_connection_params()["connect_timeout"] == settings.DATABASE_CONNECT_TIMEOUT


def test_a_celery_worker_gets_its_own_statement_timeout(fresh_connection, settings, monkeypatch):
    monkeypatch.setattr(db, "_statement_timeout_override", None)
    settings.WORKER_DATABASE_STATEMENT_TIMEOUT = 600
    worker_statement_timeout()
    assert show(fresh_connection(), "statement_timeout") == "10min"


def test_creating_and_dropping_databases_is_not_limited(settings):
    """The server-level connection (test databases) waits for checkpoints, however long."""
    from django.db import connection

    settings.DATABASE_STATEMENT_TIMEOUT = 30
    with connection._nodb_cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_no_statement_timeout_means_none_on_either_side(fresh_connection, settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 0
    database = fresh_connection()
    assert show(database, "statement_timeout") == "0"
    assert database.statement_deadline() is None


def test_the_server_cancels_a_statement_past_its_timeout(fresh_connection, settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 1
    database = fresh_connection()
    started = time.monotonic()
    with pytest.raises(OperationalError, match="statement timeout"):
        show(database, "statement_timeout")  # connects with the setting
        with database.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
    assert time.monotonic() - started < 4


def test_a_server_that_does_not_answer_is_broken_off_at_the_client_deadline(
    fresh_connection, settings, monkeypatch, caplog
):
    settings.DATABASE_STATEMENT_TIMEOUT = 0  # the server will not cancel it
    monkeypatch.setattr(DatabaseWrapper, "statement_deadline", lambda self: 0.5)
    database = fresh_connection()
    database.ensure_connection()
    started = time.monotonic()
    with pytest.raises(OperationalError), database.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(3)")
    assert time.monotonic() - started < 2
    assert "the database did not answer within 0.5 s" in caplog.text
    # The broken connection is dropped and the next one works.
    assert database.is_usable() is False
    database.close()
    assert show(fresh_connection(), "server_version")


def test_the_watchdog_wakes_a_read_that_would_block_forever():
    left, right = socket.socketpair()
    with left, right:
        got = {}

        def read():
            with watchdog.watch(left.fileno(), 0.2) as watch:
                got["data"] = left.recv(10)
            got["tripped"] = watch.tripped

        reader = threading.Thread(target=read)
        started = time.monotonic()
        reader.start()
        reader.join(5)
        assert not reader.is_alive()
        assert time.monotonic() - started < 2
        assert got == {"data": b"", "tripped": True}


def test_a_call_that_finishes_in_time_is_left_alone():
    left, right = socket.socketpair()
    with left, right:
        right.sendall(b"hello")
        with watchdog.watch(left.fileno(), 0.2) as watch:
            assert left.recv(10) == b"hello"
        time.sleep(0.4)
        assert watch.tripped is False
        right.sendall(b"again")  # the socket is still whole
        assert left.recv(10) == b"again"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_STATEMENT_TIMEOUT", "-1", "DATABASE_STATEMENT_TIMEOUT='-1' must be at least 0"),
        ("DATABASE_CONNECT_TIMEOUT", "soon", "DATABASE_CONNECT_TIMEOUT='soon' is not a whole"),
        ("REDIS_TIMEOUT", "0", "REDIS_TIMEOUT='0' must be at least 0.1"),
    ],
)
def test_a_time_limit_that_makes_no_sense_stops_start_up_naming_it(name, value, message):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, name: value},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert message in result.stderr
