"""The JET Programme's sections and what needs a participant first (clair_portal.navigation)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clair_portal.accounts.roles import JET_PARTICIPANT, has_role, is_hq
from clair_portal.navigation import Section, Task
from jet.models import Participant, Reappointment


def participant(user) -> bool:
    """JET participants with their participant record (``jet:home`` answers 404 without)."""
    if not has_role(user, JET_PARTICIPANT):
        return False
    if not hasattr(user, "_jet_participant"):
        user._jet_participant = Participant.objects.for_user(user).exists()
    return user._jet_participant


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
