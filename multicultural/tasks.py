from celery import shared_task
from django.utils import timezone

from clair_portal.outbox.services import enqueue
from multicultural import services


@shared_task(name="multicultural.tasks.queue_completion_reminders")
def queue_completion_reminders() -> int:
    """Run daily by beat: one task per award whose completion report is due soon or overdue."""
    due = services.due_reminders(timezone.localdate())
    for kind, ids in due.items():
        for application_id in ids:
            enqueue(send_completion_reminder, application_id, kind)
    return sum(len(ids) for ids in due.values())


@shared_task(name="multicultural.tasks.send_completion_reminder", acks_late=True)
def send_completion_reminder(application_id: int, kind: str) -> bool:
    """Remind one award's officers; a repeated delivery sends nothing (see services.send_reminder)."""
    return services.send_reminder(application_id, kind)
