"""The LGOTP section of a local government's home (clair_portal.organisations.home): the
demand survey to answer, its offers in it, and the trainees assigned to it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from clair_portal.organisations.home import Section, Task
from cooperation.models import HostOffer, Programme, Trainee


def tasks(organisation, user) -> list[Task]:
    """Each open demand survey the local government has not answered yet (one query)."""
    government = organisation.local_government_id
    if government is None:
        return []
    unanswered = (
        Programme.objects.survey_open().exclude(offers__local_government_id=government).count()
    )
    return [
        Task(_("The LGOTP demand survey to answer"), unanswered, reverse("cooperation:host_home"))
    ]


def sections(organisation, user) -> list[Section]:
    """Shown while a survey is open or trainees are with the host; nothing for an association.

    Three queries: the open surveys, the offers in them, the trainees assigned.
    """
    government = organisation.local_government_id
    if government is None:
        return []
    surveys = list(Programme.objects.survey_open().order_by("fiscal_year"))
    offers = list(
        HostOffer.objects.filter(local_government_id=government, programme__in=surveys)
        .select_related("programme", "field")
        .order_by("programme__fiscal_year", "field__sort_order")
        if surveys
        else []
    )
    trainees = Trainee.objects.filter(
        assignment__host_government_id=government, selection=Trainee.Selection.SELECTED
    ).count()
    if not surveys and not trainees:
        return []
    return [
        Section(
            key="lgotp",
            title=_("LGOTP: hosting trainees"),
            template="cooperation/host/_section.html",
            context={"surveys": surveys, "offers": offers, "trainees": trainees},
            order=40,
        )
    ]
