"""The JET Programme's sections and what needs a participant first (clair_portal.navigation)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clair_portal.accounts.roles import JET_PARTICIPANT, has_role, is_hq
from clair_portal.navigation import Section, Task
from jet.counselling import access
from jet.models import Consultation, Reappointment


def participant(user) -> bool:
    """JET participants with their participant record (``jet:home`` answers 404 without)."""
    if not has_role(user, JET_PARTICIPANT):
        return False
    # The record itself, read once per request and shared with the counselling pages.
    return access.participant_of(user) is not None


def counselling(user) -> bool:
    """Whoever asks (participants, organisations' officers) or answers consultations."""
    return access.may_use(user)


def counselling_lead(user) -> bool:
    return access.is_lead(user)


SECTIONS = [
    Section(
        "jet",
        _("My JET placement"),
        "jet:home",
        _("Your placement, workplaces, supervisor and seminars, and your reappointment."),
        participant,
        order=30,
        short_title=_("JET"),
    ),
    Section(
        "jet-counselling",
        _("Counselling"),
        "jet:counselling",
        _("Confidential help from CLAIR's counsellors and your Prefectural Advisors."),
        counselling,
        order=32,
    ),
    Section(
        "jet-counselling-statistics",
        _("Counselling statistics"),
        "jet:counselling_statistics",
        _("Consultations per month, topic, prefecture and role; small counts hidden."),
        counselling_lead,
        order=33,
    ),
    Section(
        "jet-statistics",
        _("JET statistics"),
        "jet:statistics",
        _("Participants by year, country, role and prefecture."),
        is_hq,
        order=31,
        short_title=_("JET"),
    ),
]


def tasks(user) -> list[Task]:
    return _counselling_tasks(user) + _participant_tasks(user)


def _counselling_tasks(user) -> list[Task]:
    """Consultations waiting for an answer from a counsellor, PA or the lead (one query)."""
    if not access.is_staff_side(user):
        return []
    waiting = Consultation.objects.filter(access.answered(user)).awaiting_answer().count()
    return [
        Task(
            ngettext("%(n)d consultation to answer", "%(n)d consultations to answer", waiting)
            % {"n": waiting},
            waiting,
            reverse("jet:counselling"),
            urgent=True,
            order=4,
        )
    ]


def _participant_tasks(user) -> list[Task]:
    if not participant(user):
        return []
    open_ = Reappointment.objects.filter(
        placement__participant__user=user,
        participant_decision=Reappointment.Decision.PENDING,
        deadline__gte=timezone.localdate(),
    ).count()
    return [
        Task(
            ngettext(
                "Your reappointment: %(n)d answer needed",
                "Your reappointments: %(n)d answers needed",
                open_,
            )
            % {"n": open_},
            open_,
            reverse("jet:home"),
            urgent=True,
            order=5,
        )
    ]
