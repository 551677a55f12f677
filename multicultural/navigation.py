"""Multicultural support's section and what needs grant officers and HQ first
(clair_portal.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clair_portal.accounts.roles import is_hq
from clair_portal.navigation import Section, Task
from multicultural.models import GrantApplication
from multicultural.services import officer_of

SECTIONS = [
    Section(
        "multicultural",
        _("Multicultural support"),
        "multicultural:index",
        _(
            "Grants for local projects with foreign residents, and living information in many languages."
        ),
        order=40,
        short_title=_("Multicultural"),
    ),
]


def tasks(user) -> list[Task]:
    if officer_of(user) is not None:
        drafts = (
            GrantApplication.objects.for_user(user)
            .filter(state=GrantApplication.State.DRAFT)
            .count()
        )
        return [
            Task(
                ngettext(
                    "%(n)d grant application in draft, not yet submitted",
                    "%(n)d grant applications in draft, not yet submitted",
                    drafts,
                )
                % {"n": drafts},
                drafts,
                reverse("multicultural:applications"),
                order=30,
            )
        ]
    if is_hq(user):
        waiting = GrantApplication.objects.filter(state__in=GrantApplication.DECIDABLE).count()
        return [
            Task(
                ngettext(
                    "%(n)d grant application to review",
                    "%(n)d grant applications to review",
                    waiting,
                )
                % {"n": waiting},
                waiting,
                reverse("multicultural:review_list"),
                order=30,
            )
        ]
    return []
