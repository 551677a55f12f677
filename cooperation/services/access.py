"""The error every cooperation service raises, and who may see what: one helper per
object type, someone else's object is a 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from clair_portal.accounts.roles import OFFICE_STAFF, has_role, is_hq
from clair_portal.errors import DomainError
from clair_portal.organisations.access import organisation_of
from cooperation.models import Dispatch, DispatchRequest, HostOffer, Programme, Specialist, Trainee


class CooperationError(DomainError):
    """A refused registry, dispatch or LGOTP operation (see ``clair_portal.errors``)."""


def may_enter_requests(user) -> bool:
    return is_hq(user) or has_role(user, OFFICE_STAFF)


def office_countries(user) -> set[str]:
    """The country codes the user's office is responsible for (none without an office)."""
    from offices.models import OfficeMembership

    office = OfficeMembership.objects.office_of(user)
    return {country.code for country in office.countries} if office else set()


def get_own_specialist(user) -> Specialist:
    """The signed-in specialist's own profile; 404 for anyone without one."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Specialist.objects.for_list(), user=user, is_active=True)


def get_specialist_for_user(user, pk: int) -> Specialist:
    """A specialist's profile for HQ; 404 for everyone else."""
    if not is_hq(user):
        raise Http404
    return get_object_or_404(Specialist.objects.for_list(), pk=pk)


def get_request_for_user(user, pk: int) -> DispatchRequest:
    return get_object_or_404(DispatchRequest.objects.visible_to(user).for_list(), pk=pk)


def get_dispatch_for_user(user, pk: int) -> Dispatch:
    return get_object_or_404(Dispatch.objects.visible_to(user).for_list(), pk=pk)


def get_trainee_for_user(user, pk: int) -> Trainee:
    """Trainees are HQ's records; to anyone else they look missing."""
    if not is_hq(user):
        raise Http404
    return get_object_or_404(Trainee.objects.for_list(), pk=pk)


def get_offer_for_user(user, pk: int) -> HostOffer:
    """A demand-survey offer for HQ; 404 for everyone else."""
    if not is_hq(user):
        raise Http404
    return get_object_or_404(HostOffer.objects.for_list(), pk=pk)


def get_programme_for_user(user, year: int) -> Programme:
    if not is_hq(user):
        raise Http404
    return get_object_or_404(Programme, fiscal_year=year)


# --- The host local government's officers ---------------------------------------------


def host_government_of(user):
    """The Japanese local government the user is an officer of; 404 for anyone else.

    Hosts are local governments: an association's or a school's officer has no
    LGOTP pages, so they look missing to them.
    """
    organisation = organisation_of(user)
    if organisation is None or organisation.local_government_id is None:
        raise Http404
    return organisation.local_government


def get_host_offer_for_user(user, pk: int) -> HostOffer:
    """One of the officer's own local government's offers; another's answers 404."""
    government = host_government_of(user)
    return get_object_or_404(
        HostOffer.objects.for_list().filter(local_government=government), pk=pk
    )
