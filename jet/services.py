"""What changes JET records, sends something or needs a lock: publish, notify, invite, decide.

Views, admin actions, the importer and tests call these functions rather than
saving models themselves, so that every publication and every change of a
published placement reaches its participant exactly once.
"""

import logging
from datetime import timedelta
from itertools import islice

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
from clair_portal.errors import DomainError
from clair_portal.notifications.sending import claim, send_once
from clair_portal.notifications.services import Message, notify_many
from clair_portal.organisations.access import get_for_organisation
from clair_portal.organisations.invitations import invitation_link
from clair_portal.outbox.services import enqueue
from jet import bulk
from jet.models import (
    MAX_YEARS,
    CalendarFeed,
    ContractingOrganisation,
    Participant,
    Placement,
    PlacementNotice,
    Reappointment,
    Seminar,
)

logger = logging.getLogger(__name__)

# Placements per notification task: small enough that a task takes seconds,
# large enough that 6,000 placements make a dozen tasks.
NOTICE_CHUNK = 500
# A notice still pending this long after it was created lost its task and is queued again.
NOTICE_TIMEOUT = timedelta(minutes=5)


def batched(iterable, size):
    """Tuples of up to ``size`` items (itertools.batched arrives with Python 3.12)."""
    iterator = iter(iterable)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


class JetError(DomainError):
    """A refusal the user may be told about; ``message`` is a lazy translated string."""


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
        _record_history(published, by, _("Published"))
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
        _record_history(changed, by, _("Withdrawn"))
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


def _record_history(ids, by, reason) -> None:
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


# --- Reappointment ---------------------------------------------------------------------


def open_reappointment(placement: Placement, *, deadline) -> Reappointment:
    """Ask whether a participant stays another year.

    Preconditions: the placement is published; the participant has fewer than
    five years (``MAX_YEARS``) of non-withdrawn placements; the deadline is not
    past. Raises ``JetError`` otherwise.
    """
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if placement.state != Placement.State.PUBLISHED:
            raise JetError(_("Only a published placement can lead to a reappointment."))
        years = (
            Placement.objects.filter(participant_id=placement.participant_id)
            .exclude(state=Placement.State.WITHDRAWN)
            .count()
        )
        if years >= MAX_YEARS:
            raise JetError(
                format_lazy(
                    _("A participant may stay at most {years} years in total."), years=MAX_YEARS
                )
            )
        if deadline < timezone.localdate():
            raise JetError(_("The deadline is already past."))
        reappointment, _created = Reappointment.objects.get_or_create(
            placement=placement, defaults={"deadline": deadline}
        )
    return reappointment


def decide_reappointment(user, reappointment_id: int, *, consent: bool) -> Reappointment:
    """The participant consents to or declines reappointment, and may change it until the deadline.

    Someone else's reappointment answers 404. After the deadline, or when the
    answer is the one already given, raises ``JetError`` and changes nothing. A
    change first takes back what the earlier answer settled (``_reopen``): it is
    refused once next year's placement, made when both sides consented, is no
    longer a draft, since HQ has confirmed it. Every answer and change is a row
    of the reappointment's history.
    """
    decision = Reappointment.Decision.CONSENTED if consent else Reappointment.Decision.DECLINED
    with transaction.atomic():
        reappointment = get_reappointment_for_user(user, reappointment_id)
        reappointment = Reappointment.objects.select_for_update().get(pk=reappointment.pk)
        if not reappointment.is_open:
            raise JetError(_("The deadline for answering has passed."))
        if reappointment.participant_decision == decision:
            raise JetError(_("That is already your answer."))
        if reappointment.participant_decision != Reappointment.Decision.PENDING:
            _reopen(reappointment, by=user)
        reappointment.participant_decision = decision
        reappointment.participant_decided_at = timezone.now()
        reappointment.save(
            update_fields=["participant_decision", "participant_decided_at", "next_placement"]
        )
        _conclude(reappointment, by=user)
    return reappointment


def participant_answers(reappointment: Reappointment) -> list[dict]:
    """Each answer the participant gave, oldest first (from the history; one query)."""
    rows = (
        reappointment.history.exclude(participant_decided_at=None)
        .order_by("participant_decided_at", "history_id")
        .values_list("participant_decided_at", "participant_decision")
    )
    answers = {}
    for at, decision in rows:
        answers.setdefault(at, decision)
    labels = dict(Reappointment.Decision.choices)
    return [{"at": at, "label": labels[decision]} for at, decision in answers.items()]


def _reopen(reappointment: Reappointment, *, by) -> None:
    """Take back what the participant's earlier answer settled; called under the row lock.

    A draft of next year's placement is withdrawn (kept, with its history, and
    made a draft again if both sides consent once more); a placement HQ has
    published already refuses the change. A decline had made this year the
    participant's last: that mark is lifted (``_conclude`` sets it again if the
    organisation declined).
    """
    placement = Placement.objects.select_related("participant").get(pk=reappointment.placement_id)
    if reappointment.next_placement_id:
        following = Placement.objects.select_for_update().get(pk=reappointment.next_placement_id)
        if following.state != Placement.State.DRAFT:
            raise JetError(
                _(
                    "Next year's placement is already confirmed, so your answer can no longer "
                    "be changed here: please contact CLAIR."
                )
            )
        Placement.objects.filter(pk=following.pk).update(state=Placement.State.WITHDRAWN)
        _record_history([following.pk], by, _("Withdrawn: the participant changed their answer"))
        reappointment.next_placement = None
    participant = placement.participant
    if reappointment.declined and participant.last_jet_year == placement.jet_year:
        participant.last_jet_year = None
        participant.save(update_fields=["last_jet_year"])


def record_organisation_decision(
    reappointment: Reappointment, *, consent: bool, by=None
) -> Reappointment:
    """HQ enters the contracting organisation's answer, given to HQ on paper or by e-mail.

    For organisations without an account on the portal (those with one answer
    themselves: ``answer_for_organisation``). Recorded as entered by HQ, with who
    entered it. HQ may enter it after the deadline (a late letter); an answer
    already given, by either door, raises ``JetError`` and changes nothing.
    """
    with transaction.atomic():
        reappointment = Reappointment.objects.select_for_update().get(pk=reappointment.pk)
        _record_organisation(reappointment, consent, by=by, source=Reappointment.Source.HQ)
    return reappointment


def get_reappointment_for_organisation(user, reappointment_id: int) -> Reappointment:
    """A reappointment of one of the officer's organisation's published placements, else 404."""
    return get_for_organisation(
        user,
        Reappointment.objects.with_related().filter(placement__state=Placement.State.PUBLISHED),
        field="placement__organisation__organisation",
        pk=reappointment_id,
    )


def answer_for_organisation(user, reappointment_id: int, *, consent: bool) -> Reappointment:
    """The contracting organisation's officer gives its answer on the portal, once, by the deadline.

    Another organisation's reappointment (or a user who is no officer) answers
    404. After the deadline, or once an answer is recorded (by a colleague or by
    HQ), raises ``JetError`` and changes nothing. Recorded as the organisation's
    own answer, with the officer who gave it.
    """
    with transaction.atomic():
        reappointment = get_reappointment_for_organisation(user, reappointment_id)
        reappointment = Reappointment.objects.select_for_update().get(pk=reappointment.pk)
        if not reappointment.is_open:
            raise JetError(_("The deadline for answering has passed: please contact CLAIR."))
        _record_organisation(
            reappointment, consent, by=user, source=Reappointment.Source.ORGANISATION
        )
    return reappointment


def _record_organisation(reappointment: Reappointment, consent: bool, *, by, source) -> None:
    """Write the organisation's answer under the reappointment's row lock, then conclude."""
    if reappointment.organisation_decision != Reappointment.Decision.PENDING:
        raise JetError(_("The contracting organisation has already answered."))
    reappointment.organisation_decision = (
        Reappointment.Decision.CONSENTED if consent else Reappointment.Decision.DECLINED
    )
    reappointment.organisation_decided_at = timezone.now()
    reappointment.organisation_decision_source = source
    reappointment.organisation_decided_by = by
    reappointment.save(
        update_fields=[
            "organisation_decision",
            "organisation_decided_at",
            "organisation_decision_source",
            "organisation_decided_by",
        ]
    )
    _conclude(reappointment, by=by)


def _conclude(reappointment: Reappointment, *, by=None) -> None:
    """What follows the answer that settles a reappointment; called under its row lock.

    Both consented: the next JET year's placement is made as a draft, with the
    same organisation, role, workplaces and supervisor and the contract running
    on from this one, for HQ to complete and publish (the participant sees
    nothing until then). A placement already entered for that year (an import)
    is linked rather than duplicated; one withdrawn when the participant changed
    their answer is made a draft again. Either side declined: the current
    placement keeps its end date, the participant is marked as leaving after
    this year (``last_jet_year``) and no draft is made. Still one answer to
    wait for: nothing.
    """
    placement = Placement.objects.select_related("participant").get(pk=reappointment.placement_id)
    if reappointment.declined:
        participant = placement.participant
        participant.last_jet_year = placement.jet_year
        participant.save(update_fields=["last_jet_year"])
        return
    if not reappointment.agreed:
        return
    start = placement.contract_end + timedelta(days=1)
    draft, _created = Placement.objects.get_or_create(
        participant_id=placement.participant_id,
        jet_year=placement.jet_year + 1,
        defaults={
            "organisation_id": placement.organisation_id,
            "role": placement.role,
            "contract_start": start,
            "contract_end": _a_year_after(placement.contract_end),
            "workplaces": placement.workplaces,
            "supervisor_name": placement.supervisor_name,
            "supervisor_email": placement.supervisor_email,
            "supervisor_phone": placement.supervisor_phone,
            "state": Placement.State.DRAFT,
        },
    )
    if not _created and draft.state == Placement.State.WITHDRAWN:
        Placement.objects.filter(pk=draft.pk).update(state=Placement.State.DRAFT)
        _record_history([draft.pk], by, _("A draft again: both sides consented"))
    reappointment.next_placement = draft
    reappointment.save(update_fields=["next_placement"])


def _a_year_after(day):
    """The same day a year later; 28 February for a 29 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


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
