"""International cooperation's section and what needs offices and HQ first
(clair_portal.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clair_portal.accounts.roles import SPECIALIST, has_role
from clair_portal.navigation import Section, Task
from cooperation.models import DispatchRequest
from cooperation.services import may_enter_requests


def cooperating(user) -> bool:
    """Specialists (their profile), and office staff and HQ (requests, dispatches, LGOTP)."""
    return may_enter_requests(user) or has_role(user, SPECIALIST)


SECTIONS = [
    Section(
        "cooperation",
        _("International cooperation"),
        "cooperation:index",
        _(
            "LGOTP trainees and their hosts; the registry of specialists CLAIR sends to local "
            "governments abroad, and their dispatches."
        ),
        cooperating,
        order=60,
        short_title=_("Cooperation"),
    ),
]


def tasks(user) -> list[Task]:
    if not may_enter_requests(user):
        return []
    waiting = (
        DispatchRequest.objects.visible_to(user).filter(state=DispatchRequest.State.OPEN).count()
    )
    return [
        Task(
            ngettext(
                "%(n)d dispatch request awaiting a specialist",
                "%(n)d dispatch requests awaiting a specialist",
                waiting,
            )
            % {"n": waiting},
            waiting,
            f"{reverse('cooperation:request_list')}?state=open",
            order=40,
        )
    ]
