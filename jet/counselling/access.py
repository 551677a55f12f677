"""Who may read which consultation: one place, used by every page and service.

- the participant who opened it (or, for an organisation's, its active officers);
- a counsellor (group ``COUNSELLORS``): CLAIR's queue while nobody has taken a
  consultation, then only those assigned to them;
- a Prefectural Advisor: consultations of their prefecture sent to "my PA", the
  same way;
- the counselling lead (group ``COUNSELLING_LEAD``): every consultation.

Nobody else: not HQ staff, not superusers (they are not in the groups by being
superusers), not offices. Someone else's consultation answers 404 like a missing one.
"""

from django.db.models import Q
from django.http import Http404

from clair_portal.accounts.roles import JET_PARTICIPANT, has_role
from clair_portal.organisations.access import organisation_of
from jet.models import (
    COUNSELLING_LEAD,
    COUNSELLORS,
    PREFECTURAL_ADVISORS,
    Consultation,
    Participant,
    PrefecturalAdvisor,
)


def is_lead(user) -> bool:
    return user.is_authenticated and user.is_active and has_role(user, COUNSELLING_LEAD)


def is_counsellor(user) -> bool:
    """A counsellor of the Guidance and Counselling Division (the lead is one too)."""
    return (
        user.is_authenticated and user.is_active and (has_role(user, COUNSELLORS) or is_lead(user))
    )


def advisor_prefectures(user) -> frozenset:
    """The prefectures (codes) ``user`` is an active Prefectural Advisor for; read once."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if not has_role(user, PREFECTURAL_ADVISORS):  # from the groups every page reads
        return frozenset()
    if not hasattr(user, "_jet_advisor_prefectures"):
        user._jet_advisor_prefectures = frozenset(
            PrefecturalAdvisor.objects.active()
            .filter(user=user)
            .values_list("prefecture_id", flat=True)
        )
    return user._jet_advisor_prefectures


def is_advisor(user) -> bool:
    return bool(advisor_prefectures(user))


def is_staff_side(user) -> bool:
    """Counsellors, the lead and PAs: those who answer consultations."""
    return is_counsellor(user) or is_advisor(user)


def participant_of(user) -> Participant | None:
    if not has_role(user, JET_PARTICIPANT):
        return None
    if not hasattr(user, "_jet_participant_record"):
        user._jet_participant_record = Participant.objects.for_user(user).first()
    return user._jet_participant_record


def may_ask(user) -> bool:
    """Participants with their record, and organisations' officers, may open consultations."""
    if not user.is_authenticated or not user.is_active:
        return False
    return participant_of(user) is not None or organisation_of(user) is not None


def may_use(user) -> bool:
    """Whether the counselling pages exist for ``user`` at all (else they answer 404)."""
    return may_ask(user) or is_staff_side(user)


def own(user) -> Q:
    """The consultations ``user`` opened, or their organisation did."""
    condition = Q(pk__in=[])
    participant = participant_of(user)
    if participant is not None:
        condition |= Q(participant=participant)
    organisation = organisation_of(user)
    if organisation is not None:
        condition |= Q(participant__isnull=True, organisation=organisation)
    return condition


def answered(user) -> Q:
    """The consultations ``user`` answers (or may take) as counsellor, lead or PA."""
    if is_lead(user):
        return Q(pk__isnull=False)  # not Q(): an empty Q vanishes from an OR
    condition = Q(pk__in=[])
    if is_counsellor(user):
        condition |= Q(route=Consultation.Route.CLAIR, assigned_to__isnull=True)
    prefectures = advisor_prefectures(user)
    if prefectures:
        condition |= Q(
            route=Consultation.Route.PA, prefecture_id__in=prefectures, assigned_to__isnull=True
        )
    if is_staff_side(user):
        condition |= Q(assigned_to=user)
    return condition


def visible(user):
    """Every consultation ``user`` may read."""
    if not user.is_authenticated or not user.is_active:
        return Consultation.objects.none()
    return Consultation.objects.filter(own(user) | answered(user))


def is_opener_side(user, consultation: Consultation) -> bool:
    """Whether ``user`` reads ``consultation`` as the one who asked (not as staff)."""
    participant = participant_of(user)
    if participant is not None and consultation.participant_id == participant.pk:
        return True
    organisation = organisation_of(user)
    return (
        organisation is not None
        and consultation.participant_id is None
        and consultation.organisation_id == organisation.pk
    )


def get_consultation_for_user(user, consultation_id: int) -> Consultation:
    """The consultation if ``user`` may read it, else 404."""
    consultation = visible(user).with_related().filter(pk=consultation_id).first()
    if consultation is None:
        raise Http404("No such consultation.")
    return consultation


def require_counselling(user) -> None:
    if not may_use(user):
        raise Http404("No such page.")


def ensure_groups(sender, **kwargs):
    """The counsellors' and the lead's groups exist after every migrate (without permissions)."""
    from django.contrib.auth.models import Group

    for name in (COUNSELLORS, COUNSELLING_LEAD, PREFECTURAL_ADVISORS):
        Group.objects.get_or_create(name=name)
