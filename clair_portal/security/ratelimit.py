"""Per-client rate limits on the portal's public endpoints, counted in the Redis cache.

Every POST from an anonymous client (log-in, password reset, the public
forms of the domain apps) is limited by the middleware, so a new public form
is covered without anyone remembering to decorate it. Public search pages
opt in with ``@limit_reads``; the JSON API uses DRF's throttling with the
same cache. An exceeded limit answers 429 with a translated page and
``Retry-After``. Clients are told apart by ``client_ip`` (the proxies'
X-Forwarded-For read as ``TRUSTED_PROXIES`` allows).

When the cache (Redis) does not answer, the limits fail open with a logged
warning: a visitor is served unlimited rather than refused or kept waiting.
"""

import logging
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage
from rest_framework import throttling

from clair_portal.security.proxies import client_ip

logger = logging.getLogger(__name__)

# One warning a minute per process is enough to say the limits are off.
WARN_EVERY_SECONDS = 60
_last_warning = 0.0


@dataclass(frozen=True)
class Rule:
    group: str
    rate: str


def public_post_rule() -> Rule:
    return Rule("public-post", settings.RATELIMIT_PUBLIC_POST)


def public_read_rule() -> Rule:
    return Rule("public-read", settings.RATELIMIT_PUBLIC_READ)


def too_many_requests(request, retry_after: int):
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(max(1, retry_after))
    return response


def check(request, rule: Rule):
    """Count this request against ``rule``; a 429 response when over the limit, else None."""
    if not settings.RATELIMIT_ENABLE:
        return None
    usage = get_usage(request, group=rule.group, key="ip", rate=rule.rate, increment=True)
    if usage is None:
        # RATELIMIT_FAIL_OPEN: the cache did not count this request.
        _warn_fail_open(rule)
        return None
    if usage["should_limit"]:
        return too_many_requests(request, int(usage["time_left"]))
    return None


def _warn_fail_open(rule: Rule) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning("rate limit %s not applied: the cache did not answer", rule.group)


class PublicPostRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not request.user.is_authenticated:
            limited = check(request, public_post_rule())
            if limited is not None:
                return limited
        return self.get_response(request)


def limit_reads(view):
    """Limit a public read endpoint (search) per client."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        limited = check(request, public_read_rule())
        if limited is not None:
            return limited
        return view(request, *args, **kwargs)

    return wrapped


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's anonymous throttle, counting per client behind the proxies.

    DRF's own ``get_ident`` believes the whole X-Forwarded-For when
    ``NUM_PROXIES`` is unset, so a client could pick a new identity per request.
    The cache is the guarded one: when Redis is down nothing is counted and
    every request is let through.
    """

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        history = getattr(self, "history", None)
        if self.rate is not None and history is not None:
            # What the client may still do, for the RateLimit headers (clair_portal.api_views).
            oldest = history[-1] if history else self.now
            reset = max(1, math.ceil(self.duration - (self.now - oldest)))
            request.rate_limit = (
                self.num_requests,
                max(self.num_requests - len(history), 0),
                reset,
            )
        return allowed
