"""Office reports: creating, editing, submitting, reviewing, reminding.

Every change of a report's state goes through a function here. Each one runs
in ``transaction.atomic()``, locks the report row (``select_for_update``) before
it checks the state, records who did what and when as a ``ReportEvent``, and
raises ``ReportError`` with a translated message when the change is not
allowed, leaving everything as it was.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts.models import User
from clair_portal.accounts.roles import HQ_STAFF, is_hq
from clair_portal.notifications.services import notify
from clair_portal.outbox.services import enqueue
from clair_portal.security.uploads import UploadValidator, sanitise_filename, sniff
from offices import periods
from offices.models import (
    Office,
    OfficeMembership,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportReminder,
    ReportType,
)

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
# Overdue notices go out for periods at most this long past due, so that a new
# office or a newly required type does not bring years of notices at once.
OVERDUE_WINDOW = timedelta(days=31)
# How far back the reminder scan looks for periods: longer than any period plus its due delay.
LOOKBACK_MONTHS = 27


class ReportError(Exception):
    """A change the person may not make; ``message`` is a lazy translated string."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Who may see what ---------------------------------------------------------


def office_of(user) -> Office | None:
    """The office ``user`` is a member of, or None (HQ staff, participants, the public)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_office_of"):
        user._office_of = OfficeMembership.objects.office_of(user)
    return user._office_of


def require_office(user) -> Office:
    """The office of an office member; anyone else gets 404, as for a page that is not there."""
    office = office_of(user)
    if office is None:
        raise Http404("Not an office member.")
    return office


def require_hq(user) -> None:
    if not is_hq(user):
        raise Http404("Not HQ.")


def get_report_for_user(user, report_id: int) -> Report:
    """The report if ``user`` may see it (HQ: any; office staff: their office's), else 404."""
    return get_object_or_404(
        Report.objects.for_user(user).select_related("office", "report_type"), pk=report_id
    )


def get_own_report(user, report_id: int) -> Report:
    """The report if it is ``user``'s office's (for the office's own actions), else 404."""
    office = require_office(user)
    return get_object_or_404(
        Report.objects.for_office(office).select_related("office", "report_type"), pk=report_id
    )


def get_report_for_review(user, report_id: int) -> Report:
    """The report if ``user`` is an HQ reviewer, else 404."""
    require_hq(user)
    return get_object_or_404(Report.objects.select_related("office", "report_type"), pk=report_id)


def get_attachment_for_user(user, report_id: int, attachment_id: int) -> ReportAttachment:
    """The attachment if ``user`` may see its report, else 404."""
    report = get_report_for_user(user, report_id)
    return get_object_or_404(report.attachments.select_related("report"), pk=attachment_id)


# --- Office staff's changes ---------------------------------------------------


def _event(report, action, user, at, comment=""):
    return ReportEvent.objects.create(
        report=report, action=action, actor=user, at=at, comment=comment
    )


def _locked(report_id: int) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("office", "report_type")
        .get(pk=report_id)
    )


def create_report(user, report_type: ReportType, period_start: date) -> Report:
    """Start a draft of ``report_type`` for ``period_start`` for ``user``'s office.

    Preconditions: ``user`` is an office member; the type is active and
    ``period_start`` is the first day of one of its periods; the office has no
    report of that type for that period yet. The due time is fixed now from the
    office's rule, in the office's time zone.
    """
    office = office_of(user)
    if office is None:
        raise ReportError(_("Only office staff can file reports."))
    if not report_type.is_active:
        raise ReportError(_("This report type is no longer in use."))
    if not periods.fits(report_type.schedule, period_start):
        raise ReportError(schedule_hint(report_type.schedule))
    rule = report_type.rule_for(office)
    with transaction.atomic():
        if Report.objects.filter(
            office=office, report_type=report_type, period_start=period_start
        ).exists():
            raise ReportError(_("Your office already has this report for that period."))
        now = timezone.now()
        report = Report.objects.create(
            office=office,
            report_type=report_type,
            period_start=period_start,
            language=user.language if user.language in Report.Language.values else "ja",
            due_at=periods.due_at(report_type.schedule, period_start, rule, office.timezone),
            created_by=user,
        )
        _event(report, ReportEvent.Action.CREATED, user, now)
    return report


def schedule_hint(schedule: str):
    return {
        periods.MONTHLY: _("A monthly report's period starts on the first day of a month."),
        periods.QUARTERLY: _(
            "A quarterly report's period starts on the first day of a fiscal quarter: "
            "1 April, 1 July, 1 October or 1 January."
        ),
        periods.ANNUAL: _("An annual report's period is a fiscal year: it starts on 1 April."),
    }.get(schedule, _("That period does not fit this report type's schedule."))


def _require_editable(report: Report) -> None:
    if report.state == Report.State.ACCEPTED:
        raise ReportError(_("HQ has accepted this report; its period is locked."))
    if not report.is_editable:
        raise ReportError(
            _("This report has been submitted; it can be changed only if HQ returns it.")
        )


def save_draft(user, report_id: int, *, title: str, body: str, language: str) -> Report:
    """Save the title, text and language of a draft or returned report of ``user``'s office."""
    with transaction.atomic():
        report = _locked(get_own_report(user, report_id).pk)
        _require_editable(report)
        if language not in Report.Language.values:
            raise ReportError(_("Reports are written in Japanese or English."))
        report.title, report.body, report.language = title.strip(), body.strip(), language
        report.save(update_fields=["title", "body", "language", "updated_at"])
    return report


def add_attachment(user, report_id: int, upload) -> ReportAttachment:
    """Attach ``upload`` to a draft or returned report of ``user``'s office.

    The file is checked by ``UploadValidator`` (size from settings, type by
    content, a name matching the type); a refused file raises ``ReportError``
    and leaves the report and its other attachments as they were.
    """
    try:
        UploadValidator()(upload)
    except ValidationError as error:
        raise ReportError(" ".join(error.messages)) from error
    with transaction.atomic():
        report = _locked(get_own_report(user, report_id).pk)
        _require_editable(report)
        attachment = ReportAttachment(
            report=report,
            filename=sanitise_filename(upload.name),
            content_type=sniff(upload),
            size=upload.size,
            uploaded_by=user,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        report.save(update_fields=["updated_at"])
    return attachment


def remove_attachment(user, report_id: int, attachment_id: int) -> None:
    """Remove an attachment from a draft or returned report of ``user``'s office."""
    with transaction.atomic():
        report = _locked(get_own_report(user, report_id).pk)
        _require_editable(report)
        attachment = get_object_or_404(report.attachments, pk=attachment_id)
        stored = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        # The file goes only once the row is gone for good.
        transaction.on_commit(lambda: storage.delete(stored))


def submit_report(user, report_id: int) -> Report:
    """Submit a draft, or resubmit a returned report, of ``user``'s office to HQ.

    Preconditions: the report is a draft or returned (a second submit of the
    same report is refused and changes nothing), and it has a title and a text.
    The first submission time decides whether the report was on time. HQ
    reviewers are notified, each in their language.
    """
    with transaction.atomic():
        report = _locked(get_own_report(user, report_id).pk)
        if report.state == Report.State.SUBMITTED:
            raise ReportError(_("This report has already been submitted."))
        _require_editable(report)
        if not report.title or not report.body:
            raise ReportError(_("Write a title and the report before submitting it."))
        now = timezone.now()
        action = (
            ReportEvent.Action.RESUBMITTED
            if report.state == Report.State.RETURNED
            else ReportEvent.Action.SUBMITTED
        )
        report.state = Report.State.SUBMITTED
        report.first_submitted_at = report.first_submitted_at or now
        report.submitted_at = now
        report.submission_count += 1
        report.save()
        _event(report, action, user, now)
        _notify_hq_of_submission(report)
    return report


# --- HQ's review --------------------------------------------------------------


def return_report(user, report_id: int, comment: str) -> Report:
    """Return a submitted report to its office with HQ's comment (required)."""
    require_hq(user)
    comment = (comment or "").strip()
    if not comment:
        raise ReportError(_("Say what the office should change: the comment is required."))
    with transaction.atomic():
        report = _locked(report_id)
        if report.state != Report.State.SUBMITTED:
            raise ReportError(_("Only a submitted report can be returned."))
        now = timezone.now()
        report.state = Report.State.RETURNED
        report.review_comment = comment
        report.save()
        _event(report, ReportEvent.Action.RETURNED, user, now, comment)
        _notify_office(
            report,
            event=f"returned-{report.submission_count}",
            subject=_("HQ returned your report: {report}"),
            body=_("HQ returned the report “{report}” with this comment:\n\n{comment}"),
            comment=comment,
        )
    return report


def accept_report(user, report_id: int, comment: str = "") -> Report:
    """Accept a submitted report; its period is locked from then on."""
    require_hq(user)
    with transaction.atomic():
        report = _locked(report_id)
        if report.state == Report.State.ACCEPTED:
            raise ReportError(_("This report has already been accepted."))
        if report.state != Report.State.SUBMITTED:
            raise ReportError(_("Only a submitted report can be accepted."))
        now = timezone.now()
        report.state = Report.State.ACCEPTED
        report.accepted_at = now
        report.review_comment = (comment or "").strip()
        report.save()
        _event(report, ReportEvent.Action.ACCEPTED, user, now, report.review_comment)
        _notify_office(
            report,
            event="accepted",
            subject=_("HQ accepted your report: {report}"),
            body=_("HQ accepted the report “{report}”. {comment}"),
            comment=report.review_comment,
        )
    return report


# --- Notifications ------------------------------------------------------------


def hq_reviewers():
    """Everyone who reviews office reports: active HQ staff and superusers."""
    return (
        User.objects.filter(Q(groups__name=HQ_STAFF) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("pk")
    )


def office_staff(office: Office):
    return User.objects.filter(office_membership__office=office, is_active=True).order_by("pk")


def _lazy_label(report: Report):
    """The report's name, rendered later in each recipient's language."""
    office, report_type, start = report.office, report.report_type, report.period_start
    return lazy(
        lambda: (
            f"{office.name} – {report_type.name} – "
            f"{periods.period_label(report_type.schedule, start)}"
        ),
        str,
    )()


def _notify_hq_of_submission(report: Report) -> None:
    label = _lazy_label(report)
    for reviewer in hq_reviewers().iterator(chunk_size=CHUNK_SIZE):
        notify(
            reviewer,
            event_key=f"office-report-{report.pk}-submitted-{report.submission_count}",
            subject=format_lazy(_("Report submitted: {report}"), report=label),
            body=format_lazy(
                _("The office submitted the report “{report}”. It is waiting for your review."),
                report=label,
            ),
            url=reverse_lazy("offices:report-detail", args=[report.pk]),
        )


def _notify_office(report, *, event, subject, body, comment) -> None:
    label = _lazy_label(report)
    for member in office_staff(report.office).iterator(chunk_size=CHUNK_SIZE):
        notify(
            member,
            event_key=f"office-report-{report.pk}-{event}",
            subject=format_lazy(subject, report=label),
            body=format_lazy(body, report=label, comment=comment),
            url=reverse_lazy("offices:report-detail", args=[report.pk]),
        )


# --- What is expected, and who is late ----------------------------------------


@dataclass(frozen=True)
class Expected:
    """One period of one report type that one office must file."""

    office: Office
    report_type: ReportType
    period_start: date
    due: datetime
    rule: periods.DueRule

    @property
    def label(self) -> str:
        return periods.period_label(self.report_type.schedule, self.period_start)


def reporting_offices():
    return Office.objects.filter(kind=Office.Kind.OVERSEAS).order_by("sort_order", "code")


def expected_reports(offices, report_types, first: date, last: date):
    """Every (office, type, period) with a deadline whose period starts in [first, last]."""
    for report_type in report_types:
        for office in offices:
            rule = report_type.rule_for(office)
            if not rule.required:
                continue
            for start in periods.periods_between(report_type.schedule, first, last):
                due = periods.due_at(report_type.schedule, start, rule, office.timezone)
                yield Expected(office, report_type, start, due, rule)


# --- Reminders ----------------------------------------------------------------


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

    Claimed with a conditional UPDATE (``sent_at`` still empty), so a task run
    twice, or by two workers, sends once. If the office has submitted the report
    meanwhile, the notice is marked skipped and nothing is sent. A due-soon
    reminder goes to the office's staff; an overdue notice to them and to HQ's
    reviewers.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = ReportReminder.objects.filter(
            pk=reminder_id, sent_at__isnull=True, skipped=False
        ).update(sent_at=now)
        if not claimed:
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
    due = lazy(
        lambda: timezone.localtime(reminder.due_at, office.timezone).strftime("%Y-%m-%d %H:%M %Z"),
        str,
    )()
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


# --- Reporting rate -------------------------------------------------------------


@dataclass
class RateRow:
    office: Office
    cells: list = field(default_factory=list)  # (Expected, status) per period
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def rate(self) -> int | None:
        """On-time share of the periods already due, in percent."""
        return round(100 * self.on_time / self.expected) if self.expected else None


ON_TIME, LATE, MISSING, NOT_DUE, SUBMITTED_EARLY = "on_time", "late", "missing", "not_due", "early"


def reporting_rate(report_type: ReportType, first: date, last: date, now: datetime | None = None):
    """Per office, each period of ``report_type`` starting in [first, last] and how it went.

    A period counts as expected once its due time has passed: on time if the
    report's first submission came by then, late if after, missing if none.
    Three queries whatever the number of offices and periods (offices, the
    type's rules, the reports' submission times).
    """
    now = now or timezone.now()
    offices = list(reporting_offices())
    report_type = ReportType.objects.with_rules().get(pk=report_type.pk)
    submitted = {
        (office_id, start): (first_at, due)
        for office_id, start, first_at, due in Report.objects.filter(
            report_type=report_type, period_start__range=(first, last)
        ).values_list("office_id", "period_start", "first_submitted_at", "due_at")
    }
    rows = {office.pk: RateRow(office) for office in offices}
    for expected in expected_reports(offices, [report_type], first, last):
        row = rows[expected.office.pk]
        first_at, due = submitted.get((expected.office.pk, expected.period_start), (None, None))
        due = due or expected.due
        if due > now:
            status = SUBMITTED_EARLY if first_at else NOT_DUE
        else:
            row.expected += 1
            if first_at is None:
                status = MISSING
                row.missing += 1
            elif first_at <= due:
                status = ON_TIME
                row.on_time += 1
            else:
                status = LATE
                row.late += 1
        row.cells.append((expected, status))
    return list(rows.values())
