from celery import shared_task

from clair_portal.notifications.sending import RETRY
from clair_portal.organisations import services


@shared_task(name="clair_portal.organisations.tasks.send_invitations", **RETRY)
def send_invitations(*membership_ids: int) -> int:
    """E-mail one chunk of invitations, each once (the claim sweep passes one id)."""
    return services.send_invitation_emails(membership_ids)


@shared_task(name="clair_portal.organisations.tasks.send_decline", **RETRY)
def send_decline(request_id: int) -> int:
    """Tell a requester, once, that HQ declined their request and why."""
    return services.send_decline_email(request_id)
