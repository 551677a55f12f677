"""Open data of the sister-city app, whole, as the API lists it (clair_portal.opendata finds it)."""

from django.utils.translation import gettext_lazy as _

from clair_portal.opendata.datasets import Dataset
from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities.api import (
    AffiliationSerializer,
    AffiliationViewSet,
    LocalGovernmentSerializer,
    LocalGovernmentViewSet,
)
from sistercities.api_exchange import (
    ExchangeEventSerializer,
    ExchangeEventViewSet,
    ExchangeProjectSerializer,
    ExchangeProjectViewSet,
    PartnerRequestSerializer,
    published_requests,
)
from sistercities.models import (
    Affiliation,
    EventSeries,
    ExchangeEvent,
    ExchangeProject,
    PartnerRequest,
)

DATASETS = [
    Dataset(
        slug="sister-city-affiliations",
        title=_("Sister-city affiliations"),
        description=_(
            "Every public sister-city and friendship affiliation between Japanese local "
            "governments and local governments abroad: the parties, the kind, the year "
            "and date established, the status, the fields of exchange and CLAIR's criteria."
        ),
        serializer=AffiliationSerializer,
        queryset=lambda: AffiliationViewSet.queryset.all(),
        models=(Affiliation, Affiliation.japanese.through, ForeignLocalGovernment, LocalGovernment),
        endpoint="api:affiliation-list",
        keywords=("sister city", "姉妹都市"),
    ),
    Dataset(
        slug="local-governments",
        title=_("Japan's local governments"),
        description=_(
            "The 47 prefectures and every municipality of Japan with their JIS X 0402 codes, "
            "kinds and names in kanji, katakana and romaji."
        ),
        serializer=LocalGovernmentSerializer,
        queryset=lambda: LocalGovernmentViewSet.queryset.all(),
        models=(LocalGovernment,),
        endpoint="api:local-government-list",
        keywords=("JIS X 0402", "地方公共団体"),
    ),
    Dataset(
        slug="partner-requests",
        title=_("Local governments seeking a partner"),
        description=_(
            "Published requests of local governments in Japan and abroad looking for a "
            "partner: who they are, their population, industries and features, and the "
            "countries and fields of exchange they hope for. Contact details are not published."
        ),
        serializer=PartnerRequestSerializer,
        queryset=published_requests,
        models=(PartnerRequest, LocalGovernment),
        endpoint="api:partner-request-list",
        keywords=("partner search", "姉妹都市"),
    ),
    Dataset(
        slug="exchange-projects",
        title=_("Excellent exchange projects"),
        description=_(
            "Case studies of exchange between sister cities: the affiliation, the year, "
            "the fields of exchange and a summary, in English and Japanese."
        ),
        serializer=ExchangeProjectSerializer,
        queryset=lambda: ExchangeProjectViewSet.queryset.all(),
        models=(ExchangeProject,),
        endpoint="api:exchange-project-list",
        keywords=("exchange", "国際交流"),
    ),
    Dataset(
        slug="exchange-events",
        title=_("Exchange events"),
        description=_(
            "The seminars, symposia and conferences CLAIR runs, edition by edition: dates, "
            "place, hosts and the local governments that took part."
        ),
        serializer=ExchangeEventSerializer,
        queryset=lambda: ExchangeEventViewSet.queryset.all(),
        models=(
            ExchangeEvent,
            EventSeries,
            ExchangeEvent.participants.through,
            ExchangeEvent.foreign_participants.through,
            ForeignLocalGovernment,
            LocalGovernment,
        ),
        endpoint="api:exchange-event-list",
        keywords=("symposium", "国際交流"),
    ),
]
