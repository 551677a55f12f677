"""Applying for a grant: the terms a programme allows, drafts, submission and attachments."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clair_portal.dates import day_lazy, moment_lazy
from clair_portal.security.uploads import sanitise_filename, sniff
from multicultural.models import Attachment, GrantApplication, GrantProgramme, RequiredDocument
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


# --- Required documents ----------------------------------------------------------------


@dataclass
class Requirement:
    """One document the application must attach, with the files attached as that document."""

    document: RequiredDocument
    files: list = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return not self.files


def required_documents(application: GrantApplication):
    """The documents ``application`` must attach: its programme's documents for every
    category and those for its category, in the programme's order."""
    return RequiredDocument.objects.for_terms(application.programme_id, application.category_id)


def checklist(application: GrantApplication, attachments) -> list[Requirement]:
    """Each required document of ``application`` with the files of ``attachments`` (the
    application's, already fetched) that answer it: one query, for the documents."""
    files = defaultdict(list)
    for attachment in attachments:
        if attachment.required_document_id and not attachment.is_completion_report:
            files[attachment.required_document_id].append(attachment)
    return [
        Requirement(document, files[document.pk]) for document in required_documents(application)
    ]


def missing_documents(application: GrantApplication) -> list[RequiredDocument]:
    """The required documents of ``application`` with no file attached as them yet."""
    attached = Attachment.objects.filter(
        application_id=application.pk,
        required_document_id=OuterRef("pk"),
        is_completion_report=False,
    )
    return list(required_documents(application).exclude(Exists(attached)))


def names_list(names) -> str:
    """Names joined as a list in the active language ("A, B" / "A、B")."""
    return str(pgettext_lazy("list separator", ", ")).join(str(name) for name in names)


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
    Every document the programme requires for the application's category must be
    attached first; the refusal names each one still missing.
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
        missing = missing_documents(application)
        if missing:
            raise GrantError(
                format_lazy(
                    _("Attach these documents before you submit: {documents}."),
                    documents=names_list(document.name for document in missing),
                )
            )
        application.state = GrantApplication.State.SUBMITTED
        application.submitted_at = now
        application.save(update_fields=["state", "submitted_at"])
        return application


def add_attachment(
    user, application_id: int, uploaded, *, completion_report=False, required_document_id=None
) -> Attachment:
    """Attach a validated file: to a draft, or to an award's completion report.

    ``required_document_id`` says which of the draft's required documents the file
    is; it must be one the application needs (its programme's, for its category).
    None means another supporting file.
    """
    require_officer(user)
    with transaction.atomic():
        application = get_own_application(user, application_id)
        application = GrantApplication.objects.select_for_update().get(pk=application.pk)
        if completion_report:
            if application.state != GrantApplication.State.AWARDED:
                raise GrantError(_("A completion report can only be sent for an awarded grant."))
        elif not application.is_editable:
            raise GrantError(_("Files can only be added to a draft."))
        document = None
        if required_document_id is not None:
            document = (
                required_documents(application).filter(pk=required_document_id).first()
                if not completion_report
                else None
            )
            if document is None:
                raise GrantError(
                    _("That is not a document this application needs."), field="document"
                )
        name = sanitise_filename(uploaded.name)
        attachment = Attachment(
            application=application,
            original_name=name,
            content_type=sniff(uploaded),
            uploaded_by=user,
            is_completion_report=completion_report,
            required_document=document,
        )
        attachment.file.save(name, uploaded, save=False)
        attachment.save()
        return attachment
