"""The sister-city app's models, one module per concern."""

from sistercities.models.affiliations import Affiliation, AffiliationQuerySet, Field
from sistercities.models.events import EventSeries, EventSeriesName, ExchangeEvent
from sistercities.models.partnering import (
    Industry,
    Inquiry,
    PartnerRequest,
    RequestImage,
    RequestRevision,
)
from sistercities.models.projects import ExchangeProject, ProjectImage
from sistercities.models.proposals import AffiliationProposal
from sistercities.models.surveys import (
    PartnershipContact,
    PartnershipSurvey,
    SurveyAnswer,
    SurveyEvent,
    SurveyInvitation,
)

__all__ = [
    "Affiliation",
    "AffiliationProposal",
    "AffiliationQuerySet",
    "EventSeries",
    "EventSeriesName",
    "ExchangeEvent",
    "ExchangeProject",
    "Field",
    "Industry",
    "Inquiry",
    "PartnerRequest",
    "PartnershipContact",
    "PartnershipSurvey",
    "ProjectImage",
    "RequestImage",
    "RequestRevision",
    "SurveyAnswer",
    "SurveyEvent",
    "SurveyInvitation",
]
