"""How django-axes identifies the account of a log-in attempt.

The client's address comes from ``clair_portal.security.proxies.client_ip``.
"""


def username_from_request(request, credentials):
    """The e-mail address tried, lower-cased so ``A@x`` and ``a@x`` count together."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
