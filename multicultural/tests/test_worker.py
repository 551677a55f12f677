"""Completion-report reminders through a real Celery worker: queued after commit, sent once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from clair_portal.notifications.models import Notification
from multicultural import services, tasks
from multicultural.models import GrantApplication
from multicultural.tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60


def wait_for_reminders(application, worker, expected):
    deadline = time.monotonic() + WAIT_SECONDS
    key = f"grant-application-{application.pk}-report-upcoming"
    while Notification.objects.filter(event_key=key).count() < expected:
        if time.monotonic() > deadline:
            pytest.fail(f"no reminder for {application.pk}; worker log:\n{worker.output()}")
        time.sleep(0.1)
    return Notification.objects.filter(event_key=key)


def test_the_worker_reminds_each_officer_once_even_when_the_task_is_delivered_twice(
    celery_worker_process, grants
):
    application = factories.submitted(grants.applicant_a, grants.programme)
    services.decide(grants.hq, application.pk, award=True, amount=700_000)
    GrantApplication.objects.filter(pk=application.pk).update(
        report_due_on=timezone.localdate() + timedelta(days=3)
    )

    assert tasks.queue_completion_reminders() == 1
    sent = wait_for_reminders(application, celery_worker_process, expected=2)
    assert {n.user.email for n in sent} == {"applicant.a@example.org", "colleague.a@example.org"}

    # A redelivery of the same message finds the reminder claimed and sends nothing.
    result = tasks.send_completion_reminder.delay(application.pk, services.UPCOMING)
    done = f"send_completion_reminder[{result.id}] succeeded"
    deadline = time.monotonic() + WAIT_SECONDS
    while done not in celery_worker_process.output():
        if time.monotonic() > deadline:
            pytest.fail(f"the redelivery never ran; worker log:\n{celery_worker_process.output()}")
        time.sleep(0.1)
    assert celery_worker_process.output().split(done, 1)[1].split("\n", 1)[0].endswith("False")
    assert sent.count() == 2
    application.refresh_from_db()
    assert application.reminder_sent_at is not None
