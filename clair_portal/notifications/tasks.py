from celery import shared_task

from clair_portal.notifications import sending, services


@shared_task(name="clair_portal.notifications.tasks.send_notification_email", **sending.RETRY)
def send_notification_email(notification_id: int) -> bool:
    """Send one notification's e-mail; safe to run twice (see services.send_email)."""
    return services.send_email(notification_id)


@shared_task(name="clair_portal.notifications.tasks.send_notification_emails", **sending.RETRY)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send many notifications' e-mails over one connection; safe to run twice."""
    return services.send_emails(notification_ids)


@shared_task(name="clair_portal.notifications.tasks.release_stale_claims")
def release_stale_claims() -> int:
    """Run by beat every minute: sends whose worker died go out again (see sending)."""
    return sending.release_stale_claims()
