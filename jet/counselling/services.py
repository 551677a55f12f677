"""What changes consultations: open, answer, take, close, rate; escalate and forget.

Every function here checks who asks through ``jet.counselling.access`` and runs
in one transaction. Notices are content-free: they say that something is
waiting and link to the portal, where reading is logged. A notice to the
person who asked does not even name the consultation (its number in an inbox
the admin lists would tie an anonymous consultation to its account).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts.models import User
from clair_portal.errors import DomainError
from clair_portal.notifications.sending import claim
from clair_portal.notifications.services import Message, notify_many
from clair_portal.organisations.access import organisation_of
from jet.counselling import access
from jet.models import (
    COUNSELLING_LEAD,
    COUNSELLORS,
    Consultation,
    ConsultationMessage,
    ConsultationReading,
    DutyShift,
    Placement,
    PrefecturalAdvisor,
)

# An urgent consultation nobody acknowledged is brought to the lead this often.
ESCALATION_INTERVAL = timedelta(minutes=60)
MESSAGE_MAX_LENGTH = 10_000


class CounsellingError(DomainError):
    """A refusal about a consultation; ``message`` is a lazy translated string."""


# --- Who is told ------------------------------------------------------------------


def counsellors():
    return User.objects.filter(groups__name=COUNSELLORS, is_active=True).distinct()


def leads():
    return User.objects.filter(groups__name=COUNSELLING_LEAD, is_active=True).distinct()


def on_duty(now=None):
    """The counsellors whose duty shift covers ``now``."""
    now = now or timezone.now()
    return User.objects.filter(
        pk__in=DutyShift.objects.filter(starts_at__lte=now, ends_at__gt=now).values(
            "counsellor_id"
        ),
        is_active=True,
    )


def advisors_for(prefecture_id):
    return User.objects.filter(
        pk__in=PrefecturalAdvisor.objects.active()
        .filter(prefecture_id=prefecture_id)
        .values("user_id")
    )


def answerers(consultation):
    """Who may be given ``consultation``: counsellors, and PAs of its prefecture if sent to "my PA"."""
    condition = Q(groups__name__in=[COUNSELLORS, COUNSELLING_LEAD])
    if consultation.route == Consultation.Route.PA and consultation.prefecture_id:
        condition |= Q(
            pk__in=PrefecturalAdvisor.objects.active()
            .filter(prefecture_id=consultation.prefecture_id)
            .values("user_id")
        )
    return User.objects.filter(condition, is_active=True).distinct().order_by("full_name", "email")


def _key(*parts) -> str:
    """An event key that does not show which consultation it is about (see the module doc)."""
    digest = salted_hmac("jet.counselling.notice", "-".join(map(str, parts))).hexdigest()
    return f"jet-counselling-{digest[:40]}"


def _staff_link(consultation):
    return reverse_lazy("jet:consultation", kwargs={"consultation_id": consultation.pk})


def _tell_staff(users, consultation, event, subject, body):
    return notify_many(
        Message(
            user,
            _key(consultation.pk, event, user.pk),
            subject,
            body,
            _staff_link(consultation),
        )
        for user in users
    )


def _tell_opener(consultation, event):
    """The person who asked: that there is news, nothing more, with a link to their list."""
    recipients = []
    if consultation.opened_by_id:
        recipients.append(consultation.opened_by)
    notify_many(
        Message(
            user,
            _key(consultation.pk, event, user.pk),
            _("You have a new message on the CLAIR Portal"),
            _("Sign in to the portal to read it."),
            reverse_lazy("jet:counselling"),
        )
        for user in recipients
    )


# --- Opening ----------------------------------------------------------------------


def _where_from(participant):
    """The prefecture and role of the participant's latest published placement."""
    placement = (
        Placement.objects.published()
        .filter(participant=participant)
        .select_related("organisation")
        .order_by("-jet_year")
        .first()
    )
    if placement is None:
        return None, participant.role
    return placement.organisation.prefecture_id, placement.role


def asker_prefecture(user):
    """The prefecture (code) of a participant's placement or of an officer's organisation."""
    participant = access.participant_of(user)
    if participant is not None:
        return _where_from(participant)[0]
    organisation = organisation_of(user)
    return organisation.prefecture.pk if organisation is not None else None


def open_consultation(
    user,
    *,
    topic: str,
    urgency: str,
    contact: str,
    contact_details: str = "",
    route: str = Consultation.Route.CLAIR,
    anonymous: bool = False,
    organisation_may_be_told: bool = False,
    body: str,
) -> Consultation:
    """Open a consultation as a participant or an organisation's officer, with its first message.

    Preconditions: ``access.may_ask(user)``. An urgent consultation always goes to
    CLAIR, whose counsellor on duty is told at once; "my PA" needs a prefecture.
    Only a participant may ask anonymously; an organisation is never told.
    """
    if not access.may_ask(user):
        raise CounsellingError(_("Only JET participants and contracting organisations may ask."))
    body = (body or "").strip()
    if not body:
        raise CounsellingError(_("Write what you would like to ask."), field="body")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise CounsellingError(_("The message is too long."), field="body")
    participant = access.participant_of(user)
    now = timezone.now()
    if participant is not None:
        prefecture_id, role = _where_from(participant)
        fields = {
            "opener": Consultation.Opener.PARTICIPANT,
            "participant": participant,
            "anonymous": anonymous,
            "organisation_may_be_told": organisation_may_be_told,
        }
    else:
        organisation = organisation_of(user)
        prefecture_id, role = organisation.prefecture.pk, ""
        fields = {
            "opener": Consultation.Opener.ORGANISATION,
            "organisation": organisation,
            "anonymous": False,
            "organisation_may_be_told": False,
        }
    urgent = urgency == Consultation.Urgency.URGENT
    if urgent:
        route = Consultation.Route.CLAIR
    if route == Consultation.Route.PA and prefecture_id is None:
        raise CounsellingError(
            _("We do not know your prefecture yet: send it to CLAIR's counsellors."), field="route"
        )
    with transaction.atomic():
        consultation = Consultation.objects.create(
            opened_by=user,
            prefecture_id=prefecture_id,
            role=role,
            topic=topic,
            urgency=urgency,
            contact=contact,
            contact_details=contact_details.strip(),
            route=route,
            created_at=now,
            next_escalation_at=now + ESCALATION_INTERVAL if urgent else None,
            duty_notified_at=now if urgent else None,
            **fields,
        )
        ConsultationMessage.objects.create(
            consultation=consultation, author=user, from_opener=True, body=body, created_at=now
        )
        if urgent:
            # The counsellor on duty now; nobody on duty: the lead, at once.
            duty = list(on_duty(now)) or list(leads())
            _tell_staff(
                duty,
                consultation,
                "urgent",
                format_lazy(_("URGENT consultation #{n}: please acknowledge"), n=consultation.pk),
                _(
                    "Someone's safety may be at risk. Open the consultation on the portal "
                    "and acknowledge it: the counselling lead is told if nobody does within "
                    "an hour."
                ),
            )
        else:
            users = (
                counsellors() if route == Consultation.Route.CLAIR else advisors_for(prefecture_id)
            )
            _tell_staff(
                users,
                consultation,
                "opened",
                format_lazy(_("New consultation #{n}"), n=consultation.pk),
                _("A new consultation is waiting. Open it on the portal to read it."),
            )
    return consultation


# --- Reading, answering, taking -------------------------------------------------------


def record_reading(user, consultation: Consultation) -> None:
    """Log that ``user`` read ``consultation`` now (the person who asked anonymously unnamed)."""
    by_opener = access.is_opener_side(user, consultation)
    ConsultationReading.objects.create(
        consultation=consultation,
        reader=None if (by_opener and consultation.anonymous) else user,
        by_opener=by_opener,
    )


def _for_update(user, consultation_id):
    """The consultation, locked, if ``user`` may read it; else 404."""
    consultation = access.get_consultation_for_user(user, consultation_id)
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _ensure_open(consultation):
    if not consultation.is_open:
        raise CounsellingError(_("This consultation is closed."))


def _take(user, consultation, now):
    """Assign to ``user`` if nobody has it, and acknowledge it (stops the escalation)."""
    changed = []
    if consultation.assigned_to_id is None:
        consultation.assigned_to = user
        changed.append("assigned_to")
    if consultation.acknowledged_at is None:
        consultation.acknowledged_at = now
        consultation.next_escalation_at = None
        changed += ["acknowledged_at", "next_escalation_at"]
    return changed


def take(user, consultation_id: int) -> Consultation:
    """A counsellor or PA takes a consultation of their queue, acknowledging it.

    Preconditions: ``user`` answers consultations and may read this one; it is open
    and nobody else has it.
    """
    with transaction.atomic():
        consultation = _for_update(user, consultation_id)
        if access.is_opener_side(user, consultation) or not access.is_staff_side(user):
            raise CounsellingError(
                _("Only counsellors and Prefectural Advisors take consultations.")
            )
        _ensure_open(consultation)
        if consultation.assigned_to_id not in (None, user.pk):
            raise CounsellingError(_("A colleague has already taken this consultation."))
        changed = _take(user, consultation, timezone.now())
        if changed:
            consultation.save(update_fields=changed)
    return consultation


def assign(lead, consultation_id: int, counsellor) -> Consultation:
    """The counselling lead gives a consultation to a counsellor (or a PA of its prefecture)."""
    if not access.is_lead(lead):
        raise CounsellingError(_("Only the counselling lead assigns consultations."))
    with transaction.atomic():
        consultation = _for_update(lead, consultation_id)
        _ensure_open(consultation)
        if not answerers(consultation).filter(pk=counsellor.pk).exists():
            raise CounsellingError(
                _(
                    "Choose a counsellor, or a Prefectural Advisor of the consultation's prefecture."
                ),
                field="counsellor",
            )
        consultation.assigned_to = counsellor
        consultation.save(update_fields=["assigned_to"])
        _tell_staff(
            [counsellor],
            consultation,
            f"assigned-{timezone.now().timestamp()}",
            format_lazy(_("Consultation #{n} was assigned to you"), n=consultation.pk),
            _("Open it on the portal to read it."),
        )
    return consultation


def post_message(user, consultation_id: int, body: str) -> ConsultationMessage:
    """Add a message to the thread, from the person who asked or from whoever answers.

    Preconditions: ``user`` may read the consultation and it is open. An answer
    takes an unassigned consultation for its author and acknowledges it; the
    other side is told, without the content.
    """
    body = (body or "").strip()
    if not body:
        raise CounsellingError(_("Write a message first."), field="body")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise CounsellingError(_("The message is too long."), field="body")
    now = timezone.now()
    with transaction.atomic():
        consultation = _for_update(user, consultation_id)
        _ensure_open(consultation)
        from_opener = access.is_opener_side(user, consultation)
        message = ConsultationMessage.objects.create(
            consultation=consultation,
            author=user,
            from_opener=from_opener,
            body=body,
            created_at=now,
        )
        if from_opener:
            consultation.awaiting_staff = True
            consultation.save(update_fields=["awaiting_staff"])
            if consultation.assigned_to_id:
                recipients = [consultation.assigned_to]
            elif consultation.route == Consultation.Route.CLAIR:
                recipients = list(counsellors())
            else:
                recipients = list(advisors_for(consultation.prefecture_id))
            _tell_staff(
                recipients,
                consultation,
                f"message-{message.pk}",
                format_lazy(_("New message in consultation #{n}"), n=consultation.pk),
                _("Open the consultation on the portal to read it."),
            )
        else:
            changed = ["awaiting_staff", *_take(user, consultation, now)]
            consultation.awaiting_staff = False
            if consultation.first_answer_at is None:
                consultation.first_answer_at = now
                changed.append("first_answer_at")
            consultation.save(update_fields=changed)
            _tell_opener(consultation, f"message-{message.pk}")
    return message


def close(user, consultation_id: int, outcome: str) -> Consultation:
    """Whoever answers a consultation closes it with an outcome; the person who asked is told."""
    if outcome not in Consultation.Outcome.values:
        raise CounsellingError(_("Choose an outcome."), field="outcome")
    with transaction.atomic():
        consultation = _for_update(user, consultation_id)
        if access.is_opener_side(user, consultation) or not access.is_staff_side(user):
            raise CounsellingError(_("Only whoever answers a consultation closes it."))
        _ensure_open(consultation)
        now = timezone.now()
        changed = _take(user, consultation, now)
        consultation.state = Consultation.State.CLOSED
        consultation.closed_at = now
        consultation.outcome = outcome
        consultation.awaiting_staff = False
        consultation.next_escalation_at = None
        consultation.save(
            update_fields=[
                *changed,
                "state",
                "closed_at",
                "outcome",
                "awaiting_staff",
                "next_escalation_at",
            ]
        )
        _tell_opener(consultation, "closed")
    return consultation


def rate(user, consultation_id: int, rating: int) -> Consultation:
    """The person who asked rates a closed consultation from 1 to 5, once."""
    if rating not in range(1, 6):
        raise CounsellingError(_("Choose a rating from 1 to 5."), field="rating")
    with transaction.atomic():
        consultation = _for_update(user, consultation_id)
        if not access.is_opener_side(user, consultation):
            raise CounsellingError(_("Only the person who asked rates a consultation."))
        if consultation.is_open:
            raise CounsellingError(_("A consultation is rated once it is closed."))
        if consultation.rating is not None:
            raise CounsellingError(_("You have already rated this consultation."))
        consultation.rating = rating
        consultation.save(update_fields=["rating"])
    return consultation


# --- The beat: escalation and retention -------------------------------------------------


def escalate_unacknowledged(now=None) -> int:
    """Tell the counselling lead of each urgent consultation nobody acknowledged in time.

    Due when ``next_escalation_at`` has passed; the claim moves it an hour on and
    counts the notice in the transaction that writes the notifications, so a
    repeated or concurrent run tells nobody twice. Returns the notices claimed.
    """
    now = now or timezone.now()
    due = Consultation.objects.filter(
        state=Consultation.State.OPEN,
        acknowledged_at__isnull=True,
        next_escalation_at__lte=now,
    )
    with transaction.atomic():
        ids = claim(
            due,
            next_escalation_at=F("next_escalation_at") + ESCALATION_INTERVAL,
            escalations=F("escalations") + 1,
        )
        if not ids:
            return 0
        lead_users = list(leads())
        for consultation in Consultation.objects.filter(pk__in=ids):
            _tell_staff(
                lead_users,
                consultation,
                f"escalation-{consultation.escalations}",
                format_lazy(
                    _("URGENT consultation #{n} unacknowledged for {minutes} minutes"),
                    n=consultation.pk,
                    minutes=consultation.escalations
                    * int(ESCALATION_INTERVAL.total_seconds() // 60),
                ),
                _(
                    "Nobody has acknowledged this urgent consultation. Open it on the "
                    "portal and assign it, or acknowledge it yourself."
                ),
            )
    return len(ids)


def retention_period() -> timedelta:
    return timedelta(days=round(365.25 * settings.JET_COUNSELLING_RETENTION_YEARS))


def delete_expired_content(now=None) -> int:
    """Delete the content of consultations closed longer ago than the retention period.

    The messages, the contact details and the link to the person go; the topic,
    month, prefecture, role, times, outcome and rating stay for the statistics,
    and so does the reading log. Returns the consultations emptied.
    """
    now = now or timezone.now()
    expired = Consultation.objects.filter(
        state=Consultation.State.CLOSED,
        content_deleted_at__isnull=True,
        closed_at__lt=now - retention_period(),
    )
    with transaction.atomic():
        ids = claim(expired, content_deleted_at=now, contact_details="")
        if not ids:
            return 0
        ConsultationMessage.objects.filter(consultation_id__in=ids).delete()
        ConsultationReading.objects.filter(consultation_id__in=ids, by_opener=True).update(
            reader=None
        )
        Consultation.objects.filter(pk__in=ids).update(opened_by=None, participant=None)
    return len(ids)
