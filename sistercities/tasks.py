"""Background work of the sister-city app: e-mails to people without an account, the
survey fan-out, and the daily renewal notices, expiry and closing of surveys.

Every task takes ids; the e-mails go through ``clair_portal.notifications.sending``,
which claims each one, so a task delivered twice sends nothing twice.
"""

from celery import shared_task

from clair_portal.notifications.sending import RETRY
from sistercities import partnering, surveys


@shared_task(name="sistercities.tasks.send_request_confirmation", **RETRY)
def send_request_confirmation(request_id: int) -> bool:
    return partnering.email_confirmation(request_id)


@shared_task(name="sistercities.tasks.send_decision", **RETRY)
def send_decision(request_id: int, state: str) -> bool:
    return partnering.email_decision(request_id, state)


@shared_task(name="sistercities.tasks.send_renewal_notice", **RETRY)
def send_renewal_notice(request_id: int) -> bool:
    return partnering.email_renewal(request_id)


@shared_task(name="sistercities.tasks.forward_inquiry", **RETRY)
def forward_inquiry(inquiry_id: int) -> bool:
    return partnering.email_inquiry(inquiry_id)


@shared_task(name="sistercities.tasks.renew_and_expire_requests")
def renew_and_expire_requests() -> dict:
    """Run by beat, daily: renewal links a month before expiry, then expiry itself; and
    the public form's drafts that their visitors never sent are deleted."""
    return {
        "renewal_notices": partnering.queue_renewal_notices(),
        "expired": partnering.expire_requests(),
        "abandoned_drafts": partnering.purge_abandoned_drafts(),
    }


@shared_task(name="sistercities.tasks.fan_out_survey", acks_late=True)
def fan_out_survey(survey_id: int) -> int:
    return surveys.fan_out(survey_id)


@shared_task(name="sistercities.tasks.remind_survey", acks_late=True)
def remind_survey(survey_id: int) -> int:
    return surveys.fan_out(survey_id, reminders=True)


@shared_task(name="sistercities.tasks.send_survey_chunk", **RETRY)
def send_survey_chunk(invitation_ids: list[int], reminders: bool = False) -> int:
    return surveys.send_invitations(invitation_ids, reminder=reminders)


@shared_task(name="sistercities.tasks.send_survey_invitation", **RETRY)
def send_survey_invitation(invitation_id: int, reminder: bool = False) -> bool:
    """One link (or reminder) again, after its first worker died (see sending)."""
    return surveys.send_invitation(invitation_id, reminder=reminder)


@shared_task(name="sistercities.tasks.close_past_surveys")
def close_past_surveys() -> dict:
    """Run by beat, daily: reminders in a survey's last week, then close past surveys."""
    return {
        "reminders": surveys.remind_before_close(),
        "closed": surveys.close_past_surveys(),
    }
