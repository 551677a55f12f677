"""Scheduled reminders: stale specialist profiles and trainees' logistics tasks.

Both take no model instances; the services claim each item (``sending.claim``) in the
transaction that writes its notifications, so a second run or a second worker sends
nothing twice.
"""

from celery import shared_task

from cooperation import services


@shared_task(acks_late=True)
def remind_stale_profiles() -> int:
    return services.remind_stale_profiles()


@shared_task(acks_late=True)
def remind_checklist() -> int:
    return services.remind_checklist()
