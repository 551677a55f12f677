"""Behind the reverse proxy, lock-outs, rate limits, the API throttle and audit logs see clients.

Every request below comes from the proxy's address (PROXY) with the chain the
proxy appends to; the client may put anything it likes in front of it (a
spoofed first hop), and only the hops our own proxies wrote are believed.
"""

import os
import subprocess
import sys
from ipaddress import ip_network
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client, RequestFactory

from clair_portal.security.proxies import client_ip
from conftest import PASSWORD, make_user

BASE_DIR = Path(__file__).resolve().parent.parent
PROXY = "172.18.0.1"
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"
SPOOFED = "198.51.100.7"  # the attacker pretends to be the owner


def via_proxy(client_address: str, spoofed: str | None = None) -> dict:
    """The request headers of a client reaching the portal through our one proxy."""
    chain = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No proxy trusted: X-Forwarded-For is whatever the client sent.
        (0, "10.0.0.1", "192.0.2.1", "10.0.0.1"),
        # One proxy: the hop it appended is the client; the spoofed first hop is not.
        (1, PROXY, f"{SPOOFED}, {ATTACKER}", ATTACKER),
        (1, PROXY, ATTACKER, ATTACKER),
        (1, PROXY, "", PROXY),
        # Two proxies in a row: both of their hops are stripped, no more.
        (2, "10.0.0.2", f"{SPOOFED}, {ATTACKER}, 10.0.0.3", ATTACKER),
        # Fewer hops than proxies: the request skipped one; the leftmost is all there is.
        (2, "10.0.0.2", ATTACKER, ATTACKER),
        # A hop our proxy wrote that is not an address: the proxy is the most we know.
        (1, PROXY, f"{SPOOFED}, unknown", PROXY),
        # Networks: hops inside them are stripped from the right.
        ((ip_network("172.16.0.0/12"),), PROXY, f"{SPOOFED}, {ATTACKER}", ATTACKER),
        ((ip_network("172.16.0.0/12"),), PROXY, f"{SPOOFED}, {ATTACKER}, 172.18.0.5", ATTACKER),
        ((ip_network("172.16.0.0/12"),), PROXY, "172.18.0.7", "172.18.0.7"),
        # A caller outside the trusted networks cannot forward anything.
        ((ip_network("172.16.0.0/12"),), OWNER, ATTACKER, OWNER),
        # IPv6, with a port as some proxies write it.
        ((ip_network("fd00::/8"),), "fd00::1", "[2001:db8::5]:443", "2001:db8::5"),
        (1, PROXY, "192.0.2.44:51234", "192.0.2.44"),
    ],
)
def test_client_ip_strips_only_the_trusted_hops(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_client_ip_without_forwarded_for_is_the_connection(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="192.0.2.9")) == "192.0.2.9"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nonsense", "TRUSTED_PROXIES='nonsense': 'nonsense' is neither a number of proxies"),
        ("10.0.0.0/8,10.0.0.300", "'10.0.0.300' is neither"),
        ("-1", "is neither a number of proxies"),
    ],
)
def test_a_bad_trusted_proxies_value_stops_start_up_naming_it(value, message):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={**os.environ, "TRUSTED_PROXIES": value},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert message in result.stderr


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXIES = 1


@pytest.fixture
def victim(reference_data):
    return make_user("victim@example.org")


def login(client, password, **headers):
    return client.post(
        "/en/accounts/login/", {"username": "victim@example.org", "password": password}, **headers
    )


@pytest.mark.django_db
def test_a_lockout_behind_the_proxy_is_the_attackers_alone(behind_one_proxy, victim):
    attacker, owner = Client(), Client()
    for _ in range(6):
        login(attacker, "wrong", **via_proxy(ATTACKER, spoofed=SPOOFED))
    assert login(attacker, PASSWORD, **via_proxy(ATTACKER)).status_code == 429
    # Same proxy, same spoofed hop the attacker used: the owner is not locked out.
    response = login(owner, PASSWORD, **via_proxy(OWNER, spoofed=ATTACKER))
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(victim.pk)
    # The audit logs record the client, not the proxy or the spoofed hop.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert AccessLog.objects.get().ip_address == OWNER


@pytest.mark.django_db
def test_public_post_limits_behind_the_proxy_count_each_client(
    behind_one_proxy, settings, reference_data
):
    settings.RATELIMIT_PUBLIC_POST = "3/m"
    busy, other = Client(), Client()
    for n in range(3):
        # A new spoofed first hop each time changes nothing.
        headers = via_proxy(ATTACKER, spoofed=f"192.0.2.{n}")
        busy.post("/en/accounts/password/reset/", {"email": "a@example.org"}, **headers)
    response = busy.post(
        "/en/accounts/password/reset/", {"email": "a@example.org"}, **via_proxy(ATTACKER)
    )
    assert response.status_code == 429
    response = other.post(
        "/en/accounts/password/reset/", {"email": "a@example.org"}, **via_proxy(OWNER)
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_api_throttle_behind_the_proxy_counts_each_client(
    behind_one_proxy, settings, reference_data, monkeypatch
):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "rate", "2/min", raising=False)
    client = Client()
    for n in range(2):
        headers = via_proxy(ATTACKER, spoofed=f"192.0.2.{n}")
        assert client.get("/api/v1/offices/", **headers).status_code == 200
    throttled = client.get("/api/v1/offices/", **via_proxy(ATTACKER, spoofed="192.0.2.99"))
    assert throttled.status_code == 429
    assert client.get("/api/v1/offices/", **via_proxy(OWNER)).status_code == 200
