"""Open data: the index of the living-information library (current versions, no texts)."""

from rest_framework import serializers

from clair_portal.api_views import PublicViewSet
from multicultural.models import DocumentVersion


class LibraryEntrySerializer(serializers.ModelSerializer):
    document = serializers.IntegerField(source="document_id")
    topic = serializers.SlugField(source="document.topic.code")
    topic_en = serializers.CharField(source="document.topic.name_en", allow_null=True)
    topic_ja = serializers.CharField(source="document.topic.name_ja", allow_null=True)
    language = serializers.SlugField(source="language.code")
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id", "document", "topic", "topic_en", "topic_ja", "language", "title",
            "published_on", "has_file",
        ]  # fmt: skip

    def get_has_file(self, version) -> bool:
        return bool(version.file)


class LibraryEntryViewSet(PublicViewSet):
    """The living-information library's index: each document's current version per language."""

    serializer_class = LibraryEntrySerializer
    queryset = (
        DocumentVersion.objects.current()
        .with_related()
        .order_by("document__topic__sort_order", "document_id", "language__sort_order", "id")
    )
    dataset = "living-information"


# Registered on the public API's router under /api/v1/ (clair_portal.api finds it).
ROUTES = [("living-information", LibraryEntryViewSet, "library-entry")]
