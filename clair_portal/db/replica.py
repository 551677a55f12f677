"""An optional read replica for the public pages (``DATABASE_REPLICA_URL``).

With the variable set, the settings add a ``replica`` database alias and this
router sends to it the reads of one kind of request only: a GET or HEAD from a
visitor who is not signed in (no session cookie, no Authorization header) and
who has not just sent a form (no pin cookie). Those are the public, read-only
pages (home, offices, partner search, library, the open API), most of the traffic
and none of it needing the very latest write.

Everything else reads and writes the primary (``default``):

- every write, wherever it happens;
- every read inside a transaction (``atomic``), so a read-then-write sees what it writes;
- every read of a signed-in user (staff and offices see their own changes at once),
  of a form's POST, of a Celery worker, of a management command;
- for ``REPLICA_PIN_SECONDS`` after a visitor sends a form, that visitor's reads, so
  the thank-you page does not miss the row the replica has not received yet.

Routing by request rather than by model keeps one rule that holds for every
model a public page reads, including those of the domain apps (this package
names none). Without ``DATABASE_REPLICA_URL`` the router answers ``None`` to
everything: Django's own behaviour, unchanged.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "clair_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def may_read_replica(request) -> bool:
    """Whether this request's reads may go to the replica (see the module's docstring)."""
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not configured() or not _replica_reads.get():
            return None
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY if configured() else None

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows: an object read from one relates to one from the other.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary by replication; nothing migrates it directly.
        return False if db == REPLICA else None


class ReplicaMiddleware:
    """Lets the router use the replica for the public reads of this request.

    First in MIDDLEWARE, so the whole request (sessions, pages, context
    processors) reads from one place. After an unsafe request it sets the pin
    cookie, so the visitor's next pages read the primary for a few seconds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        token = _replica_reads.set(may_read_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
