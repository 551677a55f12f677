"""Password reset: the request does the same work for every address; the worker sends.

Sending in the request made a known address answer measurably later than an
unknown one, which told anyone who asked which addresses have an account.
"""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clair_portal.accounts import services
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
RESET = "/en/accounts/password/reset/"
WAIT_SECONDS = 60


def ask(client, email, capture):
    """POST the reset form; return what an observer of the request could see."""
    with CaptureQueriesContext(connection) as queries, capture() as callbacks:
        response = client.post(RESET, {"email": email, "website": ""})
    return {
        "status": response.status_code,
        "location": response["Location"],
        "body": response.content,
        "queries": [q["sql"] for q in queries.captured_queries],
        "queued": len(callbacks),
    }, callbacks


def test_a_known_and_an_unknown_address_get_the_same_answer_and_no_mail_in_the_request(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.create_user("known@example.org", PASSWORD)
    known, known_callbacks = ask(client, "known@example.org", django_capture_on_commit_callbacks)
    unknown, unknown_callbacks = ask(
        client, "nobody@example.org", django_capture_on_commit_callbacks
    )
    assert known == unknown  # same status, page, SQL and queued work
    assert known["queued"] == 1
    assert mailoutbox == []  # nothing is sent while the visitor waits
    for callback in unknown_callbacks:
        callback()
    assert mailoutbox == []
    for callback in known_callbacks:  # the task (eager here) sends after the response
        callback()
    assert [m.to for m in mailoutbox] == [["known@example.org"]]


def test_the_address_is_matched_as_django_does_and_inactive_accounts_get_nothing(mailoutbox):
    User.objects.create_user("mixed.case@example.org", PASSWORD)
    User.objects.create_user("closed@example.org", PASSWORD, is_active=False)
    no_password = User.objects.create_user("invited@example.org")
    no_password.set_unusable_password()
    no_password.save()
    assert services.send_password_reset("Mixed.Case@Example.org", "en", "c1") == 1
    assert services.send_password_reset("closed@example.org", "en", "c2") == 0
    assert services.send_password_reset("invited@example.org", "en", "c3") == 0
    assert [m.to for m in mailoutbox] == [["mixed.case@example.org"]]


def test_a_task_delivered_twice_sends_once(mailoutbox):
    User.objects.create_user("known@example.org", PASSWORD)
    assert services.send_password_reset("known@example.org", "en", "same-request") == 1
    assert services.send_password_reset("known@example.org", "en", "same-request") == 0
    assert len(mailoutbox) == 1
    # A second request for the same address is a new claim: it gets its own e-mail.
    assert services.send_password_reset("known@example.org", "en", "next-request") == 1


def test_a_refused_message_is_sent_by_the_retry(mailoutbox, monkeypatch):
    User.objects.create_user("known@example.org", PASSWORD)
    real_send = EmailMessage.send

    def refuse(self, *args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(OSError):
        services.send_password_reset("known@example.org", "en", "claim")
    assert cache.get("accounts:password-reset:claim") is None  # released for the retry
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert services.send_password_reset("known@example.org", "en", "claim") == 1
    assert len(mailoutbox) == 1


def test_a_link_mailed_before_the_account_was_deactivated_no_longer_works(
    client, mailoutbox, settings
):
    user = User.objects.create_user("known@example.org", PASSWORD)
    services.send_password_reset("known@example.org", "en", "claim")
    link = re.search(r"https?://[^/\s]+(/en/accounts/password/reset/\S+/)", mailoutbox[0].body)
    user.is_active = False
    user.save()
    response = client.get(link.group(1), follow=True)
    assert response.context["validlink"] is False
    assert "new_password1" not in response.content.decode()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_reset_e_mail_after_the_response(client, celery_worker_process):
    User.objects.create_user("known@example.org", PASSWORD)
    for email in ("known@example.org", "nobody@example.org"):
        response = client.post(RESET, {"email": email, "website": ""})
        assert response.status_code == 302
    pattern = re.compile(r"send_password_reset\[[^\]]+\] succeeded in [\d.]+s: (\d+)")
    deadline = time.monotonic() + WAIT_SECONDS
    while len(pattern.findall(celery_worker_process.output())) < 2:
        if time.monotonic() > deadline:
            pytest.fail(f"the reset tasks never ran; worker log:\n{celery_worker_process.output()}")
        time.sleep(0.1)
    # One e-mail for the account, none for the unknown address.
    assert sorted(pattern.findall(celery_worker_process.output())) == ["0", "1"]
