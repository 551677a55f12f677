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


@shared_task(name="offices.tasks.queue_desk_notices", acks_late=True)
def queue_desk_notices() -> int:
    """Run by Celery beat: enqueue the desk's reminders and overdue notices due now."""
    from offices.services.desk_reminders import queue_desk_reminders

    return queue_desk_reminders()


@shared_task(name="offices.tasks.send_desk_notice", acks_late=True)
def send_desk_notice(request_id: int, kind: str) -> bool:
    """Send one request's reminder or overdue notice; claimed, so running twice sends once."""
    from offices.services import desk_reminders

    return desk_reminders.send_desk_notice(request_id, kind)
