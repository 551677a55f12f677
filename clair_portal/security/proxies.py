"""The client's address when the portal sits behind reverse proxies (``TRUSTED_PROXIES``).

Behind a proxy every connection comes from the proxy, so anything keyed on
``REMOTE_ADDR`` (log-in lock-outs, rate limits, the API throttle, audit logs)
would treat every visitor as one. Each proxy appends the address it saw to
X-Forwarded-For; everything to the left of what our own proxies wrote is
whatever the client chose to send. So the chain is read from the right and
only our own proxies' hops are stripped: the first address a trusted proxy
vouches for is the client, and a spoofed first hop is never believed.

One helper, :func:`client_ip`, answers for django-axes
(``AXES_CLIENT_IP_CALLABLE``), the rate limits (``RATELIMIT_IP_META_KEY``) and
the API throttle.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The address of the client that sent ``request``, as ``TRUSTED_PROXIES`` allows.

    ``TRUSTED_PROXIES`` is either a count ``n`` (exactly ``n`` proxies append to
    X-Forwarded-For; the address ``n`` places from the right of the chain
    X-Forwarded-For + REMOTE_ADDR is the client) or networks (hops inside them
    are stripped from the right, and the first one outside is the client). With
    no proxies trusted, or no X-Forwarded-For, it is ``REMOTE_ADDR``.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    trusted = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trusted or remote is None or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    chain = [*hops, remote]
    if isinstance(trusted, int):
        # Fewer hops than proxies: the request skipped one of them; take the
        # leftmost address rather than believe one from beyond the chain.
        candidates = chain[max(len(chain) - 1 - trusted, 0) :]
        # A hop our own proxy wrote is an address; if it is not, the next one
        # to the right (still ours) is the most we can vouch for.
        return next(a for a in (_address(c) for c in candidates) if a is not None)
    client = remote
    for hop in reversed(hops):
        if not _trusted(client, trusted):
            break
        address = _address(hop)
        if address is None:
            break
        client = address
    return client


def _trusted(address: str, networks) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks if network.version == ip.version)


def _address(value: str) -> str | None:
    """``value`` as a normalised IP address, or None; tolerates a port after it."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
