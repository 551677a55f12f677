"""Open data: CLAIR's offices, whole, as the API lists them (clair_portal.opendata finds it)."""

from django.utils.translation import gettext_lazy as _

from clair_portal.opendata.datasets import Dataset
from offices.api import OfficeSerializer, OfficeViewSet
from offices.models import Department, Division, Office

DATASETS = [
    Dataset(
        slug="offices",
        title=_("CLAIR's offices"),
        description=_(
            "CLAIR's headquarters in Tokyo and its overseas offices: names, addresses, "
            "time zones, telephone and fax numbers, e-mail, websites, the countries each "
            "office works with, and the departments with their numbers."
        ),
        serializer=OfficeSerializer,
        queryset=lambda: OfficeViewSet.queryset.all(),
        models=(Office, Department, Division),
        endpoint="api:office-list",
        keywords=("CLAIR", "office"),
    )
]
