"""A local government's own partner-seeking requests, kept by its signed-in officers.

The public form (``sistercities.partnering``) confirms an unknown submitter's
address by e-mail; an officer is known, so a request made here belongs to the
officer's organisation and goes to moderation without that step. Its officers
then keep it: a request that is not public (a draft, one awaiting moderation,
rejected or expired) is edited in place; a published one is edited by a
``RequestRevision`` that waits for the moderators while the published text stays
up. They renew it, withdraw it, and read the inquiries it received.

Every function that takes a request's id answers another organisation's request
exactly like a missing one (404).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.notifications.services import notify
from clair_portal.organisations.access import membership_of, require_organisation
from clair_portal.security.uploads import sniff
from sistercities import partnering
from sistercities.models import Inquiry, PartnerRequest, RequestImage, RequestRevision
from sistercities.models.partnering import RENEWAL_NOTICE, new_token
from sistercities.proposals import government_of

State = PartnerRequest.State
# Not on the public list, so a change needs nobody's approval before it shows.
EDITED_IN_PLACE = (State.DRAFT, State.PENDING, State.REJECTED, State.EXPIRED)
SENT_FOR_MODERATION_FROM = (State.DRAFT, State.REJECTED)


class OwnRequestError(partnering.PartneringError):
    """A refused step on an organisation's own request."""


# --- Reading -------------------------------------------------------------------------------


def requests_of(organisation):
    """The organisation's requests, newest change first, each with its unread inquiries
    and whether a revision waits (one query)."""
    return (
        PartnerRequest.objects.filter(organisation=organisation)
        .annotate(
            unread=Count("inquiries", filter=Q(inquiries__read_at__isnull=True)),
            has_revision=Exists(RequestRevision.objects.pending().filter(request=OuterRef("pk"))),
        )
        .order_by("-updated_at", "-pk")
    )


def get_request_for_officer(user, pk: int, *, lock: bool = False) -> PartnerRequest:
    """One of the officer's organisation's requests, else 404 like a missing one."""
    requests = PartnerRequest.objects.filter(organisation=require_organisation(user))
    if lock:
        requests = requests.select_for_update(of=("self",))
    request = requests.select_related("local_government__prefecture").filter(pk=pk).first()
    if request is None:
        raise Http404("Not a request of this organisation.")
    return request


def pending_revision(request: PartnerRequest) -> RequestRevision | None:
    return RequestRevision.objects.pending().filter(request=request).first()


def inquiries_of(request: PartnerRequest):
    return request.inquiries.order_by("-created_at", "-pk")


def get_inquiry_for_officer(user, request_pk: int, pk: int) -> Inquiry:
    request = get_request_for_officer(user, request_pk)
    inquiry = Inquiry.objects.filter(request=request, pk=pk).first()
    if inquiry is None:
        raise Http404("Not an inquiry of this request.")
    return inquiry


def prefill(user) -> dict:
    """What the portal already knows, for a new request's form: the government's name,
    its prefecture, its population if a request of its own gave one, the officer as
    contact."""
    government = government_of(user)
    membership = membership_of(user)
    known = (
        PartnerRequest.objects.filter(local_government=government)
        .filter(Q(organisation=membership.organisation) | Q(state=State.PUBLISHED))
        .order_by("-updated_at")
        .values_list("population", flat=True)
        .first()
    )
    return {
        "name": government.display_name(),
        "region": "" if government.is_prefecture else government.prefecture.display_name(),
        "population": known,
        "contact_name": user.full_name,
        "contact_department": membership.department,
        "contact_email": user.email,
    }


def tasks_of(organisation) -> dict:
    """How many inquiries wait to be read, and how many listed requests expire soon."""
    now = timezone.now()
    return {
        "unread": Inquiry.objects.filter(
            request__organisation=organisation, read_at__isnull=True
        ).count(),
        "expiring": PartnerRequest.objects.filter(
            organisation=organisation,
            state=State.PUBLISHED,
            expires_at__gt=now,
            expires_at__lte=now + RENEWAL_NOTICE,
        ).count(),
    }


# --- Making and changing ------------------------------------------------------------------


def _check(request: PartnerRequest) -> None:
    try:
        request.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise OwnRequestError(messages[0], field=field) from error


def _tell_moderators(request: PartnerRequest, event: str, subject) -> None:
    for moderator in partnering.moderators_of(request):
        notify(
            moderator,
            event_key=f"partner-request-{request.pk}-{event}",
            subject=subject,
            body=request.name,
            url=reverse("sistercities:moderation_detail", kwargs={"pk": request.pk}),
        )


@transaction.atomic
def create_request(user, data: dict, images=(), *, submit: bool) -> PartnerRequest:
    """A request of the officer's local government: a draft, or sent to moderation now.

    Preconditions: ``user`` is an officer of a local government (else 404);
    ``data`` holds ``RequestRevision.FIELDS`` as the form cleaned them;
    ``images`` are validated uploads. No e-mail confirmation: the request is
    tied to the organisation.
    """
    government = government_of(user)
    now = timezone.now()
    request = PartnerRequest(
        **data,
        side=PartnerRequest.Side.JAPANESE,
        local_government=government,
        country="JP",
        organisation=require_organisation(user),
        created_by=user,
        language=user.language or "ja",
        state=State.PENDING if submit else State.DRAFT,
        confirmed_at=now if submit else None,
        updated_at=now,
    )
    _check(request)
    request.save()
    for position, upload in enumerate(images):
        RequestImage.objects.create(
            request=request, file=upload, content_type=sniff(upload), position=position
        )
    if submit:
        _tell_moderators(request, "pending", _("A partner-seeking request awaits moderation"))
    return request


@transaction.atomic
def send_for_moderation(user, pk: int) -> PartnerRequest:
    """A draft (or a rejected request, corrected) goes to its moderators."""
    request = get_request_for_officer(user, pk, lock=True)
    if request.state not in SENT_FOR_MODERATION_FROM:
        raise OwnRequestError(_("Only a draft or a rejected request can be sent to CLAIR."))
    now = timezone.now()
    request.state = State.PENDING
    request.confirmed_at = request.confirmed_at or now
    request.updated_at = now
    request.save()
    _tell_moderators(
        request,
        f"pending-{int(now.timestamp())}",
        _("A partner-seeking request awaits moderation"),
    )
    return request


def _changes(request: PartnerRequest, data: dict) -> dict:
    proposed = RequestRevision(request=request, data=data).as_request()
    return {
        name: data[name]
        for name in RequestRevision.FIELDS
        if name in data
        and RequestRevision.comparable(getattr(proposed, name))
        != RequestRevision.comparable(getattr(request, name))
    }


@transaction.atomic
def change_request(user, pk: int, data: dict) -> PartnerRequest | RequestRevision:
    """The officer changes the text of a request.

    Not public yet (draft, awaiting moderation, rejected, expired): written in
    place. Published: kept as a pending revision for the moderators, the
    published text staying up; a newer change replaces a pending revision.
    Withdrawn: refused. A change that changes nothing is refused.
    """
    request = get_request_for_officer(user, pk, lock=True)
    changes = _changes(request, data)
    if request.state == State.WITHDRAWN:
        raise OwnRequestError(_("A withdrawn request cannot be changed."))
    if not changes:
        raise OwnRequestError(_("Nothing was changed."))
    if request.state in EDITED_IN_PLACE:
        for name, value in data.items():
            setattr(request, name, value)
        request.updated_at = timezone.now()
        _check(request)
        request._history_user = user
        request.save()
        return request
    proposed = RequestRevision(request=request, data=data).as_request()
    _check(proposed)
    revision = RequestRevision.objects.select_for_update().pending().filter(request=request).first()
    if revision is None:
        revision = RequestRevision(request=request, proposed_by=user)
    revision.data = {name: data[name] for name in RequestRevision.FIELDS if name in data}
    revision.proposed_by = user
    revision.save()
    _tell_moderators(
        request,
        f"revision-{revision.pk}-{int(timezone.now().timestamp())}",
        _("A published partner-seeking request was changed and awaits moderation"),
    )
    return revision


@transaction.atomic
def renew(user, pk: int) -> PartnerRequest:
    """Keep a listed request for another twelve months from today; a lapsed one goes
    back to its moderators (as by the renewal link, which the officer does not need)."""
    request = get_request_for_officer(user, pk, lock=True)
    if request.state not in (State.PUBLISHED, State.EXPIRED) or request.published_at is None:
        raise OwnRequestError(_("Only a published request can be renewed."))
    now = timezone.now()
    if now <= request.renewal_link_expires_at():
        return partnering.renew_locked(request)
    # Past the renewal link's grace: the signed-in officer may still ask to be listed again.
    request.state = State.PENDING
    request.renewal_token = new_token()
    request.renewal_sent_at = None
    request.updated_at = now
    request.save()
    _tell_moderators(
        request,
        f"renewed-{int(request.published_at.timestamp())}",
        _("An expired partner-seeking request asks to be listed again"),
    )
    return request


@transaction.atomic
def withdraw(user, pk: int) -> PartnerRequest:
    """Take a request off the list for good; it stays on record, with its inquiries."""
    request = get_request_for_officer(user, pk, lock=True)
    if request.state == State.WITHDRAWN:
        raise OwnRequestError(_("This request is already withdrawn."))
    request.state = State.WITHDRAWN
    request.updated_at = timezone.now()
    request._history_user = user
    request.save()
    return request


def mark_read(inquiry: Inquiry) -> None:
    """The officer opened the inquiry: its first reading is recorded (one UPDATE)."""
    Inquiry.objects.filter(pk=inquiry.pk, read_at__isnull=True).update(read_at=timezone.now())


# --- The moderators' decision on a revision --------------------------------------------------


def get_revision_for_moderator(user, pk: int) -> RequestRevision:
    """A revision of a request ``user`` moderates, else 404."""
    revision = (
        RequestRevision.objects.with_related()
        .filter(pk=pk, request__in=PartnerRequest.objects.for_moderator(user))
        .first()
    )
    if revision is None:
        raise Http404("Not a revision this user moderates.")
    return revision


def _pending_locked(pk: int, by) -> RequestRevision:
    """Lock order: the request, then its revision."""
    request_id = get_revision_for_moderator(by, pk).request_id
    request = PartnerRequest.objects.select_for_update().get(pk=request_id)
    revision = RequestRevision.objects.select_for_update().get(pk=pk)
    revision.request = request
    if revision.state != RequestRevision.State.PENDING:
        raise OwnRequestError(_("This change has already been decided."))
    if request.state != State.PUBLISHED:
        raise OwnRequestError(
            _("The request is no longer published: its officers change it directly.")
        )
    return revision


def accept_revision(pk: int, *, by) -> RequestRevision:
    """The moderator accepts: the revision's text replaces the published one.

    Preconditions: ``by`` moderates the request (else 404); the revision is
    pending and its request still published.
    """
    with transaction.atomic():
        revision = _pending_locked(pk, by)
        request = revision.request
        for name, value in revision.data.items():
            setattr(request, name, value)
        request.updated_at = timezone.now()
        request._history_user = by
        request._change_reason = f"Revision #{revision.pk} accepted"
        request.save()
        revision.state = RequestRevision.State.ACCEPTED
        revision.decided_by = by
        revision.decided_at = timezone.now()
        revision.save()
        _tell_officer(revision, accepted=True)
    return revision


def decline_revision(pk: int, *, by, reason: str) -> RequestRevision:
    """The moderator declines with a reason: the published text stays, the officer is told."""
    if not (reason or "").strip():
        raise OwnRequestError(
            _("Say why the change is declined: the officer reads it."), field="reason"
        )
    with transaction.atomic():
        revision = _pending_locked(pk, by)
        revision.state = RequestRevision.State.DECLINED
        revision.decline_reason = reason.strip()
        revision.decided_by = by
        revision.decided_at = timezone.now()
        revision.save()
        _tell_officer(revision, accepted=False)
    return revision


def _tell_officer(revision: RequestRevision, *, accepted: bool) -> None:
    name = revision.request.name
    if accepted:
        subject = format_lazy(_("Your change to {name} is published"), name=name)
        body = _("CLAIR has published the new text of your partner-seeking request.")
    else:
        subject = format_lazy(_("Your change to {name} was declined"), name=name)
        body = format_lazy(
            _("The published text stays as it was. CLAIR's reason: {reason}"),
            reason=revision.decline_reason,
        )
    notify(
        revision.proposed_by,
        event_key=f"sistercities.revision.{revision.pk}.{revision.state}",
        subject=subject,
        body=body,
        url=reverse_lazy("sistercities:my_request", kwargs={"pk": revision.request_id}),
    )
