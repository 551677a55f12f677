"""The JET section of a contracting organisation's home (clair_portal.organisations.home)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clair_portal.organisations.home import Section, Task
from jet import services
from jet.models import Placement, Reappointment

SHOWN_PLACEMENTS = 10  # those under contract now; the placements page lists them all
SHOWN_SEMINARS = 5


def tasks(organisation, user) -> list[Task]:
    waiting = Reappointment.objects.of_organisation(organisation).awaiting_organisation().count()
    return [
        Task(_("Reappointments to answer"), waiting, reverse("jet:organisation_reappointments"))
    ]


def sections(organisation, user) -> list[Section]:
    """Its participants under contract now, and their seminars; nothing for a body employing none.

    Three queries: the placements (with participant, organisation and
    reappointment), the seminars' targets, the seminars.
    """
    current = list(
        Placement.objects.of_organisation(organisation).filter(
            contract_end__gte=timezone.localdate()
        )[:SHOWN_PLACEMENTS]
    )
    if not current:
        return []
    return [
        Section(
            key="jet",
            title=_("JET participants"),
            template="jet/organisation/_section.html",
            context={
                "placements": current,
                "seminars": list(services.seminars_for_organisation(organisation)[:SHOWN_SEMINARS]),
            },
            order=30,
        )
    ]
