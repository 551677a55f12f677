"""The courses section of an organisation's home (clair_portal.organisations.home)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from clair_portal.organisations.home import Section, Task
from training import services
from training.models import Application

SHOWN = 5  # the latest applications; the applications page lists them all


def tasks(organisation, user) -> list[Task]:
    if not services.is_approver(user):
        return []
    waiting = Application.objects.filter(
        organisation=organisation, state=Application.State.PENDING
    ).count()
    return [Task(_("Course applications to endorse"), waiting, reverse("training:applications"))]


def sections(organisation, user) -> list[Section]:
    latest = list(
        services.visible_applications(user)
        .select_related("course", "applicant")
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    return [
        Section(
            key="training",
            title=_("Courses"),
            template="training/_organisation_section.html",
            context={
                "applications": latest,
                "url": reverse("training:applications"),
                "courses_url": reverse("training:index"),
            },
            order=60,
        )
    ]
