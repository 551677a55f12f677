"""Reading settings from the environment, failing loudly on a bad value.

Follows healthchecks' ``envbool``: a variable that is set but cannot be
understood stops start-up instead of silently falling back to a default.
"""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of true/false/1/0.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None
    if minimum is not None and not value >= minimum:  # also refuses nan
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_proxies(name: str) -> int | tuple[IPNetwork, ...]:
    """The reverse proxies in front of the portal: how many, or which networks they are in.

    ``0`` (the default) trusts no one: the client is the connection's address.
    A whole number ``n`` says that exactly ``n`` proxies append to
    X-Forwarded-For; a comma-separated list of addresses or networks
    (``10.0.0.0/8,2001:db8::/32``) names the proxies themselves.
    """
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return 0
    if raw.isdigit():
        return int(raw)
    networks = []
    for item in raw.split(","):
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}={raw!r}: {item.strip()!r} is neither a number of proxies nor an "
                "IP address or network (e.g. 1, or 172.16.0.0/12,10.0.0.5)."
            ) from None
    return tuple(networks)
