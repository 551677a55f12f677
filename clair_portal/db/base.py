"""Django's PostgreSQL backend with connect, statement and client-side deadlines."""

import contextlib

from django.conf import settings
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.postgresql import base

from clair_portal import db
from clair_portal.db.deadline import watchdog

# The server cancels a statement at its statement_timeout; the client waits this
# much longer before deciding the server itself is gone.
GRACE_SECONDS = 5


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(_execute_within_deadline)

    def get_connection_params(self):
        params = super().get_connection_params()
        params.setdefault("connect_timeout", settings.DATABASE_CONNECT_TIMEOUT)
        option = f"-c statement_timeout={self.statement_timeout() * 1000}"
        params["options"] = f"{params['options']} {option}" if params.get("options") else option
        return params

    def statement_timeout(self) -> int:
        # Creating or dropping a database (the test runner's connection to the
        # server itself) waits for a checkpoint: no limit there.
        return 0 if self.alias == NO_DB_ALIAS else db.statement_timeout()

    def statement_deadline(self) -> float | None:
        timeout = self.statement_timeout()
        return timeout + GRACE_SECONDS if timeout else None

    def within(self, seconds: float | None):
        """A context that breaks off this connection if its block outlives ``seconds``."""
        try:
            fd = self.connection.fileno() if seconds and self.connection is not None else None
        except Exception:  # a connection already lost: nothing left to wait on
            fd = None
        return contextlib.nullcontext() if fd is None else watchdog.watch(fd, seconds)

    def is_usable(self):
        # A kept connection is checked before each request uses it
        # (CONN_HEALTH_CHECKS): a frozen server must fail that check quickly.
        with self.within(settings.DATABASE_CONNECT_TIMEOUT):
            return super().is_usable()

    def init_connection_state(self):
        with self.within(self.statement_deadline()):
            super().init_connection_state()

    def _commit(self):
        with self.within(self.statement_deadline()):
            return super()._commit()

    def _rollback(self):
        with self.within(self.statement_deadline()):
            return super()._rollback()


def _execute_within_deadline(execute, sql, params, many, context):
    connection = context["connection"]
    with connection.within(connection.statement_deadline()):
        return execute(sql, params, many, context)
