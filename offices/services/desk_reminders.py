"""The desk's deadlines: a reminder when the last working day to answer begins, and an
overdue notice to the office and HQ once it has passed, each sent once per request.

The beat task finds the requests due for either and enqueues one task per request and
kind; the task claims the request's column (``reminded_at``, ``overdue_notified_at``)
in the transaction that writes the notifications, so running it twice, or on two
workers, sends once. A request answered meanwhile (or whose clock stopped) is no
longer matched, so nothing goes out for it.
"""

from datetime import datetime

from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.dates import moment
from clair_portal.notifications.sending import claim
from clair_portal.notifications.services import notify
from clair_portal.outbox.services import enqueue
from offices.models import AssistanceRequest
from offices.services.desk import desk_staff
from offices.services.reports import hq_reviewers

State = AssistanceRequest.State
REMINDER = "reminder"
OVERDUE = "overdue"


def reminders_due(now: datetime):
    """Requests waiting for their first answer whose last day has begun, not yet reminded."""
    return AssistanceRequest.objects.filter(
        state=State.SUBMITTED,
        reminded_at__isnull=True,
        remind_at__lte=now,
        due_at__gt=now,
    )


def overdue_due(now: datetime):
    """Requests past their first answer's deadline, whose notice has not gone out."""
    return AssistanceRequest.objects.filter(
        state=State.SUBMITTED, overdue_notified_at__isnull=True, due_at__lte=now
    )


def queue_desk_reminders(now: datetime | None = None) -> int:
    """Enqueue the reminders and overdue notices due at ``now``; returns how many.

    Idempotent: a request already reminded (or notified) is not matched again, and
    the task claims before it sends, so a task enqueued twice sends once.
    """
    from offices.tasks import send_desk_notice

    now = now or timezone.now()
    jobs = [(pk, REMINDER) for pk in reminders_due(now).values_list("pk", flat=True)]
    jobs += [(pk, OVERDUE) for pk in overdue_due(now).values_list("pk", flat=True)]
    with transaction.atomic():
        for pk, kind in jobs:
            enqueue(send_desk_notice, pk, kind)
    return len(jobs)


def send_desk_notice(request_id: int, kind: str, now: datetime | None = None) -> bool:
    """Send one request's reminder or overdue notice, at most once; whether it went now.

    A reminder goes to the request's assignee, or to the desk's staff while nobody has
    it; an overdue notice to the desk's staff and to HQ's staff.
    """
    now = now or timezone.now()
    if kind == REMINDER:
        rows, column = reminders_due(now), "reminded_at"
    elif kind == OVERDUE:
        rows, column = overdue_due(now), "overdue_notified_at"
    else:
        raise ValueError(kind)
    with transaction.atomic():
        if not claim(rows.filter(pk=request_id), **{column: now}):
            return False
        request = AssistanceRequest.objects.select_related("office", "assigned_to").get(
            pk=request_id
        )
        _send(request, kind)
    return True


def _send(request: AssistanceRequest, kind: str) -> None:
    office = request.office
    due = lazy(lambda: moment(request.due_at, office.timezone), str)()
    url = reverse_lazy("offices:request-detail", kwargs={"pk": request.pk})
    staff = list(desk_staff(office))
    if kind == REMINDER:
        assignee = request.assigned_to
        recipients = [assignee] if assignee is not None and assignee.is_active else staff
        subject = format_lazy(_("First answer due today: {reference}"), reference=request.reference)
        body = format_lazy(
            _("The request {reference} needs a first answer by {due} (the office's local time)."),
            reference=request.reference,
            due=due,
        )
    else:
        members = {user.pk for user in staff}
        recipients = staff + [user for user in hq_reviewers() if user.pk not in members]
        subject = format_lazy(
            _("Request overdue: {reference} ({office})"),
            reference=request.reference,
            office=lazy(lambda: office.name, str)(),
        )
        body = format_lazy(
            _(
                "The request {reference} was due for a first answer by {due} (the office's "
                "local time) and has not been answered."
            ),
            reference=request.reference,
            due=due,
        )
    for user in recipients:
        notify(
            user,
            event_key=f"assistance-request-{request.pk}-{kind}",
            subject=subject,
            body=body,
            url=url,
        )
