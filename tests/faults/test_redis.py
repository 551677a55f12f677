"""Redis stopped or frozen under a running portal: pages answer, tasks wait in the outbox.

The portal (gunicorn with the production config, Celery workers) runs on a
redis-server of the module's own, which the tests kill, restart, freeze and
thaw; the database is the test database.
"""

import os
import time

import pytest
from django.urls import reverse

from clair_portal import queues
from clair_portal.jobs.models import Job
from clair_portal.outbox.models import OutboxMessage
from clair_portal.testing.isolation import BROKER_PREFIX_VARIABLE
from clair_portal.testing.worker import start_worker
from tests.faults.conftest import portal_env, run_python, start_web, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# A page while Redis is away: the guarded cache and the broker wait at most
# REDIS_TIMEOUT (1 s) once, then skip Redis for a few seconds. The margin is for
# a loaded CI machine.
PAGE_SECONDS = 3
HEALTH_SECONDS = 5
JOBS = 3
DRAIN = "from clair_portal.outbox.services import drain\nprint('sent', drain())"
RUN_JOB = "clair_portal.jobs.tasks.run_job"


@pytest.fixture(scope="module")
def env(module_redis, test_database_url):
    return portal_env(database_url=test_database_url, redis_url=module_redis.url)


@pytest.fixture(scope="module")
def web(env, tmp_path_factory):
    server = start_web(env, tmp_path_factory.mktemp("web") / "web.log")
    yield server
    server.stop()


def request_reports(web, n: int) -> list[int]:
    """``n`` report requests by the signed-in user; each answers at once."""
    for _ in range(n):
        response = web.post(
            reverse("jobs:request", args=["office-directory-csv"]), {"language": "en"}
        )
        assert response.status == 302, response.body[:500]
        assert "/login/" not in response.headers["Location"]
        assert response.seconds < PAGE_SECONDS, response.seconds
    return list(Job.objects.order_by("pk").values_list("pk", flat=True))


def assert_public_pages_answer(web):
    web = web.anonymous()
    for path in ["/en/", "/en/sister-cities/?q=Nagasaki", "/api/v1/offices/", "/en/offices/"]:
        response = web.get(path)
        assert response.status == 200, (path, response.status, response.body[:500])
        assert response.seconds < PAGE_SECONDS, (path, response.seconds)
    # An anonymous POST (rate-limited through the cache): the log-in form answers.
    response = web.post(
        "/en/accounts/login/", {"username": "nobody@example.org", "password": "wrong"}
    )
    assert response.status == 200, response.body[:500]
    assert response.seconds < PAGE_SECONDS


def assert_health_names_the_broker(web):
    health = web.get("/healthz")
    assert health.status == 503
    assert '"down": ["broker"]' in health.body
    assert health.seconds < HEALTH_SECONDS


def test_redis_stopped_pages_answer_and_the_outbox_reaches_the_broker_once_when_it_returns(
    web, env, module_redis, requester
):
    user = web.signed_in(requester)
    assert web.get("/healthz").status == 200

    module_redis.kill()

    assert_health_names_the_broker(web)
    ids = request_reports(user, JOBS)
    assert len(ids) == JOBS
    assert_public_pages_answer(web)
    assert set(Job.objects.values_list("state", flat=True)) == {Job.State.QUEUED}
    waiting = list(OutboxMessage.objects.values_list("task", "args"))
    assert waiting == [(RUN_JOB, [pk]) for pk in ids]
    assert "kept in the outbox" in web.output()

    module_redis.start()  # empty, as a Redis that crashed without its file comes back
    wait_until(lambda: web.get("/healthz").status == 200, 10, web.output)

    # Two drains at once, as beat and a starting worker might run them.
    drains = [run_python(env, DRAIN), run_python(env, DRAIN)]
    outputs = [drain.communicate(timeout=120)[0] for drain in drains]
    assert [drain.returncode for drain in drains] == [0, 0], outputs
    sent = [
        int(line.split()[1])
        for out in outputs
        for line in out.splitlines()
        if line.startswith("sent ")
    ]
    assert len(sent) == 2 and sum(sent) == JOBS, outputs
    assert not OutboxMessage.objects.exists()
    # Each task reached the broker once, on the batch queue (clair_portal.queues).
    queue = os.environ.get(BROKER_PREFIX_VARIABLE, "") + queues.BATCH
    assert module_redis.client().llen(queue) == JOBS
    module_redis.client().delete(queue)


def test_redis_frozen_pages_answer_in_time_and_a_starting_worker_sends_the_outbox(
    web, env, module_redis, requester, processes, tmp_path
):
    user = web.signed_in(requester)

    module_redis.freeze()
    try:
        assert_health_names_the_broker(web)
        started = time.monotonic()
        ids = request_reports(user, JOBS)
        assert_public_pages_answer(web)
        # One wait for Redis, not one per request.
        assert time.monotonic() - started < PAGE_SECONDS * 2
        assert OutboxMessage.objects.count() == JOBS
    finally:
        module_redis.thaw()
    wait_until(lambda: web.get("/healthz").status == 200, 10, web.output)

    worker = start_worker(tmp_path / "worker.log", name="fault-redis", env=env)
    processes.append(worker)
    wait_until(
        lambda: (
            set(Job.objects.filter(pk__in=ids).values_list("state", flat=True))
            == {Job.State.SUCCEEDED}
        ),
        60,
        worker.output,
        interval=0.2,
    )
    assert not OutboxMessage.objects.exists()
    # Each report ran once: one notice each to the requester.
    assert requester.notifications.count() == JOBS
