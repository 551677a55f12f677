"""Jobs through a real Celery worker: the queue, the claim and a worker's death."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clair_portal.jobs import services
from clair_portal.jobs.models import Job
from clair_portal.notifications.models import Notification

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60


@pytest.fixture
def celery_worker_includes():
    return ["clair_portal.jobs.tests.worker_kinds"]


@pytest.fixture
def slow_kind():
    from clair_portal.jobs.kinds import registry
    from clair_portal.jobs.tests import worker_kinds

    worker_kinds.register()
    yield worker_kinds.SLOW
    registry.unregister(worker_kinds.SLOW.key)


def wait_for(job, condition, worker):
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        job.refresh_from_db()
        if condition(job):
            return job
        if time.monotonic() > deadline:
            pytest.fail(f"job {job.pk} stuck in {job.state}; worker log:\n{worker.output()}")
        time.sleep(0.1)


def test_a_requested_report_is_produced_by_the_worker_and_downloadable_by_its_requester(
    celery_worker_process, cast, client
):
    client.force_login(cast.office_a)

    response = client.post(
        reverse("jobs:request", args=["office-directory-csv"]), {"language": "en"}
    )

    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    wait_for(job, lambda j: j.is_finished, celery_worker_process)
    assert job.state == Job.State.SUCCEEDED, job.error_message
    assert job.rows_done == job.rows_total > 8

    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "15 Whitehall, London SW1A 2DD, U.K." in content

    client.force_login(cast.office_b)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404

    # The worker also sent the requester their notice, once.
    notification = Notification.objects.get(user=cast.office_a)
    wait_for(notification, lambda n: n.emailed_at is not None, celery_worker_process)
    assert notification.event_key == f"job-{job.pk}-finished"


def test_a_job_whose_worker_is_killed_is_failed_by_the_overdue_sweep(
    celery_worker_process, cast, slow_kind
):
    job = services.request_job(cast.office_a, slow_kind.key)
    wait_for(job, lambda j: j.rows_done >= 3, celery_worker_process)

    celery_worker_process.kill()

    rows_at_death = Job.objects.get(pk=job.pk).rows_done
    time.sleep(0.5)
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING  # nobody is left to say otherwise
    assert job.rows_done == rows_at_death < job.rows_total
    partial = services.partial_path(job)
    assert partial.exists()

    # Nothing is overdue while the heartbeat is fresh ...
    assert services.fail_overdue_jobs() == 0
    # ... but once it is older than the timeout, the job is failed.
    later = job.heartbeat_at + services.HEARTBEAT_TIMEOUT + timedelta(seconds=1)
    assert later > timezone.now()
    assert services.fail_overdue_jobs(now=later) == 1

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error_message.startswith("The worker producing the report stopped")
    assert not partial.exists()
    assert Notification.objects.filter(user=cast.office_a, event_key=f"job-{job.pk}-finished")
