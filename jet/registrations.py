"""Seminar registration: places within the capacity, a waiting list in order, reminders, attendance.

Every change takes a lock on the seminar's row first (``SELECT ... FOR UPDATE``),
so registrations and cancellations of one seminar happen one at a time: two
participants registering for the last place at once get one place and one
waiting-list position, never two places.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal import capacity
from clair_portal.errors import DomainError
from clair_portal.notifications.sending import claim
from clair_portal.notifications.services import Message, notify_many
from jet.models import Participant, Placement, Seminar, SeminarRegistration

State = SeminarRegistration.State


class RegistrationError(DomainError):
    """A refusal about a seminar registration; ``message`` is a lazy translated string."""


def targeted(participant: Participant):
    """The seminars that concern the participant's latest published placement."""
    placement = (
        Placement.objects.published()
        .filter(participant=participant)
        .select_related("organisation")
        .order_by("-jet_year")
        .first()
    )
    return Seminar.objects.for_placement(placement) if placement else Seminar.objects.none()


def with_registration(seminars, participant: Participant):
    """``seminars`` annotated with the participant's live registration state and the places taken."""
    own = SeminarRegistration.objects.filter(
        seminar=OuterRef("pk"), participant=participant
    ).exclude(state=State.CANCELLED)
    return seminars.annotate(
        my_state=Subquery(own.values("state")[:1]),
        taken=Count("registrations", filter=Q(registrations__state=State.REGISTERED)),
    )


def waiting_position(registration: SeminarRegistration) -> int:
    """1 for the first on the waiting list."""
    return (
        SeminarRegistration.objects.filter(seminar=registration.seminar_id, state=State.WAITING)
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def _locked_seminar(participant, seminar_id):
    """The seminar, locked, if it concerns the participant and takes registrations; else 404."""
    seminar = get_object_or_404(targeted(participant).filter(registration=True), pk=seminar_id)
    return capacity.lock(Seminar, seminar.pk)


def register(participant: Participant, seminar_id: int, *, now=None) -> SeminarRegistration:
    """Register for a seminar: a place if one is free, else the end of the waiting list.

    Preconditions: the seminar concerns the participant and takes registrations
    (else 404); its deadline has not passed; the participant holds no live
    registration for it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked_seminar(participant, seminar_id)
        if now >= seminar.registration_closes_at():
            raise RegistrationError(_("Registration for this seminar has closed."))
        live = SeminarRegistration.objects.filter(seminar=seminar, participant=participant)
        if live.exclude(state=State.CANCELLED).exists():
            raise RegistrationError(_("You are already registered for this seminar."))
        taken = SeminarRegistration.objects.filter(seminar=seminar, state=State.REGISTERED)
        full = capacity.seats_left(seminar.capacity, taken) == 0
        return SeminarRegistration.objects.create(
            seminar=seminar,
            participant=participant,
            state=State.WAITING if full else State.REGISTERED,
            created_at=now,
        )


def cancel(participant: Participant, seminar_id: int, *, now=None) -> SeminarRegistration:
    """Give up a place (or a waiting-list position); the first on the waiting list moves up.

    Preconditions: a live registration, and the seminar has not started.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked_seminar(participant, seminar_id)
        if now >= seminar.starts_at:
            raise RegistrationError(_("The seminar has started: it can no longer be cancelled."))
        registration = (
            SeminarRegistration.objects.filter(seminar=seminar, participant=participant)
            .exclude(state=State.CANCELLED)
            .first()
        )
        if registration is None:
            raise RegistrationError(_("You are not registered for this seminar."))
        had_place = registration.state == State.REGISTERED
        registration.state = State.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["state", "cancelled_at"])
        if had_place:
            promote(seminar, now)
    return registration


def promote(seminar: Seminar, now) -> list[SeminarRegistration]:
    """Give free places to the waiting list in order; each promoted participant is told.

    Precondition: the caller holds the lock on ``seminar`` (clair_portal.capacity).
    """
    taken = SeminarRegistration.objects.filter(seminar=seminar, state=State.REGISTERED)
    promoted = capacity.first_waiting(
        SeminarRegistration.objects.filter(seminar=seminar, state=State.WAITING),
        capacity.seats_left(seminar.capacity, taken),
        joined="created_at",
    )
    for registration in promoted:
        registration.state = State.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["state", "promoted_at"])
    users = {
        r.pk: r.participant.user
        for r in SeminarRegistration.objects.filter(
            pk__in=[r.pk for r in promoted], participant__user__isnull=False
        ).select_related("participant__user")
    }
    notify_many(
        Message(
            user,
            f"jet-seminar-registration-{pk}-promoted",
            format_lazy(_("A place for you at {seminar}"), seminar=seminar.title),
            format_lazy(
                _("A place became free and it is yours: you are registered for {seminar}."),
                seminar=seminar.title,
            ),
            reverse_lazy("jet:seminars"),
        )
        for pk, user in users.items()
    )
    return promoted


def send_reminders(now=None) -> int:
    """Remind the registered participants of tomorrow's seminars, each once.

    The claim (``reminder_sent_at``) and the notifications are one transaction:
    a run killed half-way sends nothing and claims nothing.
    """
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = SeminarRegistration.objects.filter(
        state=State.REGISTERED,
        reminder_sent_at__isnull=True,
        seminar__starts_at__date=tomorrow,
        participant__user__isnull=False,
    )
    with transaction.atomic():
        ids = claim(due, reminder_sent_at=now)
        rows = SeminarRegistration.objects.filter(pk__in=ids).select_related(
            "seminar", "participant__user"
        )
        notify_many(
            Message(
                r.participant.user,
                f"jet-seminar-registration-{r.pk}-reminder",
                format_lazy(_("Tomorrow: {seminar}"), seminar=r.seminar.title),
                format_lazy(
                    _("A reminder: you are registered for {seminar} tomorrow, at {venue}."),
                    seminar=r.seminar.title,
                    venue=r.seminar.venue,
                ),
                reverse_lazy("jet:seminars"),
            )
            for r in rows
        )
    return len(ids)


def record_attendance(user, registration_ids, *, attended: bool) -> int:
    """HQ records who attended (or not); only places, never cancelled or waiting rows."""
    from clair_portal.accounts.roles import is_hq

    if not is_hq(user):
        raise RegistrationError(_("Only HQ records attendance."))
    with transaction.atomic():
        rows = SeminarRegistration.objects.filter(
            pk__in=registration_ids, state=State.REGISTERED
        ).select_for_update()
        count = 0
        for registration in rows:
            registration.attended = attended
            registration.save(update_fields=["attended"])  # with its history
            count += 1
    return count


def counts(seminars):
    """``seminars`` with their places taken, waiting list and attendance counted (one query)."""
    return seminars.annotate(
        registered_count=Count("registrations", filter=Q(registrations__state=State.REGISTERED)),
        waiting_count=Count("registrations", filter=Q(registrations__state=State.WAITING)),
        attended_count=Count(
            "registrations",
            filter=Q(registrations__state=State.REGISTERED, registrations__attended=True),
        ),
    )
