"""What changes memberships and sends something: invite, approve, decline, deactivate.

Views, admin actions (the survey contacts' bulk invitation included) and tests
call these functions. Each one checks who asks before it writes; the e-mails go
out from the worker after commit, each at most once (``sending.send_once``).
"""

from itertools import islice

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.errors import DomainError
from clair_portal.notifications.sending import email, link, send_once
from clair_portal.organisations.access import forget_membership, organisation_of
from clair_portal.organisations.invitations import invitation_link
from clair_portal.organisations.models import AccountRequest, Membership, Organisation
from clair_portal.outbox.services import enqueue

# Invitations per transaction and per e-mail task: a chunk takes seconds, and the
# 1,788 survey contacts make a handful of tasks.
INVITE_CHUNK = 200


class OrganisationError(DomainError):
    """A refused change of an organisation's accounts."""


def batched(iterable, size):
    iterator = iter(iterable)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


# --- Membership ----------------------------------------------------------------------


def enrol(user, organisation: Organisation, *, department: str = "") -> Membership:
    """Make ``user`` an active officer of ``organisation`` now, without an invitation.

    For accounts that already exist and sign in (the demo accounts, tests).
    Idempotent for the same organisation; raises ``OrganisationError`` if the
    user acts for another one.
    """
    with transaction.atomic():
        current = Membership.objects.select_for_update().filter(user=user, is_active=True).first()
        if current is not None:
            if current.organisation_id != organisation.pk:
                raise OrganisationError(_("This person already acts for another organisation."))
            return current
        user.groups.add(Group.objects.get(name=roles.ORGANISATION_OFFICER))
        membership = Membership.objects.create(
            user=user, organisation=organisation, department=department
        )
    forget_membership(user)
    return membership


# --- Invitations ---------------------------------------------------------------------


def may_invite(user, organisation: Organisation) -> bool:
    """HQ invites to any organisation; an officer only to their own."""
    if roles.is_hq(user):
        return True
    own = organisation_of(user)
    return own is not None and own.pk == organisation.pk


def invite(
    organisation: Organisation,
    *,
    email_address: str,
    by,
    full_name: str = "",
    language: str = "ja",
    department: str = "",
) -> Membership:
    """Make ``email_address`` an officer of ``organisation`` and e-mail them a one-time link.

    Preconditions: ``by`` is HQ, or an active officer of the same organisation;
    the address is not an account with admin access, nor an officer of an
    organisation already (of this one: "already a member"; of another: refused).
    A missing account is made with an unusable password; a deactivated one is
    reactivated (its old links stay dead: the link covers the new state). Raises
    ``OrganisationError`` and changes nothing otherwise.
    """
    if not may_invite(by, organisation):
        raise OrganisationError(_("You may invite colleagues of your own organisation only."))
    with transaction.atomic():
        membership = _invite_one(
            organisation,
            email_address=email_address,
            by=by,
            full_name=full_name,
            language=language,
            department=department,
            now=timezone.now(),
        )
        enqueue_invitations([membership.pk])
    return membership


def _invite_one(organisation, *, email_address, by, full_name, language, department, now):
    address = User.objects.normalize_email(email_address).strip().lower()
    if not address:
        raise OrganisationError(_("An e-mail address is required."), field="email")
    user = User.objects.select_for_update().filter(email__iexact=address).first()
    if user is not None:
        if user.is_staff or user.is_superuser:
            raise OrganisationError(
                _("This address belongs to a CLAIR staff account; invite another one."),
                field="email",
            )
        current = (
            Membership.objects.filter(user=user, is_active=True)
            .select_related("organisation")
            .first()
        )
        if current is not None and current.organisation_id == organisation.pk:
            raise OrganisationError(
                _("This person is already an officer of the organisation."), field="email"
            )
        if current is not None:
            raise OrganisationError(
                format_lazy(
                    _("This person already acts for {organisation}; HQ must end that first."),
                    organisation=current.organisation,
                ),
                field="email",
            )
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
    else:
        user = User.objects.create_user(
            address, None, full_name=full_name, language=language or "ja"
        )
    user.groups.add(Group.objects.get(name=roles.ORGANISATION_OFFICER))
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        department=department,
        invited_by=by if getattr(by, "pk", None) else None,
        invited_at=now,
        started_at=now,
    )
    forget_membership(user)
    return membership


def invite_many(rows, *, by) -> tuple[int, int]:
    """HQ invites officers in bulk: ``rows`` yields dicts with ``local_government_id``,
    ``email``, and optionally ``language`` and ``department`` (e.g. the survey contacts).

    In chunks of ``INVITE_CHUNK``, each in its own transaction with one e-mail task
    after commit. A row whose address already acts for an organisation, or belongs
    to staff, is skipped, not an error: HQ can run it again after new contacts are
    imported. Returns ``(invited, skipped)``.
    """
    if not roles.is_hq(by):
        raise OrganisationError(_("Only HQ invites officers in bulk."))
    invited = skipped = 0
    for chunk in batched(rows, INVITE_CHUNK):
        with transaction.atomic():
            now = timezone.now()
            ids = []
            for row in chunk:
                organisation = Organisation.objects.of_local_government(row["local_government_id"])
                try:
                    with transaction.atomic():
                        membership = _invite_one(
                            organisation,
                            email_address=row["email"],
                            by=by,
                            full_name=row.get("full_name", ""),
                            language=row.get("language") or "ja",
                            department=row.get("department", ""),
                            now=now,
                        )
                except OrganisationError:
                    skipped += 1
                    continue
                ids.append(membership.pk)
            enqueue_invitations(ids)
            invited += len(ids)
    return invited, skipped


def enqueue_invitations(membership_ids) -> None:
    from clair_portal.organisations.tasks import send_invitations

    for chunk in batched(membership_ids, INVITE_CHUNK):
        enqueue(send_invitations, *chunk)


def send_invitation_emails(membership_ids) -> int:
    """E-mail the invitations of these memberships, each at most once; returns how many sent."""

    def compose(membership: Membership):
        user = membership.user
        language = user.language or settings.LANGUAGE_CODE
        return email(
            user.email,
            language,
            "organisations/email/invitation.txt",
            {
                "user": user,
                "organisation": membership.organisation,
                "link": invitation_link(user, then="organisations:home"),
            },
        )

    return send_once(
        Membership.objects.filter(
            pk__in=list(membership_ids), is_active=True, invited_at__isnull=False
        ).select_related(
            "user",
            "organisation__local_government",
            "organisation__association",
        ),
        "invitation_sent_at",
        compose,
        task="clair_portal.organisations.tasks.send_invitations",
    )


# --- Requests for an account ---------------------------------------------------------


def request_account(**fields) -> AccountRequest:
    """Record a request from the public form, for HQ to decide. Nothing is sent yet."""
    return AccountRequest.objects.create(**fields)


def _pending_request(request_id: int) -> AccountRequest:
    account_request = AccountRequest.objects.select_for_update().get(pk=request_id)
    if account_request.state != AccountRequest.State.PENDING:
        raise OrganisationError(_("This request has already been decided."))
    return account_request


def approve_request(request_id: int, *, by, organisation: Organisation | None = None):
    """HQ approves: the requester is invited to the organisation (the invitation is the answer).

    The organisation is ``organisation``, else the one HQ set on the request, else
    that of the local government named in it. Preconditions: HQ; the request
    is pending. Raises ``OrganisationError`` (and changes nothing) otherwise, or
    when the address cannot be invited (see ``invite``).
    """
    if not roles.is_hq(by):
        raise OrganisationError(_("Only HQ decides requests for an account."))
    with transaction.atomic():
        account_request = _pending_request(request_id)
        organisation = organisation or account_request.organisation
        if organisation is None and account_request.local_government_id:
            organisation = Organisation.objects.of_local_government(
                account_request.local_government_id
            )
        if organisation is None:
            raise OrganisationError(
                _("Choose the organisation this account will act for."), field="organisation"
            )
        membership = invite(
            organisation,
            email_address=account_request.email,
            by=by,
            full_name=account_request.full_name,
            language=account_request.language,
            department=account_request.department,
        )
        account_request.organisation = organisation
        account_request.membership = membership
        account_request.decide(by, AccountRequest.State.APPROVED)
        account_request.save()
    return account_request


def decline_request(request_id: int, *, by, reason: str) -> AccountRequest:
    """HQ declines with a reason, which the requester receives in their language.

    Preconditions: HQ; the request is pending; a reason is given.
    """
    from clair_portal.organisations.tasks import send_decline

    if not roles.is_hq(by):
        raise OrganisationError(_("Only HQ decides requests for an account."))
    if not (reason or "").strip():
        raise OrganisationError(
            _("Say why the request is declined: the requester reads it."), field="decline_reason"
        )
    with transaction.atomic():
        account_request = _pending_request(request_id)
        account_request.decide(by, AccountRequest.State.DECLINED, reason=reason)
        account_request.save()
        enqueue(send_decline, account_request.pk)
    return account_request


def send_decline_email(request_id: int) -> int:
    def compose(account_request: AccountRequest):
        return email(
            account_request.email,
            account_request.language,
            "organisations/email/declined.txt",
            {
                "request": account_request,
                "form_link": link(account_request.language, "organisations:request_account"),
            },
        )

    return send_once(
        AccountRequest.objects.filter(pk=request_id, state=AccountRequest.State.DECLINED),
        "decision_sent_at",
        compose,
        task="clair_portal.organisations.tasks.send_decline",
    )


# --- Deactivation ----------------------------------------------------------------------


def deactivate(membership_id: int, *, by) -> Membership:
    """HQ ends a membership and closes the account; nothing is deleted.

    The account is deactivated too (it exists to act for the organisation), so
    its invitation and reset links die with it; what it did keeps its author.
    Preconditions: HQ, allowed to manage the account (``roles.may_manage``);
    the membership is active.
    """
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("user").get(pk=membership_id)
        )
        if not roles.is_hq(by) or not roles.may_manage(by, membership.user):
            raise OrganisationError(_("Only HQ deactivates an officer's account."))
        if not membership.is_active:
            raise OrganisationError(_("This membership has already ended."))
        now = timezone.now()
        membership.is_active = False
        membership.ended_at = now
        membership.ended_by = by
        membership.save(update_fields=["is_active", "ended_at", "ended_by"])
        user = membership.user
        user.is_active = False
        user.save(update_fields=["is_active"])
        forget_membership(user)
    return membership
