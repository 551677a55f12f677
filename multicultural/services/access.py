"""The errors grant and library services raise, and who may do what: one helper per
object type, someone else's object is a 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone

from clair_portal.accounts.roles import GRANT_APPLICANT, has_role, is_hq
from clair_portal.errors import DomainError
from clair_portal.notifications.services import notify
from multicultural.models import Attachment, GrantApplication, GrantOfficer, GrantProgramme


class GrantError(DomainError):
    """A refused grant operation; ``field`` names the form field at fault, if any."""


class LibraryError(GrantError):
    """A refused change to the living-information library."""


def yen(amount: int) -> str:
    return f"¥{amount:,}"


def officer_of(user) -> GrantOfficer | None:
    """The grant officer record of ``user``, if they act for a body and hold the role."""
    if not has_role(user, GRANT_APPLICANT):
        return None
    if not hasattr(user, "_grant_officer"):
        user._grant_officer = (
            GrantOfficer.objects.select_related(
                "local_government__prefecture", "association__serves__prefecture"
            )
            .filter(user=user)
            .first()
        )
    return user._grant_officer


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
    officers = GrantOfficer.objects.for_body(
        local_government_id=application.local_government_id,
        association_id=application.association_id,
    ).select_related("user")
    url = reverse_lazy("multicultural:application", kwargs={"pk": application.pk})
    for officer in officers:
        notify(officer.user, event_key=event, subject=subject, body=body, url=url)
