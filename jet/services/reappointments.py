"""Reappointment: whether a participant stays another year, both sides answering."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.organisations.access import get_for_organisation
from jet.models import MAX_YEARS, Placement, Reappointment
from jet.services.base import JetError
from jet.services.placements import get_reappointment_for_user, record_placement_history


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
        record_placement_history(
            [following.pk], by, _("Withdrawn: the participant changed their answer")
        )
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
        record_placement_history([draft.pk], by, _("A draft again: both sides consented"))
    reappointment.next_placement = draft
    reappointment.save(update_fields=["next_placement"])


def _a_year_after(day):
    """The same day a year later; 28 February for a 29 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)
