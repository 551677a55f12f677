"""Access rows for the portal's shared pages: home, health, accounts, the API."""

from clair_portal.testing.access import SIGNED_IN, Row, everyone

PUBLIC = {
    "healthz",
    "set_language",
    "home",
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    # The read-only public API: public fields only (tests/test_api.py).
    "api:api-root",
    "api:schema",
    "api:not-found",  # anything else under /api/: a JSON 404
}

MATRIX = {
    "accounts:account": Row(SIGNED_IN),
    "accounts:logout": Row(everyone(302), method="post"),
    "accounts:password_change": Row(SIGNED_IN),
    "accounts:password_change_done": Row(SIGNED_IN),
}
