from datetime import datetime

from celery import shared_task

from clair_portal.notifications.sending import RETRY
from jet import registrations, services
from jet.counselling import services as counselling


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


def _moment(now: str | None):
    """The task's clock: now, or the ISO time a caller (a test, a catch-up run) gives."""
    return datetime.fromisoformat(now) if now else None


@shared_task(name="jet.tasks.escalate_urgent_consultations")
def escalate_urgent_consultations(now: str | None = None) -> int:
    """Run by beat every minute: tell the lead of urgent consultations nobody acknowledged."""
    return counselling.escalate_unacknowledged(_moment(now))


@shared_task(name="jet.tasks.delete_expired_consultations")
def delete_expired_consultations(now: str | None = None) -> int:
    """Run by beat nightly: delete closed consultations' content after the retention period."""
    return counselling.delete_expired_content(_moment(now))


@shared_task(name="jet.tasks.remind_seminars")
def remind_seminars(now: str | None = None) -> int:
    """Run by beat hourly: remind registered participants of tomorrow's seminars, once each."""
    return registrations.send_reminders(_moment(now))
