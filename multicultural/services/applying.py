"""Applying for a grant: the terms a programme allows, drafts, submission and attachments."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.dates import day_lazy, moment_lazy
from clair_portal.security.uploads import sanitise_filename, sniff
from multicultural.models import Attachment, GrantApplication, GrantProgramme
from multicultural.services.access import (
    GrantError,
    get_own_application,
    officer_of,
    require_officer,
    yen,
)


@dataclass
class Terms:
    category: object
    project_start: date
    project_end: date
    requested_amount: int
    joint: bool = False


def problems(programme: GrantProgramme, kind: str, terms: Terms) -> dict[str, object]:
    """Every rule of the programme the terms break, by form field; empty when all hold."""
    found: dict[str, object] = {}
    cap = programme.cap_for(kind)
    if cap is None:
        found["joint" if terms.joint else "__all__"] = format_lazy(
            _("This programme does not accept applications from a {kind}."), kind=_kind_label(kind)
        )
    if (
        terms.category is not None
        and not programme.categories.filter(pk=terms.category.pk).exists()
    ):
        found["category"] = _("This programme does not fund that category.")
    amount = terms.requested_amount
    if amount is not None:
        if amount < max(programme.minimum_request, 1):
            found["requested_amount"] = format_lazy(
                _("The minimum request is {amount}."), amount=yen(max(programme.minimum_request, 1))
            )
        elif cap is not None and amount > cap:
            found["requested_amount"] = format_lazy(
                _("A {kind} may request at most {amount}."), kind=_kind_label(kind), amount=yen(cap)
            )
    start, end = programme.period()
    if terms.project_start and terms.project_end:
        if terms.project_end < terms.project_start:
            found["project_end"] = _("The project cannot end before it starts.")
        elif terms.project_start < start or terms.project_end > end:
            found["project_end"] = format_lazy(
                _("The project must run within fiscal year {year} ({start} to {end})."),
                year=programme.fiscal_year,
                start=day_lazy(start),
                end=day_lazy(end),
            )
    return found


def _kind_label(kind):
    from multicultural.models import ApplicantKind

    return ApplicantKind(kind).label


def _raise_first(found: dict):
    if found:
        field, message = next(iter(found.items()))
        raise GrantError(message, field=None if field == "__all__" else field)


def create_draft(user, programme_id: int, terms: Terms, *, title: str, summary: str):
    """Start an application for the officer's body.

    Preconditions: ``user`` is a grant officer; the programme still takes drafts
    (it has not closed); the terms meet the programme's rules (eligibility,
    category, minimum and cap, project within the fiscal year).
    """
    officer = require_officer(user)
    with transaction.atomic():
        programme = GrantProgramme.objects.get(pk=programme_id)
        if programme.closes_at < timezone.now():
            raise GrantError(_("This programme has closed; applications can no longer be made."))
        kind = officer.applicant_kind(joint=terms.joint)
        _raise_first(problems(programme, kind, terms))
        return GrantApplication.objects.create(
            programme=programme,
            local_government=officer.local_government,
            association=officer.association,
            prefecture=officer.prefecture(),
            applicant_kind=kind,
            created_by=user,
            title=title,
            summary=summary,
            category=terms.category,
            project_start=terms.project_start,
            project_end=terms.project_end,
            requested_amount=terms.requested_amount,
        )


def update_draft(user, application_id: int, terms: Terms, *, title: str, summary: str):
    """Change a draft of the officer's body; only drafts change, and only before closing."""
    require_officer(user)
    with transaction.atomic():
        application = get_own_application(user, application_id)
        application = GrantApplication.objects.select_for_update().get(pk=application.pk)
        if not application.is_editable:
            raise GrantError(_("Only a draft can be changed."))
        if application.programme.closes_at < timezone.now():
            raise GrantError(_("This programme has closed; applications can no longer be made."))
        officer = officer_of(user)
        kind = officer.applicant_kind(joint=terms.joint)
        _raise_first(problems(application.programme, kind, terms))
        application.applicant_kind = kind
        application.title = title
        application.summary = summary
        application.category = terms.category
        application.project_start = terms.project_start
        application.project_end = terms.project_end
        application.requested_amount = terms.requested_amount
        application.save()
        return application


def submit(user, application_id: int, *, now=None) -> GrantApplication:
    """Submit a draft of the officer's body while the programme's window is open.

    The rules are checked again: the programme may have changed since the draft.
    """
    now = now or timezone.now()
    require_officer(user)
    with transaction.atomic():
        application = get_own_application(user, application_id)
        application = GrantApplication.objects.select_for_update().get(pk=application.pk)
        programme = application.programme
        if not application.is_editable:
            raise GrantError(_("This application has already been submitted."))
        if now < programme.opens_at:
            raise GrantError(
                format_lazy(
                    _("Applications open on {date}."),
                    date=moment_lazy(programme.opens_at),
                )
            )
        if now > programme.closes_at:
            raise GrantError(_("This programme has closed; applications can no longer be made."))
        terms = Terms(
            category=application.category,
            project_start=application.project_start,
            project_end=application.project_end,
            requested_amount=application.requested_amount,
            joint=application.applicant_kind == "joint",
        )
        _raise_first(problems(programme, application.applicant_kind, terms))
        application.state = GrantApplication.State.SUBMITTED
        application.submitted_at = now
        application.save(update_fields=["state", "submitted_at"])
        return application


def add_attachment(user, application_id: int, uploaded, *, completion_report=False) -> Attachment:
    """Attach a validated file: to a draft, or to an award's completion report."""
    require_officer(user)
    with transaction.atomic():
        application = get_own_application(user, application_id)
        application = GrantApplication.objects.select_for_update().get(pk=application.pk)
        if completion_report:
            if application.state != GrantApplication.State.AWARDED:
                raise GrantError(_("A completion report can only be sent for an awarded grant."))
        elif not application.is_editable:
            raise GrantError(_("Files can only be added to a draft."))
        name = sanitise_filename(uploaded.name)
        attachment = Attachment(
            application=application,
            original_name=name,
            content_type=sniff(uploaded),
            uploaded_by=user,
            is_completion_report=completion_report,
        )
        attachment.file.save(name, uploaded, save=False)
        attachment.save()
        return attachment
