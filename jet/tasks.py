from celery import shared_task

from clair_portal.notifications.sending import RETRY
from jet import services


@shared_task(name="jet.tasks.send_placement_notices", acks_late=True)
def send_placement_notices(placement_ids: list[int]) -> int:
    """Tell the participants of one chunk of placements; a repeated delivery sends nothing twice."""
    return services.send_notices(placement_ids)


@shared_task(name="jet.tasks.resume_stalled_notices")
def resume_stalled_notices() -> int:
    """Run by beat: re-queue notices whose task was lost, so every participant hears once."""
    return services.resume_stalled_notices()


@shared_task(name="jet.tasks.send_invitation", **RETRY)
def send_invitation(participant_id: int) -> bool:
    """Send one participant's invitation e-mail, once."""
    return services.send_invitation_email(participant_id)
