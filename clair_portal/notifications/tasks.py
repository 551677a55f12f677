from celery import shared_task

from clair_portal.notifications import services


@shared_task(
    name="clair_portal.notifications.tasks.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    max_retries=8,
)
def send_notification_email(notification_id: int) -> bool:
    """Send one notification's e-mail; safe to run twice (see services.send_email)."""
    return services.send_email(notification_id)


@shared_task(
    name="clair_portal.notifications.tasks.send_notification_emails",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    max_retries=8,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send many notifications' e-mails over one connection; safe to run twice."""
    return services.send_emails(notification_ids)
