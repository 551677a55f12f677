"""The error report services raise, and who may see what: one helper per object type,
someone else's report is a 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from clair_portal.accounts.roles import is_hq
from clair_portal.errors import DomainError
from offices.models import Office, OfficeMembership, Report, ReportAttachment


class ReportError(DomainError):
    """A change the person may not make; ``message`` is a lazy translated string."""


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
