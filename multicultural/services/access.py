"""The errors grant and library services raise, and who may do what: one helper per
object type, someone else's object is a 404.
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone

from clair_portal.accounts.roles import is_hq
from clair_portal.errors import DomainError
from clair_portal.notifications.services import notify
from clair_portal.organisations.access import organisation_of
from clair_portal.organisations.models import Membership, Organisation
from multicultural.models import (
    ApplicantKind,
    Attachment,
    GrantApplication,
    GrantProgramme,
    applicant_body,
)
from reference.models import LocalGovernment


class GrantError(DomainError):
    """A refused grant operation; ``field`` names the form field at fault, if any."""


class LibraryError(GrantError):
    """A refused change to the living-information library."""


def yen(amount: int) -> str:
    return f"¥{amount:,}"


@dataclass(frozen=True)
class GrantOfficer:
    """Someone who applies for grants: an officer of a local government or an association.

    Who acts for which body is the core's organisation membership; this names
    what the grant services read from it.
    """

    user: object
    organisation: Organisation

    @property
    def local_government(self):
        return self.organisation.local_government

    @property
    def association(self):
        return self.organisation.association

    @property
    def body(self):
        return self.local_government or self.association

    def applicant_kind(self, *, joint: bool = False) -> str:
        if joint:
            return ApplicantKind.JOINT
        if self.organisation.association_id:
            return ApplicantKind.ASSOCIATION
        if self.local_government.kind in (
            LocalGovernment.Kind.PREFECTURE,
            LocalGovernment.Kind.DESIGNATED_CITY,
        ):
            return ApplicantKind.PREFECTURAL
        return ApplicantKind.MUNICIPAL

    def prefecture(self) -> LocalGovernment:
        """The prefecture the body belongs to, for the per-prefecture dashboard."""
        return self.organisation.prefecture


def officer_of(user) -> GrantOfficer | None:
    """``user`` as a grant officer: an active officer of a local government or association."""
    organisation = organisation_of(user)
    if applicant_body(organisation) is None:
        return None
    return GrantOfficer(user=user, organisation=organisation)


def require_officer(user) -> GrantOfficer:
    officer = officer_of(user)
    if officer is None:
        raise Http404("Not a grant officer.")
    return officer


def require_hq(user) -> None:
    if not is_hq(user):
        raise Http404("Not HQ.")


def get_application_for_user(user, application_id: int) -> GrantApplication:
    """The application if ``user`` is HQ or an officer of its body, else 404."""
    if not is_hq(user):
        require_officer(user)
    return get_object_or_404(
        GrantApplication.objects.for_user(user).with_related(), pk=application_id
    )


def get_own_application(user, application_id: int) -> GrantApplication:
    """The application if ``user`` is an officer of its body (HQ does not apply), else 404."""
    require_officer(user)
    return get_application_for_user(user, application_id)


def get_programme_for_officer(user, programme_id: int) -> GrantProgramme:
    """A programme still taking drafts, for an officer; else 404."""
    require_officer(user)
    return get_object_or_404(
        GrantProgramme.objects.accepting_drafts(timezone.now()), pk=programme_id
    )


def get_attachment_for_user(user, application_id: int, attachment_id: int) -> Attachment:
    application = get_application_for_user(user, application_id)
    return get_object_or_404(application.attachments, pk=attachment_id)


def tell_officers(application: GrantApplication, *, event: str, subject, body) -> None:
    """Notify every officer of the application's body (after commit, once per event)."""
    officers = (
        Membership.objects.active()
        .filter(
            organisation__local_government_id=application.local_government_id,
            organisation__association_id=application.association_id,
        )
        .select_related("user")
    )
    url = reverse_lazy("multicultural:application", kwargs={"pk": application.pk})
    for officer in officers:
        notify(officer.user, event_key=event, subject=subject, body=body, url=url)
