"""A report's life: office staff create, edit and submit it, HQ returns or accepts it,
and each side is told.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts.models import User
from clair_portal.accounts.roles import HQ_STAFF
from clair_portal.notifications.services import notify
from clair_portal.security.uploads import UploadValidator, sanitise_filename, sniff
from offices import periods
from offices.models import Office, Report, ReportAttachment, ReportEvent, ReportType
from offices.services.access import ReportError, get_own_report, office_of, require_hq

CHUNK_SIZE = 500


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
        raise ReportError(" ".join(error.messages), field="attachment") from error
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
