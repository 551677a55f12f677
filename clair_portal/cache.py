"""Django's Redis cache, guarded so that a Redis outage slows no page down.

Everything the portal keeps in the cache can be done without: search results
are rendered afresh, rate limits fail open (``RATELIMIT_FAIL_OPEN``), the API
throttle lets requests through. So when Redis refuses or does not answer
within its socket timeouts, a cache call gives the answer of an empty cache
(``get`` the default, ``add`` False, ``incr`` ValueError as for a missing key)
and logs a warning, and every call in this process for the next
``RETRY_AFTER_SECONDS`` skips Redis at once instead of waiting out the timeout
again. django-redis's ``IGNORE_EXCEPTIONS`` swallows errors too, but waits
every call's timeout while Redis hangs.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Per process and server: the monotonic time before which Redis is not tried.
_skip_until: dict[str, float] = {}


def _guarded(on_failure):
    """Run a client method; if Redis is unavailable, trip the breaker and give ``on_failure``'s answer.

    ``on_failure`` takes the method's arguments, so ``get`` can answer its default.
    """

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            server = self._servers[0]
            if time.monotonic() < _skip_until.get(server, 0.0):
                return on_failure(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                _skip_until[server] = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning(
                    "cache unavailable (%s); serving without it for %.0f s",
                    error,
                    RETRY_AFTER_SECONDS,
                )
                return on_failure(*args, **kwargs)

        return wrapper

    return decorate


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _missing_key(*args, **kwargs):
    # What Django's incr() says of a missing key; callers already handle it.
    raise ValueError("The cache is unavailable.")


class GuardedRedisCacheClient(RedisCacheClient):
    add = _guarded(_false)(RedisCacheClient.add)
    get = _guarded(lambda key, default: default)(RedisCacheClient.get)
    set = _guarded(_nothing)(RedisCacheClient.set)
    touch = _guarded(_false)(RedisCacheClient.touch)
    delete = _guarded(_false)(RedisCacheClient.delete)
    get_many = _guarded(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _guarded(_false)(RedisCacheClient.has_key)
    incr = _guarded(_missing_key)(RedisCacheClient.incr)
    set_many = _guarded(_nothing)(RedisCacheClient.set_many)
    delete_many = _guarded(_nothing)(RedisCacheClient.delete_many)
    clear = _guarded(_false)(RedisCacheClient.clear)


class GuardedRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that degrades to no cache."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = GuardedRedisCacheClient
