"""How django-axes identifies the account and the client of a log-in attempt."""


def username_from_request(request, credentials):
    """The e-mail address tried, lower-cased so ``A@x`` and ``a@x`` count together."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


def client_ip(request):
    return request.META.get("REMOTE_ADDR")
