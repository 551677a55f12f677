"""The grants section of an organisation's home (clair_portal.organisations.home)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clair_portal.organisations.home import Section, Task
from multicultural import services
from multicultural.models import GrantApplication

SHOWN = 5  # the latest applications; the grants page lists them all


def _applications(user):
    return GrantApplication.objects.for_user(user)


def tasks(organisation, user) -> list[Task]:
    if services.officer_of(user) is None:
        return []
    drafts = (
        _applications(user)
        .filter(state=GrantApplication.State.DRAFT, programme__closes_at__gte=timezone.now())
        .count()
    )
    return [Task(_("Grant applications to submit"), drafts, reverse("multicultural:applications"))]


def sections(organisation, user) -> list[Section]:
    if services.officer_of(user) is None:
        return []
    latest = list(
        _applications(user).select_related("programme").order_by("-created_at", "-pk")[:SHOWN]
    )
    return [
        Section(
            key="grants",
            title=_("Grants"),
            template="multicultural/_organisation_section.html",
            context={"applications": latest, "url": reverse("multicultural:applications")},
            order=50,
        )
    ]
