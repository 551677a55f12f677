"""Handing tasks to Celery without waiting on a broker that is down: ``enqueue`` and the outbox."""
