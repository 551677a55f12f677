"""Open data: the living-information library's index (clair_portal.opendata finds it)."""

from django.utils.translation import gettext_lazy as _

from clair_portal.opendata.datasets import Dataset
from multicultural.api import LibraryEntrySerializer, LibraryEntryViewSet
from multicultural.models import DocumentVersion, LibraryLanguage, LivingDocument, LivingTopic

DATASETS = [
    Dataset(
        slug="living-information",
        title=_("Living-information library index"),
        description=_(
            "The index of the multilingual living information for foreign residents: each "
            "document's current version in each language, with its topic, title and date."
        ),
        serializer=LibraryEntrySerializer,
        queryset=lambda: LibraryEntryViewSet.queryset.all(),
        models=(DocumentVersion, LivingDocument, LivingTopic, LibraryLanguage),
        endpoint="api:library-entry-list",
        keywords=("multilingual", "多言語生活情報"),
    )
]
