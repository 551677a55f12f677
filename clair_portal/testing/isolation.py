"""Each test process's own corner of Redis, so that several can run at once (pytest-xdist).

``pytest -n 2`` starts two test processes, which xdist names gw0 and gw1 (a plain
run is "main"). Each has its own test database already (pytest-django appends the
name to it), but they share the Redis database in ``REDIS_URL``, where the cache and
the Celery broker live. So each process keeps

- its cache keys under the prefix ``<CACHE_KEY_PREFIX>-<name>``, and
- its Celery queues, bindings and unacknowledged messages under the broker key
  prefix ``<name>:`` (kombu's ``global_keyprefix``), so a Celery worker started by
  one process never takes the other's tasks;

and between tests :func:`clear` deletes only those keys. ``cache.clear()`` would
be FLUSHDB: the other process's queued tasks and rate-limit counters would vanish
in the middle of its test. Worker processes started by a test inherit both
prefixes through the environment (``CACHE_KEY_PREFIX``, read by the settings, and
``CLAIR_TEST_BROKER_PREFIX``, read by ``clair_portal.testing.worker_settings``).
"""

import functools
import os

import redis

BROKER_PREFIX_VARIABLE = "CLAIR_TEST_BROKER_PREFIX"
SCAN_BATCH = 500


def process_name() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def configure(settings) -> None:
    """Give this test process its prefixes; call before the cache or Celery is first used."""
    name = process_name()
    cache = settings.CACHES["default"]
    if not cache["KEY_PREFIX"].endswith(f"-{name}"):
        cache["KEY_PREFIX"] = f"{cache['KEY_PREFIX']}-{name}"
    os.environ["CACHE_KEY_PREFIX"] = cache["KEY_PREFIX"]
    broker_prefix = f"{name}:"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": broker_prefix,
    }
    os.environ[BROKER_PREFIX_VARIABLE] = broker_prefix


def check(cache, celery_app) -> None:
    """Fail the session at once if the cache or Celery was set up before :func:`configure`."""
    name = process_name()
    if not cache.key_prefix.endswith(f"-{name}"):
        raise RuntimeError(f"the cache was set up before the test isolation: {cache.key_prefix}")
    options = celery_app.conf.broker_transport_options
    if options.get("global_keyprefix") != f"{name}:":
        raise RuntimeError(f"Celery was configured before the test isolation: {options}")


@functools.cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


def clear(cache, celery_app) -> None:
    """Delete this test process's cache keys and broker keys, and nobody else's."""
    from django.conf import settings

    client = _client(settings.REDIS_URL)
    patterns = [
        f"{_glob_escape(cache.key_prefix)}:*",
        f"{_glob_escape(celery_app.conf.broker_transport_options['global_keyprefix'])}*",
    ]
    for pattern in patterns:
        batch = []
        for key in client.scan_iter(match=pattern, count=SCAN_BATCH):
            batch.append(key)
            if len(batch) >= SCAN_BATCH:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)
