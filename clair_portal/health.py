"""``GET /healthz``: 200 when the database and the broker answer, 503 naming what is down.

It answers within ``HEALTH_TIMEOUT`` whatever state the servers are in: the
two checks run side by side, each with its own time limit, and a check that
has not answered by then counts as down. The database is checked on a
connection of its own (a connect within ``DATABASE_CONNECT_TIMEOUT`` and a
``SELECT 1`` within the same limit), so a monitor sees whether the portal can
reach PostgreSQL now, not whether some kept connection still looks open.
"""

import logging
import threading
import time

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    database = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        database.ensure_connection()
        return database.is_usable()
    except Exception:
        logger.exception("health check: database")
        return False
    finally:
        database.close()


def _broker_ok() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=settings.REDIS_TIMEOUT,
            socket_connect_timeout=settings.REDIS_TIMEOUT,
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        logger.exception("health check: broker")
        return False


CHECKS = {"database": _database_ok, "broker": _broker_ok}


def run_checks(timeout: float) -> dict[str, bool]:
    """Run every check at once; one that has not answered within ``timeout`` is down."""
    results: dict[str, bool] = {}

    def run(name, check):
        results[name] = check()

    threads = [
        threading.Thread(target=run, args=(name, check), name=f"healthz-{name}", daemon=True)
        for name, check in CHECKS.items()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(deadline - time.monotonic(), 0))
    # A check still running has its own limits and ends on its own.
    return {name: results.get(name, False) for name in CHECKS}


@never_cache
@require_GET
def healthz(request):
    checks = run_checks(settings.HEALTH_TIMEOUT)
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "down" if down else "ok", "checks": checks}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
