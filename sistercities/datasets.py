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
from sistercities.models import Affiliation

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
]
