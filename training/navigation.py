"""Professional development's section, and what needs approvers and HQ first
(clair_portal.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clair_portal.accounts.roles import is_hq
from clair_portal.navigation import Section, Task
from clair_portal.organisations.access import organisation_of
from training import abroad
from training.models import Application, OverseasApplication
from training.services import is_approver

SECTIONS = [
    Section(
        "training",
        _("Professional development"),
        "training:index",
        _(
            "CLAIR's and JIAM's courses for officials, seminars for officials of local "
            "governments abroad, and subsidies for study tours."
        ),
        order=70,
        short_title=_("Training"),
    ),
]


def tasks(user) -> list[Task]:
    if is_approver(user):
        waiting = Application.objects.filter(
            organisation=organisation_of(user), state=Application.State.PENDING
        ).count()
        return [
            Task(
                ngettext(
                    "%(n)d course application to endorse",
                    "%(n)d course applications to endorse",
                    waiting,
                )
                % {"n": waiting},
                waiting,
                reverse("training:applications"),
                order=40,
            )
        ]
    office = abroad.office_of(user)
    if office is not None:
        waiting = OverseasApplication.objects.filter(
            office=office, state=OverseasApplication.State.AT_OFFICE
        ).count()
        return [
            Task(
                ngettext(
                    "%(n)d seminar application from abroad to answer",
                    "%(n)d seminar applications from abroad to answer",
                    waiting,
                )
                % {"n": waiting},
                waiting,
                reverse("training:overseas_applications"),
                order=40,
            )
        ]
    if is_hq(user):
        abroad_waiting = OverseasApplication.objects.filter(
            state=OverseasApplication.State.ENDORSED
        ).count()
        waiting = Application.objects.filter(state=Application.State.ENDORSED).count()
        return [
            Task(
                ngettext(
                    "%(n)d seminar application from abroad to decide",
                    "%(n)d seminar applications from abroad to decide",
                    abroad_waiting,
                )
                % {"n": abroad_waiting},
                abroad_waiting,
                reverse("training:overseas_applications") + "?state=endorsed",
                order=41,
            ),
            Task(
                ngettext(
                    "%(n)d course application to decide",
                    "%(n)d course applications to decide",
                    waiting,
                )
                % {"n": waiting},
                waiting,
                reverse("training:decisions"),
                order=40,
            ),
        ]
    return []
