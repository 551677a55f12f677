"""A real worker killed between the claim and the mail server's answer: after the sweep
the e-mail goes out exactly once."""

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from clair_portal.notifications import sending, services
from clair_portal.notifications.models import Notification, SendClaim
from clair_portal.notifications.tasks import send_notification_email
from clair_portal.testing.mail import accepted
from clair_portal.testing.worker import start_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60
SUCCEEDED = re.compile(r"send_notification_email\[[^\]]+\] succeeded")


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    directory = tmp_path / "mail"
    directory.mkdir()
    (directory / "hold").touch()  # the first worker's mail server never answers
    return directory


@pytest.fixture
def celery_worker_env(mail_dir):
    return {"CLAIR_TEST_MAIL_DIR": str(mail_dir)}


def wait_until(condition, worker, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"{what}:\n{worker.output()}"
        time.sleep(0.1)


def test_a_worker_killed_between_claim_and_send_sends_once_after_the_sweep(
    celery_worker_process, mail_dir, cast, tmp_path
):
    notification = services.notify(
        cast.office_a, event_key="report-9-returned", subject="Report returned", body="See HQ."
    )  # commits; the e-mail task goes to the broker

    wait_until(lambda: (mail_dir / "holding").exists(), celery_worker_process, "never claimed")
    assert SendClaim.objects.filter(object_id=notification.pk).exists()
    celery_worker_process.kill()
    notification.refresh_from_db()
    assert notification.emailed_at is None and accepted(mail_dir) == []

    (mail_dir / "hold").unlink()
    second = start_worker(
        tmp_path / "celery-worker-2.log",
        name="test2",
        env={"CLAIR_TEST_MAIL_DIR": str(mail_dir)},
    )
    try:
        # The task the dead worker held stays with the broker until its visibility
        # timeout; a redelivery now finds the claim and sends nothing.
        send_notification_email.delay(notification.pk)
        # Beat's sweep, once the claim is older than SEND_CLAIM_TIMEOUT.
        later = timezone.now() + timedelta(seconds=settings.SEND_CLAIM_TIMEOUT + 1)
        assert sending.release_stale_claims(now=later) == 1
        wait_until(
            lambda: Notification.objects.filter(
                pk=notification.pk, emailed_at__isnull=False
            ).exists(),
            second,
            "not sent after the sweep",
        )
        # Sweeping and delivering again changes nothing.
        assert sending.release_stale_claims(now=later) == 0
        send_notification_email.delay(notification.pk)
        wait_until(
            lambda: len(SUCCEEDED.findall(second.output())) == 3,
            second,
            "the repeated tasks did not all run",
        )
    finally:
        second.stop()

    assert accepted(mail_dir) == [{"to": [cast.office_a.email], "subject": "Report returned"}]
    assert not SendClaim.objects.exists()
