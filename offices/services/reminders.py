"""Deadline reminders and overdue notices, queued once per report period and sent once."""

from datetime import date, datetime, timedelta

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
from offices import periods
from offices.models import Report, ReportReminder, ReportType
from offices.services.expected import expected_reports, reporting_offices
from offices.services.reports import CHUNK_SIZE, hq_reviewers, office_staff

# Overdue notices go out for periods at most this long past due, so that a new
# office or a newly required type does not bring years of notices at once.
OVERDUE_WINDOW = timedelta(days=31)
# How far back the reminder scan looks for periods: longer than any period plus its due delay.
LOOKBACK_MONTHS = 27


def due_notices(now: datetime):
    """The (expected report, kind) pairs whose reminder or overdue notice is due at ``now``."""
    offices = list(reporting_offices())
    report_types = list(ReportType.objects.active().exclude(schedule=periods.AD_HOC).with_rules())
    today = now.date()
    first = periods.add_months(date(today.year, today.month, 1), -LOOKBACK_MONTHS)
    for expected in expected_reports(offices, report_types, first, today):
        if expected.due <= now < expected.due + OVERDUE_WINDOW:
            yield expected, ReportReminder.Kind.OVERDUE
        elif periods.remind_at(expected.due, expected.rule) <= now < expected.due:
            yield expected, ReportReminder.Kind.DUE_SOON


def _submitted_keys(candidates) -> set[tuple[int, int, date]]:
    if not candidates:
        return set()
    first = min(e.period_start for e, _kind in candidates)
    return set(
        Report.objects.filter(
            period_start__gte=first, first_submitted_at__isnull=False
        ).values_list("office_id", "report_type_id", "period_start")
    )


def queue_reminders(now: datetime | None = None) -> int:
    """Record the reminders and overdue notices due at ``now`` and hand each to a worker.

    Idempotent: a notice is one row per office, type, period and kind (a unique
    constraint), so a second run records nothing new. Notices for reports
    already submitted are not recorded. Every notice not yet sent is enqueued
    after commit; the sending task claims it, so enqueuing one twice sends once.
    Returns how many notices were enqueued.
    """
    from offices.tasks import send_report_reminder

    now = now or timezone.now()
    candidates = list(due_notices(now))
    submitted = _submitted_keys(candidates)
    rows = [
        ReportReminder(
            office=e.office,
            report_type=e.report_type,
            period_start=e.period_start,
            kind=kind,
            due_at=e.due,
        )
        for e, kind in candidates
        if (e.office.pk, e.report_type.pk, e.period_start) not in submitted
    ]
    with transaction.atomic():
        ReportReminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=CHUNK_SIZE)
        pending = list(
            ReportReminder.objects.filter(sent_at__isnull=True, skipped=False).values_list(
                "pk", flat=True
            )
        )
        for pk in pending:
            enqueue(send_report_reminder, pk)
    return len(pending)


def send_reminder(reminder_id: int, now: datetime | None = None) -> bool:
    """Send one reminder or overdue notice, at most once; returns whether it was sent now.

    Claimed (``sending.claim`` on ``sent_at``) in the transaction that writes the
    notifications, so a task run twice, or by two workers, sends once, and a worker
    killed half-way leaves it unsent for the next run. If the office has submitted the report
    meanwhile, the notice is marked skipped and nothing is sent. A due-soon
    reminder goes to the office's staff; an overdue notice to them and to HQ's
    reviewers.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = ReportReminder.objects.filter(pk=reminder_id, sent_at__isnull=True, skipped=False)
        if not claim(due, sent_at=now):
            return False
        reminder = ReportReminder.objects.select_related("office", "report_type").get(
            pk=reminder_id
        )
        if Report.objects.filter(
            office=reminder.office,
            report_type=reminder.report_type,
            period_start=reminder.period_start,
            first_submitted_at__isnull=False,
        ).exists():
            reminder.skipped = True
            reminder.save(update_fields=["skipped"])
            return False
        _send(reminder)
    return True


def _send(reminder: ReportReminder) -> None:
    office, report_type, start = reminder.office, reminder.report_type, reminder.period_start
    label = lazy(
        lambda: (
            f"{office.name} – {report_type.name} – "
            f"{periods.period_label(report_type.schedule, start)}"
        ),
        str,
    )()
    due = lazy(lambda: moment(reminder.due_at, office.timezone), str)()
    office_url = reverse_lazy("offices:report-dashboard")
    if reminder.kind == ReportReminder.Kind.DUE_SOON:
        recipients = [(user, office_url) for user in office_staff(office)]
        subject = format_lazy(_("Report due soon: {report}"), report=label)
        body = format_lazy(
            _("The report “{report}” is due on {due} (your office's local time)."),
            report=label,
            due=due,
        )
    else:
        staff = list(office_staff(office))
        members = {user.pk for user in staff}
        rate_url = reverse_lazy("offices:report-rate")
        recipients = [(user, office_url) for user in staff] + [
            (user, rate_url) for user in hq_reviewers() if user.pk not in members
        ]
        subject = format_lazy(_("Report overdue: {report}"), report=label)
        body = format_lazy(
            _(
                "The report “{report}” was due on {due} (the office's local time) "
                "and has not been submitted."
            ),
            report=label,
            due=due,
        )
    for recipient, url in recipients:
        notify(
            recipient,
            event_key=f"office-report-reminder-{reminder.pk}",
            subject=subject,
            body=body,
            url=url,
        )
