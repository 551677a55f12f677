"""Enqueueing tasks so that a broker outage loses nothing and holds nobody up.

Every task the portal hands to Celery goes through :func:`enqueue`. After the
current transaction commits it gives the task to the broker, waiting at most
``REDIS_TIMEOUT``; if the broker refuses or does not answer, the task is
written to the outbox table instead and the caller carries on. :func:`drain`
(Celery beat every minute, and every worker as it starts) sends the outbox's
rows once the broker is back.

Nothing is lost: a task is either with the broker or in the outbox. Nothing is
sent twice by two drains: each claims its rows with a conditional update. A
send whose answer timed out may still have reached the broker, and a drain
that dies between sending a row and deleting it leaves the row to be sent
again; the portal's tasks are idempotent, so such a second delivery does
nothing.
"""

import functools
import logging
import time
import uuid
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from kombu import pools
from kombu.exceptions import LimitExceeded
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from clair_portal.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

BROKER_UNAVAILABLE = (
    KombuOperationalError,
    LimitExceeded,
    RedisConnectionError,
    RedisTimeoutError,
    OSError,
)
# After the broker failed, this process writes straight to the outbox for a
# while instead of waiting out the timeout on every enqueue.
RETRY_AFTER_SECONDS = 5.0
# A claim older than this belongs to a drain that died; its rows are sent again.
STALE_CLAIM = timedelta(minutes=5)
BATCH = 100

_skip_broker_until = 0.0


class BrokerUnavailable(Exception):
    """The broker refused the task or did not answer within ``REDIS_TIMEOUT``."""


def enqueue(task, *args) -> None:
    """Run ``task(*args)`` on a worker once the current transaction commits.

    Preconditions: ``args`` are JSON values (ids, not model instances) and the
    task is idempotent (it may, rarely, be delivered twice). Outside a
    transaction the task is handed over at once. The caller never waits more
    than ``REDIS_TIMEOUT`` for the broker: if it is down, the task goes to the
    outbox and is sent when the broker is back.
    """
    transaction.on_commit(functools.partial(send, task.name, list(args)))


def send(task_name: str, args: list) -> None:
    """Give the task to the broker now, or write it to the outbox if the broker fails."""
    task = current_app.tasks[task_name]
    try:
        _publish(task, args)
    except BrokerUnavailable as error:
        logger.warning("broker unavailable (%s): %s%r kept in the outbox", error, task_name, args)
        try:
            OutboxMessage.objects.create(task=task_name, args=args)
        except Exception:
            # Neither the broker nor the database: say exactly what is lost.
            logger.exception("task %s%r lost: the outbox could not be written", task_name, args)
            raise


def drain(*, now=None) -> int:
    """Send the outbox's tasks to the broker, oldest first; returns how many were sent.

    Rows are claimed a batch at a time (``SELECT … FOR UPDATE SKIP LOCKED``, then an
    UPDATE conditional on the row still being claimable, in one transaction), so
    concurrent drains take disjoint rows. Each row is deleted as soon as the broker took it. If the broker fails
    the drain releases what it still holds and stops; the next drain resumes.
    A row naming a task this release does not have is marked with an error and
    left for an administrator.
    """
    now = now or timezone.now()
    sent = 0
    while True:
        claim = uuid.uuid4()
        claimable = OutboxMessage.objects.claimable(stale_before=now - STALE_CLAIM)
        with transaction.atomic():
            ids = list(
                claimable.order_by("pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:BATCH]
            )
            claimed = claimable.filter(pk__in=ids).update(claimed_at=now, claim=claim)
        if not claimed:
            return sent
        for message in OutboxMessage.objects.filter(claim=claim).order_by("pk"):
            task = _task(message.task)
            if task is None:
                logger.error("outbox message %s names an unknown task %s", message.pk, message.task)
                message.error = f"Unknown task {message.task}"
                message.save(update_fields=["error"])
                continue
            try:
                _publish(task, message.args, force=True)
            except BrokerUnavailable as error:
                logger.warning("broker unavailable (%s): outbox drain stopped", error)
                OutboxMessage.objects.filter(claim=claim, error="").update(
                    claimed_at=None, claim=None
                )
                return sent
            OutboxMessage.objects.filter(pk=message.pk, claim=claim).delete()
            sent += 1
        logger.info("outbox: %d task(s) sent to the broker", sent)


def _task(name: str):
    """The task called ``name``, importing every app's tasks module if it is not known yet.

    A process that drains (beat's task runs in a worker, which knows every task;
    a shell does not) may not have imported the module that defines it. Celery's
    own ``import_default_modules`` would do, but in a worker it sets Django up
    again, which reconfigures logging and silences the worker's log.
    """
    if name not in current_app.tasks:
        autodiscover_modules("tasks")
    return current_app.tasks.get(name)


def _publish(task, args: list, *, force: bool = False) -> None:
    """Give one task to the broker, waiting at most ``REDIS_TIMEOUT``; ``BrokerUnavailable`` if not.

    After a failure the process does not try the broker again for a few seconds
    (unless ``force``, as a drain does), so a burst of enqueues during an outage
    costs one timeout, not one each.
    """
    global _skip_broker_until
    if task.app.conf.task_always_eager:
        # Tests run tasks in process: there is no broker to miss, and a task's
        # own error must reach the test rather than look like a broker failure.
        task.apply_async(args)
        return
    if not force and time.monotonic() < _skip_broker_until:
        raise BrokerUnavailable("it failed moments ago")
    try:
        producers = pools.producers[_connection(task.app.conf.broker_write_url)]
        with producers.acquire(block=True, timeout=settings.REDIS_TIMEOUT) as producer:
            task.apply_async(args, producer=producer, retry=False)
    except BROKER_UNAVAILABLE as error:
        _skip_broker_until = time.monotonic() + RETRY_AFTER_SECONDS
        raise BrokerUnavailable(str(error)) from error


@functools.cache
def _connection(url: str):
    """A connection to the broker at ``url`` that fails within ``REDIS_TIMEOUT``, not retrying.

    Kombu's defaults retry a lost broker for as long as it is gone; a page that
    enqueues a task must not wait for that. Kombu pools its connections per process.
    """
    timeout = settings.REDIS_TIMEOUT
    return current_app.connection_for_write(
        url,
        connect_timeout=timeout,
        transport_options={
            "max_retries": 0,
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
        },
    )
