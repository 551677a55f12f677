"""Background work for office reports: deadline reminders and overdue notices."""

from celery import shared_task

from offices import services


@shared_task(name="offices.tasks.queue_report_reminders", acks_late=True)
def queue_report_reminders() -> int:
    """Run by Celery beat: record the notices due now and enqueue each one."""
    return services.queue_reminders()


@shared_task(name="offices.tasks.send_report_reminder", acks_late=True)
def send_report_reminder(reminder_id: int) -> bool:
    """Send one notice; claimed with a conditional UPDATE, so running twice sends once."""
    return services.send_reminder(reminder_id)
