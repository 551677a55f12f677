"""The beat's cooperation reminders through a real Celery worker: sent once, however often run."""

import datetime
import re
import time

import pytest
from django.conf import settings
from django.utils import timezone

from clair_portal.celery import app as celery_app
from clair_portal.notifications.models import Notification
from cooperation.models import ChecklistItem, Specialist
from cooperation.tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60


def send_as_beat(task_name):
    """Send the task the way beat does: by the name in the schedule, through the broker."""
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == task_name]
    assert entries, f"{task_name} is not in the beat schedule"
    return celery_app.send_task(task_name)


def wait_for_result(worker, result) -> str:
    """What the worker logged as the task's return value."""
    done = f"[{result.id}] succeeded"
    deadline = time.monotonic() + WAIT_SECONDS
    while done not in worker.output():
        if time.monotonic() > deadline:
            pytest.fail(f"task {result.id} never finished; worker log:\n{worker.output()}")
        time.sleep(0.1)
    return worker.output().split(done, 1)[1].split("\n", 1)[0].rsplit(":", 1)[1].strip()


def wait_until_emailed(notifications, worker):
    deadline = time.monotonic() + WAIT_SECONDS
    while notifications.filter(emailed_at__isnull=True).exists():
        if time.monotonic() > deadline:
            pytest.fail(f"an e-mail was never sent; worker log:\n{worker.output()}")
        time.sleep(0.1)


def test_checklist_and_profile_reminders_are_delivered_once_by_a_real_worker(
    celery_worker_process, cast
):
    coop = factories.cooperation_staff()
    trainee = factories.trainee()
    today = timezone.localdate()
    due = ChecklistItem.objects.create(
        trainee=trainee, kind="visa", due_on=today + datetime.timedelta(days=3)
    )
    ChecklistItem.objects.create(
        trainee=trainee, kind="flights", due_on=today + datetime.timedelta(days=40)
    )
    stale = factories.specialist_user("stale.specialist@example.org")
    Specialist.objects.filter(pk=stale.pk).update(
        profile_updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    factories.specialist_user("current.specialist@example.org")

    checklist = "cooperation.tasks.remind_checklist"
    profiles = "cooperation.tasks.remind_stale_profiles"
    assert wait_for_result(celery_worker_process, send_as_beat(checklist)) == "1"
    assert wait_for_result(celery_worker_process, send_as_beat(profiles)) == "1"

    sent = Notification.objects.filter(event_key__startswith="checklist-") | (
        Notification.objects.filter(event_key__startswith="specialist-")
    )
    wait_until_emailed(sent, celery_worker_process)
    assert sorted(sent.values_list("user__email", flat=True)) == [
        coop.email,
        "stale.specialist@example.org",
    ]
    emailed = dict(sent.values_list("pk", "emailed_at"))
    due.refresh_from_db()
    assert due.reminded_at is not None

    # The next runs (the next day's beat, or the same message delivered again) send nothing.
    assert wait_for_result(celery_worker_process, send_as_beat(checklist)) == "0"
    assert wait_for_result(celery_worker_process, send_as_beat(profiles)) == "0"
    assert dict(sent.values_list("pk", "emailed_at")) == emailed
    # One e-mail task per notification was ever queued: none for the second runs.
    received = re.findall(
        r"send_notification_email\[[^\]]+\] received", celery_worker_process.output()
    )
    assert len(received) == 2
