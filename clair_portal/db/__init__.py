"""The portal's PostgreSQL backend: Django's, with time limits on every wait.

``ENGINE = "clair_portal.db"``. A PostgreSQL that is down, unreachable or
frozen must cost a request seconds, not the whole outage:

- a new connection gives up after ``DATABASE_CONNECT_TIMEOUT`` (libpq's
  ``connect_timeout``);
- the server cancels a statement after ``DATABASE_STATEMENT_TIMEOUT``
  (``statement_timeout``; ``WORKER_DATABASE_STATEMENT_TIMEOUT`` in a Celery
  worker, whose reports and imports run longer);
- a server that stops answering altogether cannot cancel anything, so the
  client keeps its own deadlines (``deadline.py``): the health check of a kept
  connection (``CONN_HEALTH_CHECKS``) within the connect timeout, a statement,
  commit or rollback a few seconds after the server should have cancelled it.
  Past its deadline the connection is broken off, the request fails with an
  ``OperationalError`` (a 503 page, ``clair_portal.views.server_error``) and
  the next request connects afresh: the portal recovers without a restart.
"""

_statement_timeout_override: int | None = None


def use_statement_timeout(seconds: int) -> None:
    """Give this process's new connections another statement timeout (a Celery worker's)."""
    global _statement_timeout_override
    _statement_timeout_override = seconds


def statement_timeout() -> int:
    """Seconds the server allows one statement in this process; 0 for no limit."""
    from django.conf import settings

    if _statement_timeout_override is not None:
        return _statement_timeout_override
    return settings.DATABASE_STATEMENT_TIMEOUT
