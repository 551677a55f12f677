"""A prefecture's view of its municipalities' partnership-survey answers, to chase them.

A prefecture is an ``Organisation`` whose local government is of the kind
``prefecture`` (``reference.models.LocalGovernment.Kind``); its municipalities
are the local governments whose ``prefecture`` it is.
"""

from django.db.models import Count, F, FilteredRelation, Q
from django.http import Http404

from clair_portal.organisations.access import organisation_of, require_organisation
from reference.models import LocalGovernment
from sistercities.forms_organisation import SurveyStatusFilterForm as Filter
from sistercities.models import PartnershipSurvey


def prefecture_of(user) -> LocalGovernment | None:
    """The prefecture the officer acts for, or None (a city, an association, anyone else)."""
    organisation = organisation_of(user)
    government = organisation.local_government if organisation else None
    return government if government is not None and government.is_prefecture else None


def require_prefecture(user) -> LocalGovernment:
    require_organisation(user)
    prefecture = prefecture_of(user)
    if prefecture is None:
        raise Http404("Not an officer of a prefecture.")
    return prefecture


def surveys():
    """The surveys that invited anyone, newest first."""
    return PartnershipSurvey.objects.exclude(state=PartnershipSurvey.State.DRAFT).order_by("-year")


def municipalities(prefecture: LocalGovernment, survey: PartnershipSurvey, status: str = ""):
    """The prefecture's municipalities with their invitation to ``survey`` (one LEFT JOIN),
    in code order; ``status`` keeps the answered, the not yet answered or the not invited."""
    rows = (
        LocalGovernment.objects.filter(prefecture=prefecture)
        .annotate(
            invitation=FilteredRelation(
                "survey_invitations", condition=Q(survey_invitations__survey=survey)
            )
        )
        .annotate(
            invitation_id=F("invitation__id"),
            sent_at=F("invitation__sent_at"),
            reminded_at=F("invitation__reminded_at"),
            answered_at=F("invitation__responded_at"),
        )
        .select_related("partnership_contact")
        .order_by("code")
    )
    if status == Filter.ANSWERED:
        rows = rows.filter(invitation__responded_at__isnull=False)
    elif status == Filter.NOT_YET:
        rows = rows.filter(invitation__id__isnull=False, invitation__responded_at__isnull=True)
    elif status == Filter.NOT_INVITED:
        rows = rows.filter(invitation__id__isnull=True)
    return rows


def totals(prefecture: LocalGovernment, survey: PartnershipSurvey) -> dict:
    """How many municipalities there are, were invited and answered (one query)."""
    return municipalities(prefecture, survey).aggregate(
        total=Count("code"),
        invited=Count("invitation__id"),
        answered=Count("invitation__id", filter=Q(invitation__responded_at__isnull=False)),
    )
