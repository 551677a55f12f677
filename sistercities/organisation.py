"""The sister-city section of a local government's home (clair_portal.organisations.home)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from clair_portal.organisations.home import Section, Task
from sistercities import own_requests, prefecture, proposals
from sistercities.models import AffiliationProposal, SurveyInvitation

SHOWN_PROPOSALS = 10
SHOWN_REQUESTS = 10


def tasks(organisation, user) -> list[Task]:
    government = organisation.local_government
    if government is None:
        return []
    unanswered = (
        SurveyInvitation.objects.open_for(government.pk).filter(responded_at__isnull=True).count()
    )
    waiting = own_requests.tasks_of(organisation)
    return [
        Task(_("The partnership survey to answer"), unanswered, reverse("sistercities:my_survey")),
        Task(
            _("Inquiries to your partner-seeking requests to read"),
            waiting["unread"],
            reverse("sistercities:my_requests"),
        ),
        Task(
            _("Partner-seeking requests to renew before they expire"),
            waiting["expiring"],
            reverse("sistercities:my_requests"),
        ),
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
    requests = list(own_requests.requests_of(organisation)[: SHOWN_REQUESTS + 1])
    found = [
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
        ),
        Section(
            key="partner-seeking",
            title=_("Partner-seeking"),
            template="sistercities/own/_section.html",
            context={
                "requests": requests[:SHOWN_REQUESTS],
                "more": len(requests) > SHOWN_REQUESTS,
            },
            order=11,
        ),
    ]
    if government.is_prefecture:
        latest = prefecture.surveys().first()
        found.append(
            Section(
                key="municipalities",
                title=_("Your municipalities"),
                template="sistercities/own/_prefecture_section.html",
                context={
                    "survey": latest,
                    "totals": prefecture.totals(government, latest) if latest else None,
                },
                order=12,
            )
        )
    return found
