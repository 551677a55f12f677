"""Sister cities' section and what needs moderators and HQ first (clair_portal.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clair_portal.accounts.roles import OFFICE_STAFF, has_role, is_hq
from clair_portal.navigation import Section, Task
from sistercities.models import PartnerRequest

SECTIONS = [
    Section(
        "sister-cities",
        _("Sister cities"),
        "sistercities:search",
        _(
            "Find partners among Japan's sister-city affiliations, by name in any script, "
            "country, prefecture or field; local governments seeking partners; exchange "
            "projects and events."
        ),
        order=20,
    ),
]


def tasks(user) -> list[Task]:
    if not (is_hq(user) or has_role(user, OFFICE_STAFF)):
        return []
    pending = (
        PartnerRequest.objects.for_moderator(user)
        .filter(state=PartnerRequest.State.PENDING)
        .count()
    )
    return [
        Task(
            ngettext(
                "%(n)d partner-seeking request to moderate",
                "%(n)d partner-seeking requests to moderate",
                pending,
            )
            % {"n": pending},
            pending,
            f"{reverse('sistercities:moderation_list')}?state=pending",
            order=20,
        )
    ]
