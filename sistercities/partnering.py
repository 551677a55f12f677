"""Partner-seeking requests: submission, confirmation by link, moderation, renewal,
expiry and inquiries (the suggested matches are ``sistercities.matching``).

The submitter and the people who write to them have no account: their e-mails
are rendered in their language and sent by Celery tasks that take ids and claim
the work with a conditional UPDATE, so a task run twice sends once.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clair_portal.accounts import roles
from clair_portal.errors import DomainError
from clair_portal.notifications.sending import email, link, send_once
from clair_portal.notifications.services import notify
from clair_portal.outbox.services import enqueue
from clair_portal.security.uploads import sniff
from sistercities.models import Inquiry, PartnerRequest, RequestImage
from sistercities.models.partnering import PUBLISHED_FOR, RENEWAL_NOTICE, new_token

logger = logging.getLogger(__name__)

State = PartnerRequest.State


class PartneringError(DomainError):
    """A refused step, with a translated message for the person who tried it."""


# --- Submission and confirmation ------------------------------------------------------


# A draft of the public form that its visitor never sent is deleted after this long.
ABANDONED_DRAFT_AFTER = timedelta(days=2)


def save_draft(data: dict, images, *, language: str, draft: PartnerRequest | None = None):
    """Keep what a visitor typed in the public form, as a draft they check before sending.

    ``data`` holds the model's fields as the form cleaned them; ``images`` are
    uploads the form has validated (type by content, size). With ``draft`` (a
    public draft the same visitor made), its answers are replaced, and its
    images too when new ones were chosen; otherwise a new draft is made. Nobody
    but that visitor sees a draft; nothing is sent until ``send_request``.
    """
    with transaction.atomic():
        if draft is None:
            request = PartnerRequest(**data, language=language, state=State.DRAFT)
        else:
            request = _public_draft(draft.pk)
            for name, value in data.items():
                setattr(request, name, value)
            request.language = language
        if request.side == PartnerRequest.Side.JAPANESE:
            request.country = "JP"
        request.updated_at = timezone.now()
        request.full_clean()
        request.save()
        if images:
            replaced = [image.file for image in request.images.all()]
            request.images.all().delete()
            transaction.on_commit(lambda: [file.delete(save=False) for file in replaced])
        for position, upload in enumerate(images):
            RequestImage.objects.create(
                request=request, file=upload, content_type=sniff(upload), position=position
            )
    return request


def send_request(request_id: int) -> PartnerRequest:
    """The visitor checked their answers: the confirmation link goes to the contact address.

    Only a public draft is sent (one already sent answers 404, as a request of
    someone else's would); the request then waits for the address to be confirmed.
    """
    with transaction.atomic():
        request = _public_draft(request_id)
        request.state = State.UNCONFIRMED
        request.updated_at = timezone.now()
        request.save(update_fields=["state", "updated_at"])
        from sistercities.tasks import send_request_confirmation

        enqueue(send_request_confirmation, request.pk)
    return request


def submit_request(data: dict, images, *, language: str) -> PartnerRequest:
    """Draft and send at once: a request made without the check step (imports, tests)."""
    return send_request(save_draft(data, images, language=language).pk)


def _public_draft(request_id: int) -> PartnerRequest:
    request = (
        PartnerRequest.objects.select_for_update()
        .filter(pk=request_id, state=State.DRAFT, organisation=None)
        .first()
    )
    if request is None:
        raise Http404
    return request


def purge_abandoned_drafts(now=None) -> int:
    """Delete public drafts their visitors left unsent (run daily).

    Their images and their history go too: what a visitor typed and never sent
    is kept nowhere.
    """
    cutoff = (now or timezone.now()) - ABANDONED_DRAFT_AFTER
    with transaction.atomic():
        ids = list(
            PartnerRequest.objects.select_for_update(skip_locked=True)
            .filter(state=State.DRAFT, organisation=None, updated_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        files = [image.file for image in RequestImage.objects.filter(request_id__in=ids)]
        PartnerRequest.objects.filter(pk__in=ids).delete()
        PartnerRequest.history.filter(id__in=ids).delete()
        transaction.on_commit(lambda: [file.delete(save=False) for file in files])
    return len(ids)


def get_request_by_token(token: str) -> PartnerRequest:
    request = PartnerRequest.objects.filter(token=token).first()
    if request is None:
        raise Http404
    return request


@transaction.atomic
def confirm_request(token: str) -> PartnerRequest:
    """The submitter followed the link: the request waits for its moderators, who are told.

    Confirming twice changes nothing the second time.
    """
    request = PartnerRequest.objects.select_for_update().filter(token=token).first()
    if request is None:
        raise Http404
    if request.state != State.UNCONFIRMED:
        return request
    request.state = State.PENDING
    request.confirmed_at = timezone.now()
    request.save(update_fields=["state", "confirmed_at"])
    for user in moderators_of(request):
        notify(
            user,
            event_key=f"partner-request-{request.pk}-pending",
            subject=gettext_lazy("A partner-seeking request awaits moderation"),
            body=request.name,
            url=reverse("sistercities:moderation_detail", kwargs={"pk": request.pk}),
        )
    return request


def moderators_of(request: PartnerRequest):
    """HQ staff for Japanese requests; the responsible office's staff (or HQ when no office
    covers the country) for foreign ones."""
    from clair_portal.accounts.models import User
    from offices.models import Office

    active = User.objects.filter(is_active=True)
    if request.side == PartnerRequest.Side.FOREIGN:
        office = Office.objects.filter(countries__contains=request.country.code).first()
        if office is not None:
            staff = active.filter(office_membership__office=office)
            if staff.exists():
                return staff
    return active.filter(groups__name=roles.HQ_STAFF).distinct()


# --- Moderation --------------------------------------------------------------------


def get_request_for_moderator(user, pk: int) -> PartnerRequest:
    """The request if ``user`` moderates it, else 404 like a missing one."""
    request = PartnerRequest.objects.for_moderator(user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


@transaction.atomic
def publish_request(request: PartnerRequest, *, by) -> PartnerRequest:
    """Publish a confirmed request for twelve months. Preconditions: ``by`` moderates it."""
    request = get_request_for_moderator(by, request.pk)
    if request.state not in (State.PENDING, State.REJECTED, State.EXPIRED):
        raise PartneringError(_("Only a confirmed request that is not published can be published."))
    now = timezone.now()
    request.state = State.PUBLISHED
    request.published_at = now
    request.updated_at = now
    request.expires_at = now + PUBLISHED_FOR
    request.renewal_sent_at = None
    request.renewal_token = new_token()  # links of an earlier period renew nothing
    request.moderated_by = by
    request.decision_sent_at = None
    request.save()
    _tell_submitter(request)
    return request


@transaction.atomic
def reject_request(request: PartnerRequest, *, by, note: str) -> PartnerRequest:
    """Take a request off (or keep it off) the public list, with a note for the record."""
    request = get_request_for_moderator(by, request.pk)
    if request.state == State.REJECTED:
        raise PartneringError(_("This request is already rejected."))
    if request.state == State.WITHDRAWN:
        raise PartneringError(_("This request was withdrawn by its local government."))
    if not note.strip():
        raise PartneringError(_("Say why the request is rejected."))
    request.state = State.REJECTED
    request.moderated_by = by
    request.moderation_note = note
    request.decision_sent_at = None
    request.save()
    _tell_submitter(request)
    return request


def _tell_submitter(request: PartnerRequest) -> None:
    """After commit, e-mail the submitter the decision just taken (once per decision)."""
    from sistercities.tasks import send_decision

    pk, state = request.pk, request.state
    enqueue(send_decision, pk, state)


# --- Renewal and expiry ---------------------------------------------------------------


def get_request_for_renewal(token: str) -> PartnerRequest:
    """The request behind a renewal link, else 404 like any unknown link.

    Only the renewal token opens it, never the confirmation token; a link past
    ``renewal_link_expires_at`` raises ``PartneringError`` so its holder is told
    why, without a button.
    """
    request = PartnerRequest.objects.filter(renewal_token=token).first()
    if request is None:
        raise Http404
    check_renewable(request)
    return request


def check_renewable(request: PartnerRequest) -> None:
    """Refuse, with the reason, to renew a request that is not (or no longer) renewable."""
    if request.state not in (State.PUBLISHED, State.EXPIRED) or request.published_at is None:
        raise PartneringError(_("Only a published request can be renewed."))
    if timezone.now() > request.renewal_link_expires_at():
        raise PartneringError(
            _("This renewal link has expired. To be listed again, please submit a new request.")
        )


@transaction.atomic
def renew_request(token: str) -> PartnerRequest:
    """Follow a renewal link: keep a listed request for another twelve months, or send a
    lapsed one back to its moderators.

    A request still listed stays listed: its moderators approved these words
    and the link only extends the date. A lapsed one (expired, or past its date
    before the daily task marked it) is off the list and comes back only when a
    moderator publishes it again. A rejected or unpublished request cannot be
    renewed. Either way the link is spent: a new renewal token replaces it.
    """
    request = PartnerRequest.objects.select_for_update().filter(renewal_token=token).first()
    if request is None:
        raise Http404
    return renew_locked(request)


def renew_locked(request: PartnerRequest) -> PartnerRequest:
    """Renew ``request``, which the caller holds locked (``select_for_update``) in its
    transaction: by the renewal link here, by a signed-in officer in ``own_requests``.
    See ``renew_request`` for what renewing does."""
    check_renewable(request)
    now = timezone.now()
    lapsed = request.is_lapsed(now)
    request.renewal_token = new_token()
    request.updated_at = now
    request.renewal_sent_at = None
    if lapsed:
        request.state = State.PENDING
        period = int(request.published_at.timestamp())
        for user in moderators_of(request):
            notify(
                user,
                # One per publication period: a request can lapse once per period.
                event_key=f"partner-request-{request.pk}-renewed-{period}",
                subject=gettext_lazy("An expired partner-seeking request asks to be listed again"),
                body=request.name,
                url=reverse("sistercities:moderation_detail", kwargs={"pk": request.pk}),
            )
    else:
        request.expires_at = now + PUBLISHED_FOR
    request.save()
    return request


def queue_renewal_notices(now=None) -> int:
    """Send a renewal link for every published request expiring within the notice period."""
    now = now or timezone.now()
    ids = list(
        PartnerRequest.objects.filter(
            state=State.PUBLISHED,
            expires_at__lte=now + RENEWAL_NOTICE,
            expires_at__gt=now,
            renewal_sent_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    from sistercities.tasks import send_renewal_notice

    for pk in ids:
        enqueue(send_renewal_notice, pk)
    return len(ids)


def expire_requests(now=None) -> int:
    """Published requests past their date leave the public list (one UPDATE)."""
    now = now or timezone.now()
    return PartnerRequest.objects.filter(state=State.PUBLISHED, expires_at__lte=now).update(
        state=State.EXPIRED
    )


# --- Inquiries ----------------------------------------------------------------------


@transaction.atomic
def send_inquiry(request: PartnerRequest, data: dict) -> Inquiry:
    """Log a visitor's message to a published request and forward it after commit.

    The recipient is always the request's own contact address: nothing the
    visitor types can choose where the e-mail goes.
    """
    if not PartnerRequest.objects.published().filter(pk=request.pk).exists():
        raise Http404
    inquiry = Inquiry.objects.create(request=request, **data)
    from sistercities.tasks import forward_inquiry

    enqueue(forward_inquiry, inquiry.pk)
    return inquiry


# --- E-mails, each sent once (clair_portal.notifications.sending) ------------------------


def _to_submitter(request: PartnerRequest, template: str, link: str, **context):
    return email(
        request.contact_email,
        request.language,
        template,
        {"request": request, "link": link, **context},
    )


def email_confirmation(request_id: int) -> bool:
    return (
        send_once(
            PartnerRequest.objects.filter(pk=request_id, state=State.UNCONFIRMED),
            "confirmation_sent_at",
            lambda r: _to_submitter(
                r,
                "sistercities/email/confirm_request.txt",
                link(r.language, "sistercities:request_confirm", token=r.token),
            ),
            task="sistercities.tasks.send_request_confirmation",
        )
        == 1
    )


def email_decision(request_id: int, state: str) -> bool:
    """Tell the submitter their request was published or rejected. Sends nothing if the
    decision was already told, or if another decision has replaced it since."""
    return (
        send_once(
            PartnerRequest.objects.filter(pk=request_id, state=state),
            "decision_sent_at",
            lambda r: _to_submitter(
                r,
                "sistercities/email/request_decision.txt",
                link(r.language, "sistercities:request_detail", pk=r.pk),
                published=state == State.PUBLISHED,
            ),
            task="sistercities.tasks.send_decision",
            args=[state],
        )
        == 1
    )


def email_renewal(request_id: int) -> bool:
    return (
        send_once(
            PartnerRequest.objects.filter(pk=request_id, state=State.PUBLISHED),
            "renewal_sent_at",
            lambda r: _to_submitter(
                r,
                "sistercities/email/renew_request.txt",
                link(r.language, "sistercities:request_renew", token=r.renewal_token),
            ),
            task="sistercities.tasks.send_renewal_notice",
        )
        == 1
    )


def email_inquiry(inquiry_id: int) -> bool:
    """Forward a visitor's message to the request's contact, replying to the visitor."""

    def compose(inquiry: Inquiry):
        request = inquiry.request
        message = _to_submitter(
            request,
            "sistercities/email/inquiry.txt",
            link(request.language, "sistercities:request_detail", pk=request.pk),
            inquiry=inquiry,
        )
        message.reply_to = [inquiry.sender_email]
        return message

    return (
        send_once(
            Inquiry.objects.filter(pk=inquiry_id).select_related("request"),
            "forwarded_at",
            compose,
            task="sistercities.tasks.forward_inquiry",
        )
        == 1
    )
