"""Celery workers killed mid-job and mid-fan-out under a running portal.

The portal (gunicorn, production config) and its workers run on a
redis-server of the module's own and the test database; a worker is killed
with SIGKILL, as the OOM killer would, while it writes a report or sends
notices. The portal keeps answering, every record tells the truth, and nobody
is told twice or not at all.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clair_portal.jobs import services, tasks
from clair_portal.jobs.models import Job
from clair_portal.outbox.services import enqueue
from clair_portal.testing.worker import start_worker
from tests.faults.conftest import portal_env, start_web, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# A job kind that writes a row every 50 ms, known to the test and its workers.
SLOW_KINDS = ("clair_portal.jobs.tests.worker_kinds",)


@pytest.fixture(scope="module")
def env(module_redis, test_database_url):
    return portal_env(database_url=test_database_url, redis_url=module_redis.url)


@pytest.fixture(scope="module")
def web(env, tmp_path_factory):
    server = start_web(env, tmp_path_factory.mktemp("web") / "web.log")
    yield server
    server.stop()


@pytest.fixture
def slow_kind():
    from clair_portal.jobs.kinds import registry
    from clair_portal.jobs.tests import worker_kinds

    worker_kinds.register()
    yield worker_kinds.SLOW
    registry.unregister(worker_kinds.SLOW.key)


def fresh(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


def test_a_worker_killed_mid_job_leaves_the_portal_answering_and_the_job_telling_the_truth(
    web, env, module_redis, publishing_to, requester, slow_kind, processes, tmp_path
):
    publishing_to(module_redis.url)
    user = web.signed_in(requester)
    worker = start_worker(tmp_path / "worker.log", name="fault-job", includes=SLOW_KINDS, env=env)
    processes.append(worker)
    job = services.request_job(requester, slow_kind.key)
    wait_until(lambda: fresh(job).rows_done >= 3, 60, worker.output, interval=0.1)

    worker.kill()

    # The portal does not need the worker to answer, and the job says it is running.
    assert web.get("/healthz").status == 200
    assert user.get(reverse("jobs:detail", args=[job.pk])).status == 200
    assert fresh(job).state == Job.State.RUNNING

    # Beat's sweep fails the job once its heartbeat is stale; the requester hears once.
    later = fresh(job).heartbeat_at + services.HEARTBEAT_TIMEOUT + timedelta(seconds=1)
    assert services.fail_overdue_jobs(now=later) == 1
    assert services.fail_overdue_jobs(now=later) == 0
    assert fresh(job).state == Job.State.FAILED
    assert fresh(job).error_message.startswith("The worker producing the report stopped")
    notices = requester.notifications.filter(event_key=f"job-{job.pk}-finished")
    assert notices.count() == 1

    # A restarted worker (as `make run` or Compose restart it) serves the next request,
    # and the dead worker's task, delivered again, changes nothing.
    second = start_worker(
        tmp_path / "worker-2.log", name="fault-job-2", includes=SLOW_KINDS, env=env
    )
    processes.append(second)
    response = user.post(reverse("jobs:request", args=["office-directory-csv"]), {"language": "en"})
    assert response.status == 302
    report = Job.objects.exclude(pk=job.pk).get()
    wait_until(lambda: fresh(report).is_finished, 60, second.output, interval=0.2)
    assert fresh(report).state == Job.State.SUCCEEDED
    enqueue(tasks.run_job, job.pk)
    wait_until(lambda: f"job {job.pk}: not queued any more" in second.output(), 30, second.output)
    assert fresh(job).state == Job.State.FAILED
    assert notices.count() == 1


PLACEMENTS = 100


def test_a_fan_out_queued_while_redis_was_down_and_cut_by_a_killed_worker_tells_everyone_once(
    env, module_redis, publishing_to, reference_data, processes, tmp_path, monkeypatch
):
    """Placement notices: queued into the outbox, drained by a worker killed half-way."""
    from clair_portal.accounts import roles
    from clair_portal.notifications.models import Notification
    from clair_portal.outbox.models import OutboxMessage
    from conftest import make_user
    from jet import services as jet
    from jet.models import PlacementNotice
    from jet.tests import factories

    monkeypatch.setattr(jet.placements, "NOTICE_CHUNK", 5)
    publishing_to(module_redis.url)
    ids = [
        factories.placement(
            factories.participant(user=make_user(f"fan{i}@example.org", role=roles.JET_PARTICIPANT))
        ).pk
        for i in range(PLACEMENTS)
    ]

    module_redis.kill()
    jet.publish_placements(ids)  # commits; its 20 chunk tasks cannot reach the broker
    assert OutboxMessage.objects.count() == PLACEMENTS // 5
    module_redis.start()

    # The first worker drains the outbox as it starts, and dies half-way through.
    worker = start_worker(tmp_path / "worker.log", name="fault-fan-out", env=env)
    processes.append(worker)
    sent = PlacementNotice.objects.filter(state="sent")
    wait_until(sent.exists, 60, worker.output, interval=0.01)
    worker.kill()
    assert 0 < sent.count() < PLACEMENTS, "the worker finished before it was killed"
    assert not OutboxMessage.objects.exists()

    # A restarted worker takes the chunks still queued; beat's sweep re-queues what the
    # dead worker held.
    second = start_worker(tmp_path / "worker-2.log", name="fault-fan-out-2", env=env)
    processes.append(second)
    later = timezone.now() + jet.NOTICE_TIMEOUT + timedelta(seconds=1)

    def everyone_told() -> bool:
        jet.resume_stalled_notices(now=later)
        return not PlacementNotice.objects.exclude(state="sent").exists()

    wait_until(everyone_told, 90, second.output, interval=1)
    told = Notification.objects.filter(event_key__startswith="jet-placement-")
    assert told.count() == PLACEMENTS
    assert told.values("user").distinct().count() == PLACEMENTS


PEOPLE = 20


def test_worker_killed_mid_fan_out_neither_loses_nor_doubles_a_notice(
    env, module_redis, publishing_to, processes, tmp_path
):
    """E-mail notices through the send-once helper, with Redis and the worker failing.

    The fan-out is queued while Redis is down (outbox); the worker that takes it
    claims every e-mail and is killed before the mail server answers; the sweep
    re-queues the claims while Redis is down again (outbox); a restarted worker
    sends them; the dead worker's task, delivered again, sends nothing.
    """
    from clair_portal.notifications import sending
    from clair_portal.notifications.models import Notification, SendClaim
    from clair_portal.notifications.services import Message, notify_many
    from clair_portal.notifications.tasks import send_notification_emails
    from clair_portal.outbox.models import OutboxMessage
    from clair_portal.testing.mail import accepted
    from conftest import make_user

    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "hold").touch()  # the first worker's mail server never answers
    env = {**env, "CLAIR_TEST_MAIL_DIR": str(mail)}
    publishing_to(module_redis.url)
    people = [make_user(f"person{i}@example.org") for i in range(PEOPLE)]

    module_redis.kill()
    ids = notify_many(
        Message(person, event_key="survey-2026-open", subject="The survey is open", body="…")
        for person in people
    )
    assert OutboxMessage.objects.count() == 1  # one task for the whole fan-out
    module_redis.start()

    first = start_worker(tmp_path / "worker.log", name="fault-send", env=env)
    processes.append(first)
    wait_until(lambda: (mail / "holding").exists(), 60, first.output)
    assert SendClaim.objects.count() == PEOPLE
    first.kill()
    assert accepted(mail) == []

    module_redis.kill()
    later = timezone.now() + timedelta(seconds=settings.SEND_CLAIM_TIMEOUT + 1)
    assert sending.release_stale_claims(now=later) == PEOPLE
    assert OutboxMessage.objects.count() == PEOPLE  # one re-send each, kept for the broker
    module_redis.start()

    (mail / "hold").unlink()
    second = start_worker(tmp_path / "worker-2.log", name="fault-send-2", env=env)
    processes.append(second)
    unsent = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
    wait_until(lambda: not unsent.exists(), 60, second.output, interval=0.2)
    # The broker gives the dead worker's task out again (its visibility timeout).
    enqueue(send_notification_emails, ids)
    redelivered = re.compile(r"send_notification_emails\[[^\]]+\] succeeded")
    wait_until(lambda: redelivered.search(second.output()), 30, second.output)

    recipients = sorted(to for message in accepted(mail) for to in message["to"])
    assert recipients == sorted(person.email for person in people)  # each once
    assert not SendClaim.objects.exists()
    assert not OutboxMessage.objects.exists()
