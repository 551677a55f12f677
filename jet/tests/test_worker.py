"""The publish fan-out through a real Celery worker that is killed half-way and restarted."""

import time

import pytest
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.notifications.models import Notification
from clair_portal.testing.worker import start_worker
from conftest import make_user
from jet import services
from jet.models import PlacementNotice
from jet.tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PLACEMENTS = 120
WAIT_SECONDS = 120


def test_killed_worker_mid_fan_out_leaves_every_participant_notified_exactly_once(
    celery_worker_process, cast, monkeypatch, tmp_path
):
    monkeypatch.setattr(services.placements, "NOTICE_CHUNK", 5)
    ids = []
    for i in range(PLACEMENTS):
        user = make_user(f"fan{i}@example.org", role=roles.JET_PARTICIPANT)
        ids.append(factories.placement(factories.participant(user=user)).pk)

    services.publish_placements(ids)  # commits; 24 chunk tasks go to the broker

    deadline = time.monotonic() + WAIT_SECONDS
    while not PlacementNotice.objects.filter(state="sent").exists():
        assert time.monotonic() < deadline, celery_worker_process.output()
        time.sleep(0.01)
    celery_worker_process.kill()
    sent_at_death = PlacementNotice.objects.filter(state="sent").count()
    assert 0 < sent_at_death < PLACEMENTS

    second = start_worker(tmp_path / "celery-worker-2.log", name="test2")
    try:
        # The sweep (beat, every minute) finds what the dead worker held.
        later = timezone.now() + services.NOTICE_TIMEOUT
        while PlacementNotice.objects.exclude(state="sent").exists():
            assert time.monotonic() < deadline, second.output()
            services.resume_stalled_notices(now=later)
            time.sleep(1)
        # E-mails are the notifications app's to send (claimed once each); a message
        # the dead worker held stays with the broker until its visibility timeout.
    finally:
        second.stop()

    per_user = Notification.objects.filter(event_key__startswith="jet-placement-")
    assert per_user.count() == PLACEMENTS
    assert per_user.values("user").distinct().count() == PLACEMENTS
    assert set(PlacementNotice.objects.values_list("state", flat=True)) == {"sent"}
