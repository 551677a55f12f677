"""enqueue() never waits on a broker that is down, and the outbox is drained once per row."""

import socket
import threading
import time
from datetime import timedelta

import pytest
from celery import shared_task
from django.db import connection, transaction
from django.utils import timezone

from clair_portal.celery import app as celery_app
from clair_portal.outbox import services
from clair_portal.outbox.models import OutboxMessage

RAN: list = []


@shared_task(name="clair_portal.outbox.tests.test_outbox.record")
def record(*args):
    RAN.append(list(args))


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    RAN.clear()
    monkeypatch.setattr(services, "_skip_broker_until", 0.0)


@pytest.fixture
def broker_down():
    """Tasks go to a broker (not run in process), and nothing listens where it should be."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    conf = celery_app.conf
    previous = conf.task_always_eager, conf.broker_write_url
    conf.task_always_eager = False
    conf.broker_write_url = f"redis://127.0.0.1:{port}/0"
    yield
    conf.task_always_eager, conf.broker_write_url = previous


@pytest.mark.django_db
def test_enqueue_runs_the_task_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.enqueue(record, 1, "a")
        assert RAN == []
    assert RAN == [[1, "a"]]


@pytest.mark.django_db
def test_enqueue_in_a_transaction_that_rolls_back_sends_nothing(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.enqueue(record, 1)
        raise RuntimeError
    assert callbacks == []
    assert RAN == []
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_with_the_broker_down_the_task_waits_in_the_outbox_and_nobody_waits(
    broker_down, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue(record, 7, [1, 2])
        services.enqueue(record, 8)
    assert time.monotonic() - started < 3
    rows = list(OutboxMessage.objects.values_list("task", "args", "claimed_at"))
    assert rows == [(record.name, [7, [1, 2]], None), (record.name, [8], None)]
    assert RAN == []


@pytest.mark.django_db
def test_after_one_failure_the_broker_is_not_waited_for_again_at_once(
    broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    attempts = []
    real = services._connection

    def counting(url):
        attempts.append(url)
        return real(url)

    monkeypatch.setattr(services, "_connection", counting)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            services.enqueue(record, n)
    assert len(attempts) == 1
    assert OutboxMessage.objects.count() == 5


@pytest.mark.django_db
def test_drain_sends_every_row_in_order_and_empties_the_outbox():
    for n in range(3):
        OutboxMessage.objects.create(task=record.name, args=[n])
    assert services.drain() == 3
    assert RAN == [[0], [1], [2]]
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_drain_stops_when_the_broker_fails_and_keeps_the_rest_for_the_next(monkeypatch):
    for n in range(5):
        OutboxMessage.objects.create(task=record.name, args=[n])
    real = services._publish

    def fails_on_the_third(task, args, *, force=False):
        if args == [2]:
            raise services.BrokerUnavailable("gone again")
        real(task, args, force=force)

    monkeypatch.setattr(services, "_publish", fails_on_the_third)
    assert services.drain() == 2
    left = OutboxMessage.objects.order_by("pk")
    assert [m.args for m in left] == [[2], [3], [4]]
    assert all(m.claimed_at is None and m.claim is None for m in left)
    monkeypatch.setattr(services, "_publish", real)
    assert services.drain() == 3
    assert RAN == [[0], [1], [2], [3], [4]]


@pytest.mark.django_db
def test_a_claim_held_by_a_drain_is_left_alone_until_it_is_stale():
    now = timezone.now()
    held = OutboxMessage.objects.create(task=record.name, args=[1], claimed_at=now)
    assert services.drain(now=now + timedelta(minutes=1)) == 0
    assert OutboxMessage.objects.filter(pk=held.pk).exists()
    # Its drain died: after STALE_CLAIM the row is sent by another.
    assert services.drain(now=now + services.STALE_CLAIM + timedelta(seconds=1)) == 1
    assert RAN == [[1]]


@pytest.mark.django_db
def test_a_row_naming_an_unknown_task_is_marked_and_not_retried(caplog):
    OutboxMessage.objects.create(task="removed.task", args=[1])
    OutboxMessage.objects.create(task=record.name, args=[2])
    assert services.drain() == 1
    stuck = OutboxMessage.objects.get()
    assert stuck.error == "Unknown task removed.task"
    assert "unknown task removed.task" in caplog.text
    assert services.drain() == 0


@pytest.mark.django_db(transaction=True)
def test_two_drains_at_once_send_each_row_exactly_once(monkeypatch):
    OutboxMessage.objects.bulk_create(OutboxMessage(task=record.name, args=[n]) for n in range(250))
    sent = []
    lock = threading.Lock()

    def slow_publish(task, args, *, force=False):
        time.sleep(0.001)  # long enough for the drains to overlap
        with lock:
            sent.append(args[0])

    monkeypatch.setattr(services, "_publish", slow_publish)
    counts = []

    def drain():
        try:
            counts.append(services.drain())
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(sent) == list(range(250))
    assert sum(counts) == 250
    assert not OutboxMessage.objects.exists()
