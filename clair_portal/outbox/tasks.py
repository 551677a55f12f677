from celery import shared_task

from clair_portal.outbox import services


@shared_task(name="clair_portal.outbox.tasks.drain_outbox")
def drain_outbox() -> int:
    """Run every minute by beat and by each worker as it starts: send what the outbox holds."""
    return services.drain()


def sweep_on_worker_start(sender=None, **kwargs):
    """``worker_ready``: the broker answers again (or for the first time), so drain the outbox.

    The drain runs as a task, in the pool, rather than in the worker's main process.
    """
    services.send(drain_outbox.name, [])
