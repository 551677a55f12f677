"""Placements: who may see them, publishing and withdrawing them, the notices that tell
participants (each exactly once), calendar feeds and invitations."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.notifications.sending import claim, send_once
from clair_portal.notifications.services import Message, notify_many
from clair_portal.organisations.invitations import invitation_link
from clair_portal.outbox.services import enqueue
from jet import bulk
from jet.models import (
    CalendarFeed,
    ContractingOrganisation,
    Participant,
    Placement,
    PlacementNotice,
    Reappointment,
    Seminar,
)
from jet.services.base import JetError, batched

logger = logging.getLogger(__name__)

# Placements per notification task: small enough that a task takes seconds,
# large enough that 6,000 placements make a dozen tasks.
NOTICE_CHUNK = 500
# A notice still pending this long after it was created lost its task and is queued again.
NOTICE_TIMEOUT = timedelta(minutes=5)


# --- Access -------------------------------------------------------------------------


def get_placement_for_user(user, placement_id: int) -> Placement:
    """The user's own published placement, else 404: a draft or someone else's looks missing."""
    return get_object_or_404(Placement.objects.for_participant_user(user), pk=placement_id)


def get_participant_for_user(user) -> Participant:
    """The participant record of the signed-in user, else 404."""
    return get_object_or_404(Participant.objects.for_user(user))


def current_placement(participant: Participant) -> Placement | None:
    """The participant's latest published placement, with what its page shows."""
    return (
        Placement.objects.published()
        .filter(participant=participant)
        .with_related()
        .select_related("reappointment")
        .order_by("-jet_year")
        .first()
    )


def get_reappointment_for_user(user, reappointment_id: int) -> Reappointment:
    """A reappointment of the user's own published placement, else 404."""
    return get_object_or_404(
        Reappointment.objects.select_related("placement__participant").filter(
            placement__in=Placement.objects.for_participant_user(user)
        ),
        pk=reappointment_id,
    )


def seminars_for(placement: Placement | None):
    if placement is None:
        return Seminar.objects.none()
    return Seminar.objects.for_placement(placement)


def seminars_for_organisation(organisation):
    """Seminars still to come (or under way) that concern the organisation's current participants.

    Two queries: the (year, role, prefecture) of its placements under contract
    today, then the seminars matching any of them.
    """
    today = timezone.localdate()
    targets = set(
        Placement.objects.published()
        .filter(organisation__organisation=organisation, contract_end__gte=today)
        .values_list("jet_year", "role", "organisation__prefecture_id")
        .distinct()
    )
    if not targets:
        return Seminar.objects.none()
    concerned = Q()
    for year, role, prefecture in targets:
        concerned |= (
            Q(jet_year=year)
            & (Q(roles=[]) | Q(roles__contains=[role]))
            & (Q(prefecture__isnull=True) | Q(prefecture_id=prefecture))
        )
    return (
        Seminar.objects.filter(concerned, ends_at__gte=timezone.now())
        .select_related("prefecture")
        .order_by("starts_at", "id")
    )


def get_feed(token: str) -> CalendarFeed:
    """The calendar feed for a token, else 404: a revoked token, or the token of a
    participant without an active account, is simply unknown.

    The token is the only credential a calendar application shows, so the feed
    dies with the account: a deactivated participant's address stops at once,
    even when the account was closed by a bulk update that sent no signal.
    """
    feeds = CalendarFeed.objects.select_related("participant").filter(
        participant__user__is_active=True
    )
    return get_object_or_404(feeds, token=token)


def forget_feed_of_deactivated(sender, instance, **_kwargs) -> None:
    """On saving a deactivated account, delete its calendar address (``post_save`` of
    the user model), so that reactivating the account does not revive the old one."""
    if not instance.is_active:
        CalendarFeed.objects.filter(participant__user=instance).delete()


def feed_for(participant: Participant) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(participant=participant)
    return feed


def revoke_feed(participant: Participant) -> CalendarFeed:
    """Replace the participant's calendar address with a new one; the old one answers 404."""
    with transaction.atomic():
        CalendarFeed.objects.filter(participant=participant).delete()
        return CalendarFeed.objects.create(participant=participant)


# --- Publishing and notifying -------------------------------------------------------


def publish_placements(placement_ids, *, by=None) -> int:
    """Publish the given draft placements and tell each participant, once, after commit.

    Preconditions: the ids name placements; those already published or
    withdrawn are left as they are (publishing is idempotent). Returns how many
    were published now. A participant cannot have two published placements for
    one year, which the unique (participant, year) constraint already ensures.
    """
    ids = list(placement_ids)
    now = timezone.now()
    published = []
    with transaction.atomic():
        for chunk in batched(ids, 5_000):
            rows = Placement.objects.filter(pk__in=chunk, state=Placement.State.DRAFT)
            # Row locks: two HQ staff publishing the same selection publish it once.
            locked = list(rows.select_for_update().values_list("pk", flat=True))
            Placement.objects.filter(pk__in=locked).update(
                state=Placement.State.PUBLISHED, version=F("version") + 1, published_at=now
            )
            published.extend(locked)
        record_placement_history(published, by, _("Published"))
        _queue_notices(published, first=True)
    logger.info("%s placements published by user %s", len(published), getattr(by, "pk", None))
    return len(published)


def withdraw_placements(placement_ids, *, by=None) -> int:
    """Withdraw placements: the participant no longer sees them. Returns how many changed."""
    ids = list(placement_ids)
    with transaction.atomic():
        changed = list(
            Placement.objects.filter(pk__in=ids)
            .exclude(state=Placement.State.WITHDRAWN)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Placement.objects.filter(pk__in=changed).update(state=Placement.State.WITHDRAWN)
        record_placement_history(changed, by, _("Withdrawn"))
    return len(changed)


def placements_changed(placement_ids) -> int:
    """Record that published placements changed: raise their version and tell the participants.

    Call it in the transaction that saved the change (the admin's save, the
    importer's ``after_import``). Drafts and withdrawn placements are ignored.
    """
    ids = list(placement_ids)
    with transaction.atomic():
        changed = list(
            Placement.objects.filter(pk__in=ids, state=Placement.State.PUBLISHED)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Placement.objects.filter(pk__in=changed).update(version=F("version") + 1)
        _queue_notices(changed, first=False)
    return len(changed)


def record_placement_history(ids, by, reason) -> None:
    """One history row per placement, written in one statement, for changes made with update()."""
    bulk.record_history(Placement, ids, user=by, reason=str(reason), history_type="~")


def _queue_notices(ids, *, first: bool) -> None:
    """Create one notice per placement version and hand them to workers in chunks after commit."""
    created = []
    for chunk in batched(ids, 2_000):
        versions = Placement.objects.filter(pk__in=chunk).values_list("pk", "version")
        notices = PlacementNotice.objects.bulk_create(
            [PlacementNotice(placement_id=pk, version=v, first=first) for pk, v in versions],
            ignore_conflicts=True,
            batch_size=2_000,
        )
        created.extend(n.placement_id for n in notices)
    if created:
        enqueue_notice_chunks(created)


def enqueue_notice_chunks(placement_ids) -> None:
    """After commit, one task per chunk of placements; each task finds its pending notices."""
    from jet.tasks import send_placement_notices

    for chunk in batched(placement_ids, NOTICE_CHUNK):
        ids = list(chunk)
        enqueue(send_placement_notices, ids)


def send_notices(placement_ids) -> int:
    """Tell participants about the pending notices of these placements; returns how many sent.

    Idempotent and safe between workers: the chunk's notices are claimed
    (``sending.claim``: pending → sent) in the transaction that writes their
    notifications, so a task delivered twice reaches nobody twice, and a worker
    killed half-way leaves them pending for the sweep. Each notification is written
    in the participant's language, from the placement as it is now; the e-mails go
    out after commit, over one connection per chunk.
    """
    with transaction.atomic():
        claimed = claim(
            PlacementNotice.objects.filter(
                placement_id__in=list(placement_ids), state=PlacementNotice.State.PENDING
            ),
            state=PlacementNotice.State.SENT,
            sent_at=timezone.now(),
        )
        return _deliver(claimed)


def _deliver(notice_ids) -> int:
    """Notify the participants of claimed notices, in the claiming transaction.

    Three queries whatever the chunk's size: the notices with their placements'
    few columns, the participants' accounts, the organisations; then the one
    INSERT of ``notify_many``.
    """
    notices = list(
        PlacementNotice.objects.filter(pk__in=notice_ids)
        .order_by("pk")
        .values_list(
            "pk",
            "placement_id",
            "version",
            "first",
            "placement__jet_year",
            "placement__organisation_id",
            "placement__participant__user_id",
        )
    )
    users = User.objects.filter(pk__in={n[6] for n in notices}, is_active=True).in_bulk()
    organisations = ContractingOrganisation.objects.in_bulk({n[5] for n in notices})
    messages = [
        Message(
            users[user_id],
            PlacementNotice.key_for(placement_id, version),
            **_notice_text(placement_id, first, year, organisations[organisation_id]),
        )
        for _pk, placement_id, version, first, year, organisation_id, user_id in notices
        if user_id in users
    ]
    notify_many(messages)
    return len(notices)


# The organisation's name in the language active when the text is rendered: the participant's.
_name_when_rendered = lazy(lambda organisation: organisation.name, str)


def _notice_text(placement_id: int, first: bool, year: int, organisation) -> dict:
    values = {"year": year, "organisation": _name_when_rendered(organisation)}
    if first:
        subject = format_lazy(_("Your JET placement for {year} is published"), **values)
        body = format_lazy(
            _(
                "Your placement for the JET year {year} with {organisation} is now published. "
                "Sign in to the portal to see your workplaces, supervisor and contract dates."
            ),
            **values,
        )
    else:
        subject = format_lazy(_("Your JET placement for {year} has changed"), **values)
        body = format_lazy(
            _(
                "HQ has changed your placement for the JET year {year} with {organisation}. "
                "Sign in to the portal to see it as it is now."
            ),
            **values,
        )
    url = reverse_lazy("jet:placement", kwargs={"placement_id": placement_id})
    return {"subject": subject, "body": body, "url": url}


def resume_stalled_notices(*, now=None) -> int:
    """Queue again the notices still pending after ``NOTICE_TIMEOUT``.

    Run by beat every minute. Such a notice lost its task: its worker died
    mid-chunk (the claim rolled back with the notifications) or the message never
    reached a worker. Queuing again is harmless if the task is merely late behind a
    long fan-out: each notice is claimed once. Younger ones are left to the tasks
    queued for them. Returns how many placements were queued.
    """
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(
            PlacementNotice.objects.filter(
                state=PlacementNotice.State.PENDING, created_at__lt=now - NOTICE_TIMEOUT
            )
            .values_list("placement_id", flat=True)
            .distinct()
        )
        enqueue_notice_chunks(pending)
    return len(pending)


# --- Invitations ------------------------------------------------------------------------


def invite_participants(participant_ids, *, by=None) -> int:
    """Give each participant a portal account and e-mail them a one-time link to set a password.

    Preconditions: each participant has an e-mail address (else ``JetError``
    naming them, and nobody is invited). A participant who already has an
    account gets a new link, which also serves as a reset. The e-mail goes
    out after commit, claimed once per invitation.
    """
    from jet.tasks import send_invitation

    participants = list(Participant.objects.filter(pk__in=list(participant_ids)))
    missing = [p for p in participants if not p.email]
    if missing:
        raise JetError(
            format_lazy(
                _("These participants have no e-mail address: {names}"),
                names=", ".join(p.jet_number for p in missing),
            )
        )
    group = Group.objects.get(name=roles.JET_PARTICIPANT)
    now = timezone.now()
    with transaction.atomic():
        for participant in participants:
            user = participant.user
            if user is None:
                user = User.objects.filter(email__iexact=participant.email).first()
                if user is None:
                    user = User.objects.create_user(
                        participant.email, None, full_name=participant.full_name
                    )
                participant.user = user
            user.groups.add(group)
            participant.invited_at = now
            participant.invitation_sent_at = None
            participant.save(update_fields=["user", "invited_at", "invitation_sent_at"])
            enqueue(send_invitation, participant.pk)
    return len(participants)


def send_invitation_email(participant_id: int) -> bool:
    """Send one invitation e-mail, at most once per invitation (see ``sending.send_once``)."""

    def compose(participant: Participant) -> EmailMessage:
        user = participant.user
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = str(_("Your invitation to the CLAIR Portal for JET participants"))
            body = render_to_string(
                "jet/email/invitation.txt",
                {"participant": participant, "link": invitation_link(user, then="jet:home")},
            )
        return EmailMessage(subject=subject, body=body, to=[user.email])

    sent = send_once(
        Participant.objects.filter(pk=participant_id, invited_at__isnull=False).select_related(
            "user"
        ),
        "invitation_sent_at",
        compose,
        task="jet.tasks.send_invitation",
    )
    return sent == 1
