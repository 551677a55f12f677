from celery import shared_task

from clair_portal.accounts import services


@shared_task(
    name="clair_portal.accounts.tasks.send_password_reset",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    max_retries=8,
    acks_late=True,
)
def send_password_reset(email: str, language: str, claim: str) -> int:
    """The password-reset e-mail, after the response (see services.send_password_reset)."""
    return services.send_password_reset(email, language, claim)
