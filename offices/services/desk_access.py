"""The desk's routing and its access rules: which office answers a country, who works
which desk, and who may read which request (someone else's answers 404).

Who sees what:

- a local government's officers: their organisation's requests, drafts included;
- an office's staff: the requests routed to their office (never a draft);
- HQ staff: every request sent; they answer the ones routed to headquarters.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from clair_portal.accounts.models import User
from clair_portal.accounts.roles import HQ_STAFF, is_hq
from clair_portal.errors import DomainError
from clair_portal.organisations.access import organisation_of, require_organisation
from clair_portal.organisations.models import Membership
from offices.models import AssistanceRequest, Office, RequestAttachment
from offices.services.access import office_of

State = AssistanceRequest.State


class DeskError(DomainError):
    """A step on an assistance request that is not allowed; the message is translated."""


# --- Routing and who works the desk ---------------------------------------------------


def headquarters() -> Office:
    return Office.objects.get(kind=Office.Kind.HEADQUARTERS)


def office_for(country) -> Office:
    """The overseas office responsible for ``country``; headquarters when none is."""
    code = str(country)
    for office in Office.objects.filter(kind=Office.Kind.OVERSEAS).order_by("sort_order"):
        if code in {str(c) for c in office.countries}:
            return office
    return headquarters()


def desk_of(user) -> Office | None:
    """The office whose desk ``user`` works: their office, or headquarters for HQ staff."""
    office = office_of(user)
    if office is not None:
        return office
    if is_hq(user):
        if not hasattr(user, "_desk_hq"):
            user._desk_hq = headquarters()
        return user._desk_hq
    return None


def require_desk(user) -> Office:
    office = desk_of(user)
    if office is None:
        raise Http404("Not on an office's desk.")
    return office


def desk_staff(office: Office):
    """Who works ``office``'s desk: its active members, and HQ staff for headquarters."""
    who = Q(office_membership__office=office)
    if office.is_headquarters:
        who |= Q(groups__name=HQ_STAFF)
    return User.objects.filter(who, is_active=True).distinct().order_by("full_name", "email")


def officers_of(organisation):
    """The organisation's active officers, who hear about its requests."""
    return User.objects.filter(
        pk__in=Membership.objects.active().of(organisation).values("user")
    ).order_by("pk")


# --- Reading ------------------------------------------------------------------------------


def requests_of(organisation):
    """The organisation's requests, newest first, each with its office: one query per page."""
    return AssistanceRequest.objects.of_organisation(organisation).listing()


def visible_to(user):
    """The requests ``user`` may read (none for anyone without a part in the desk)."""
    requests = AssistanceRequest.objects.all()
    if not user.is_authenticated:
        return requests.none()
    organisation = organisation_of(user)
    if organisation is not None:
        return requests.of_organisation(organisation)
    office = office_of(user)
    if office is not None:
        return requests.routed_to(office)
    if is_hq(user):
        return requests.sent()
    return requests.none()


def get_request_for_user(user, pk: int) -> AssistanceRequest:
    """A request ``user`` may read, else 404 exactly like a missing one."""
    return get_object_or_404(visible_to(user).listing(), pk=pk)


def get_request_for_officer(user, pk: int, *, lock: bool = False) -> AssistanceRequest:
    """One of the officer's organisation's requests, else 404."""
    requests = AssistanceRequest.objects.of_organisation(require_organisation(user))
    if lock:
        requests = requests.select_for_update(of=("self",))
    return get_object_or_404(requests.select_related("office"), pk=pk)


def get_request_for_desk(user, pk: int, *, lock: bool = False) -> AssistanceRequest:
    """A request routed to the desk ``user`` works, else 404 (HQ reads others, answers these)."""
    requests = AssistanceRequest.objects.routed_to(require_desk(user))
    if lock:
        requests = requests.select_for_update(of=("self",))
    return get_object_or_404(requests.select_related("office", "organisation"), pk=pk)


def get_attachment_for_user(user, pk: int, attachment_id: int) -> RequestAttachment:
    request = get_request_for_user(user, pk)
    return get_object_or_404(request.attachments.all(), pk=attachment_id)


def queue_of(office: Office):
    """The office's desk, what needs it first: waiting for an answer (soonest due first),
    then in hand, then with the local government, then closed."""
    order = Case(
        When(state=State.SUBMITTED, then=Value(0)),
        When(state=State.ACCEPTED, then=Value(1)),
        When(state=State.INFO_REQUESTED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        AssistanceRequest.objects.routed_to(office)
        .listing()
        .annotate(urgency=order)
        .order_by("urgency", "due_at", "-submitted_at", "-pk")
    )
