"""A Celery worker killed mid-job under a running portal: the portal answers, the job tells the truth.

The portal (gunicorn, production config) and its workers run on a
redis-server of the module's own and the test database; the worker is killed
with SIGKILL, as the OOM killer would, while it writes a report.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from clair_portal.jobs import services, tasks
from clair_portal.jobs.models import Job
from clair_portal.outbox.services import enqueue
from tests.faults.conftest import portal_env, start_web, start_worker, wait_until

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
    worker = start_worker(env, tmp_path / "worker.log", "fault-job", includes=SLOW_KINDS)
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
    second = start_worker(env, tmp_path / "worker-2.log", "fault-job-2", includes=SLOW_KINDS)
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
