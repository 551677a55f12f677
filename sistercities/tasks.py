"""Background work of the sister-city app: e-mails to people without an account, the
survey fan-out, and the daily renewal notices, expiry and closing of surveys.

Every task takes ids and claims its work with a conditional UPDATE (see
``partnering._claimed``): a task delivered twice sends nothing twice.
"""

from celery import shared_task

from sistercities import partnering, surveys

MAIL_RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "max_retries": 8,
    "acks_late": True,
}


@shared_task(name="sistercities.tasks.send_request_confirmation", **MAIL_RETRY)
def send_request_confirmation(request_id: int) -> bool:
    return partnering.email_confirmation(request_id)


@shared_task(name="sistercities.tasks.send_decision", **MAIL_RETRY)
def send_decision(request_id: int, state: str) -> bool:
    return partnering.email_decision(request_id, state)


@shared_task(name="sistercities.tasks.send_renewal_notice", **MAIL_RETRY)
def send_renewal_notice(request_id: int) -> bool:
    return partnering.email_renewal(request_id)


@shared_task(name="sistercities.tasks.forward_inquiry", **MAIL_RETRY)
def forward_inquiry(inquiry_id: int) -> bool:
    return partnering.email_inquiry(inquiry_id)


@shared_task(name="sistercities.tasks.renew_and_expire_requests")
def renew_and_expire_requests() -> dict:
    """Run by beat, daily: renewal links a month before expiry, then expiry itself."""
    return {
        "renewal_notices": partnering.queue_renewal_notices(),
        "expired": partnering.expire_requests(),
    }


@shared_task(name="sistercities.tasks.fan_out_survey", acks_late=True)
def fan_out_survey(survey_id: int) -> int:
    return surveys.fan_out(survey_id)


@shared_task(name="sistercities.tasks.remind_survey", acks_late=True)
def remind_survey(survey_id: int) -> int:
    return surveys.fan_out(survey_id, reminders=True)


@shared_task(name="sistercities.tasks.send_survey_chunk", **MAIL_RETRY)
def send_survey_chunk(invitation_ids: list[int], reminders: bool = False) -> int:
    return sum(surveys.send_invitation(pk, reminder=reminders) for pk in invitation_ids)


@shared_task(name="sistercities.tasks.close_past_surveys")
def close_past_surveys() -> dict:
    """Run by beat, daily: reminders in a survey's last week, then close past surveys."""
    return {
        "reminders": surveys.remind_before_close(),
        "closed": surveys.close_past_surveys(),
    }
