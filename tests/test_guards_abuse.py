"""Brute force, public-form abuse and rate limits."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def login(client: Client, email: str, password: str, language: str = "en", ip: str = "10.0.0.1"):
    return client.post(
        f"/{language}/accounts/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def victim(reference_data):
    return make_user("victim@example.org")


def test_five_failures_lock_that_account_from_that_address(client, victim):
    for _ in range(4):
        assert login(client, "victim@example.org", "wrong").status_code == 200
    assert login(client, "victim@example.org", "wrong").status_code == 429
    # Even the right password is refused while the lock holds.
    response = login(client, "victim@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_translated(client, victim):
    for _ in range(5):
        login(client, "victim@example.org", "wrong", language="ja")
    response = login(client, "victim@example.org", PASSWORD, language="ja")
    assert response.status_code == 429
    assert "アカウントがロックされました" in response.content.decode()


def test_an_attacker_elsewhere_cannot_lock_the_real_user_out(victim):
    attacker, owner = Client(), Client()
    for _ in range(6):
        login(attacker, "VICTIM@example.org", "wrong", ip="203.0.113.9")
    assert login(attacker, "victim@example.org", PASSWORD, ip="203.0.113.9").status_code == 429
    response = login(owner, "victim@example.org", PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(victim.pk)


def test_hq_unlocks_an_account_in_the_admin(client, cast, victim):
    for _ in range(5):
        login(Client(), "victim@example.org", "wrong")
    attempt = AccessAttempt.objects.get(username="victim@example.org")
    hq = Client()
    hq.force_login(cast.hq)
    assert hq.get("/admin/axes/accessattempt/").status_code == 200
    response = hq.post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not AccessAttempt.objects.exists()
    assert login(client, "victim@example.org", PASSWORD).status_code == 302


def test_public_posts_are_rate_limited_per_client_with_retry_after(settings, reference_data):
    settings.RATELIMIT_PUBLIC_POST = "3/h"
    busy, other = Client(), Client()
    for _ in range(3):
        busy.post(
            "/en/accounts/password/reset/", {"email": "a@example.org"}, REMOTE_ADDR="10.1.1.1"
        )
    response = busy.post(
        "/ja/accounts/password/reset/", {"email": "a@example.org"}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "リクエストが多すぎます" in response.content.decode()
    # Another client is not affected.
    response = other.post(
        "/en/accounts/password/reset/", {"email": "a@example.org"}, REMOTE_ADDR="10.2.2.2"
    )
    assert response.status_code == 302


def test_signed_in_users_posts_are_not_counted_as_public(client, settings, cast):
    settings.RATELIMIT_PUBLIC_POST = "1/h"
    client.force_login(cast.hq)
    for _ in range(3):
        response = client.post("/en/accounts/", {"full_name": "HQ", "language": "en"})
        assert response.status_code == 302


def test_honeypot_stops_a_robot_filling_every_field(client, mailoutbox, reference_data):
    make_user("someone@example.org")
    response = client.post(
        "/en/accounts/password/reset/",
        {"email": "someone@example.org", "website": "http://spam.example"},
    )
    assert response.status_code == 200
    assert "This form could not be sent." in response.content.decode()
    assert mailoutbox == []


def test_honeypot_is_hidden_from_people(client):
    html = client.get("/en/accounts/password/reset/").content.decode()
    assert '<div class="hp" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html
