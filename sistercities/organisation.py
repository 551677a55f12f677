"""The sister-city section of a local government's home (clair_portal.organisations.home)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from clair_portal.organisations.home import Section, Task
from sistercities import proposals
from sistercities.models import AffiliationProposal, SurveyInvitation

SHOWN_PROPOSALS = 10


def tasks(organisation, user) -> list[Task]:
    government = organisation.local_government
    if government is None:
        return []
    unanswered = (
        SurveyInvitation.objects.open_for(government.pk).filter(responded_at__isnull=True).count()
    )
    return [
        Task(_("The partnership survey to answer"), unanswered, reverse("sistercities:my_survey"))
    ]


def sections(organisation, user) -> list[Section]:
    government = organisation.local_government
    if government is None:
        return []
    affiliations = list(proposals.affiliations_of(government))
    pending = set(
        AffiliationProposal.objects.pending()
        .filter(local_government=government, affiliation__isnull=False)
        .values_list("affiliation_id", flat=True)
    )
    recent = list(proposals.proposals_of(government)[:SHOWN_PROPOSALS])
    survey = SurveyInvitation.objects.open_for(government.pk).first()
    return [
        Section(
            key="sister-cities",
            title=_("Sister cities"),
            template="sistercities/organisation/_section.html",
            context={
                "affiliations": affiliations,
                "pending": pending,
                "proposals": recent,
                "survey": survey,
            },
            order=10,
        )
    ]
