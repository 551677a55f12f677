"""Completion-report reminders, each sent once."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.dates import day_lazy
from clair_portal.notifications.sending import claim
from multicultural.models import GrantApplication
from multicultural.services.access import tell_officers

REMINDER_DAYS_BEFORE = 14
UPCOMING, OVERDUE = "upcoming", "overdue"


def due_reminders(today: date) -> dict[str, list[int]]:
    """Ids of awards needing a reminder: due within two weeks, or overdue, not yet told."""
    waiting = GrantApplication.objects.filter(
        state=GrantApplication.State.AWARDED, reported_at__isnull=True
    )
    upcoming = waiting.filter(
        reminder_sent_at__isnull=True,
        report_due_on__gte=today,
        report_due_on__lte=today + timedelta(days=REMINDER_DAYS_BEFORE),
    )
    overdue = waiting.filter(overdue_notice_sent_at__isnull=True, report_due_on__lt=today)
    return {
        UPCOMING: list(upcoming.values_list("pk", flat=True)),
        OVERDUE: list(overdue.values_list("pk", flat=True)),
    }


def send_reminder(application_id: int, kind: str) -> bool:
    """Remind the body's officers once; returns whether this call sent it.

    The reminder is claimed (``sending.claim``) in the transaction that writes the
    notifications, so a task delivered twice, or run by two workers at once, reminds
    once.
    """
    field = "reminder_sent_at" if kind == UPCOMING else "overdue_notice_sent_at"
    with transaction.atomic():
        due = GrantApplication.objects.filter(
            pk=application_id,
            state=GrantApplication.State.AWARDED,
            reported_at__isnull=True,
            **{f"{field}__isnull": True},
        )
        if not claim(due, **{field: timezone.now()}):
            return False
        application = GrantApplication.objects.get(pk=application_id)
        due = day_lazy(application.report_due_on)
        if kind == UPCOMING:
            subject = format_lazy(_("Completion report due by {due}"), due=due)
            body = format_lazy(
                _("The completion report for “{title}” is due by {due}."),
                title=application.title,
                due=due,
            )
        else:
            subject = format_lazy(_("Completion report overdue since {due}"), due=due)
            body = format_lazy(
                _("The completion report for “{title}” was due on {due}. Please send it now."),
                title=application.title,
                due=due,
            )
        tell_officers(
            application,
            event=f"grant-application-{application.pk}-report-{kind}",
            subject=subject,
            body=body,
        )
        return True
