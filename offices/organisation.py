"""The overseas offices' part of a local government's home (clair_portal.organisations.home):
what the offices wait for from it, and its latest requests for help."""

from django.urls import reverse
from django.utils.translation import gettext as _

from clair_portal.organisations.home import Section, Task
from offices.models import AssistanceRequest

SHOWN = 5
State = AssistanceRequest.State


def tasks(organisation, user) -> list[Task]:
    rows = AssistanceRequest.objects.of_organisation(organisation)
    url = reverse("offices:request-list")
    return [
        Task(
            _("Requests for help on which an office needs more information"),
            rows.filter(state=State.INFO_REQUESTED).count(),
            url + "?state=info",
        ),
        Task(
            _("Completed requests for help to rate"),
            rows.filter(state=State.COMPLETED, rated_at__isnull=True).count(),
            url + "?state=completed",
        ),
    ]


def sections(organisation, user) -> list[Section]:
    latest = list(
        AssistanceRequest.objects.of_organisation(organisation)
        .select_related("office")
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    return [
        Section(
            key="overseas-offices",
            title=_("Help from CLAIR's overseas offices"),
            template="offices/desk/_organisation_section.html",
            context={"requests": latest},
            order=60,
        )
    ]
