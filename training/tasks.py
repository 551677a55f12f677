"""Background work of the training app: e-mails to seminar applicants without an account,
and the daily reminder of participants' logistics tasks.

Every task takes ids; the e-mails go through ``clair_portal.notifications.sending``,
which claims each one, so a task delivered twice sends nothing twice.
"""

from celery import shared_task

from clair_portal.notifications.sending import RETRY
from training import abroad


@shared_task(name="training.tasks.send_confirmation", **RETRY)
def send_confirmation(application_id: int) -> bool:
    return abroad.email_confirmation(application_id)


@shared_task(name="training.tasks.send_decision", **RETRY)
def send_decision(application_id: int, state: str) -> bool:
    return abroad.email_decision(application_id, state)


@shared_task(name="training.tasks.remind_participant_tasks")
def remind_participant_tasks() -> int:
    return abroad.remind_tasks()


@shared_task(name="training.tasks.make_certificates")
def make_certificates(course_id: int) -> int:
    from training import certificates

    return certificates.make_certificates(course_id)
