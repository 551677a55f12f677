"""Batch work and notices on separate queues: a worker per queue, as in production."""

import time

import pytest
from celery import current_app

from clair_portal import queues
from clair_portal.jobs import services
from clair_portal.notifications import services as notifications
from clair_portal.notifications.models import Notification
from clair_portal.testing.worker import start_worker

WAIT_SECONDS = 60


@pytest.fixture(autouse=True)
def every_task():
    # Tasks are discovered when a worker starts; import them all here as well.
    current_app.loader.import_default_modules()


def queue_of(task_name: str) -> str:
    return current_app.amqp.router.route({}, task_name)["queue"].name


def test_reports_and_bulk_work_go_to_the_batch_queue():
    for name in queues.BATCH_TASKS:
        assert name in current_app.tasks, f"{name} is routed but no task has that name"
        assert queue_of(name) == queues.BATCH, name


@pytest.mark.parametrize(
    "name",
    [
        "clair_portal.notifications.tasks.send_notification_email",
        "clair_portal.notifications.tasks.send_notification_emails",
        "clair_portal.outbox.tasks.drain_outbox",
        # The sweep that fails a job whose batch worker died must not wait behind batch work.
        "clair_portal.jobs.tasks.fail_overdue_jobs",
        "jet.tasks.send_placement_notices",
    ],
)
def test_notices_and_sweeps_go_to_the_notices_queue(name):
    assert name in current_app.tasks
    assert queue_of(name) == queues.NOTICES


def test_a_worker_started_without_queues_consumes_every_queue():
    assert set(current_app.amqp.queues) == set(queues.ALL)


@pytest.fixture
def slow_kind():
    from clair_portal.jobs.kinds import registry
    from clair_portal.jobs.tests import worker_kinds

    worker_kinds.register()
    yield worker_kinds.SLOW
    registry.unregister(worker_kinds.SLOW.key)


def wait_until(condition, what: str, *workers):
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(worker.output() for worker in workers)
            pytest.fail(f"{what}; worker logs:\n{logs}")
        time.sleep(0.1)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_notice_goes_out_while_the_batch_worker_is_busy_with_a_long_report(
    cast, slow_kind, tmp_path
):
    includes = ["clair_portal.jobs.tests.worker_kinds"]
    batch = start_worker(
        tmp_path / "batch.log", name="batch", includes=includes, queues=[queues.BATCH]
    )
    notices = None
    try:
        notices = start_worker(
            tmp_path / "notices.log", name="notices", includes=includes, queues=[queues.NOTICES]
        )
        job = services.request_job(cast.office_a, slow_kind.key)

        def job_started():
            job.refresh_from_db()
            return job.rows_done >= 1

        wait_until(job_started, "the batch worker never started the report", batch, notices)

        notice = notifications.notify(
            cast.office_b, event_key="report-7-returned", subject="Report returned", body="See HQ."
        )
        wait_until(
            lambda: Notification.objects.filter(pk=notice.pk, emailed_at__isnull=False).exists(),
            "the notice was not e-mailed while the report ran",
            batch,
            notices,
        )

        # The report (a row every 50 ms, 1,000 rows) is still running on its own worker.
        job.refresh_from_db()
        assert not job.is_finished and job.rows_done < job.rows_total
        assert "send_notification_email[" in notices.output()
        assert "send_notification_email[" not in batch.output()
        assert "run_job[" not in notices.output()
    finally:
        batch.kill()
        if notices is not None:
            notices.stop()
