"""Open data: published partner-seeking requests, exchange projects and events (public fields).

A partner request's contact details are never published: visitors write
through the portal. Registered on the API by ``sistercities.api.ROUTES``.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clair_portal.api_fields import CountryField, country_schema
from clair_portal.api_views import PublicViewSet
from sistercities.api import PartnerSerializer
from sistercities.models import ExchangeEvent, ExchangeProject, Field, PartnerRequest
from sistercities.models.partnering import Industry

CODE = {"type": "string", "pattern": "^[0-9]{6}$", "example": "422011"}


class FieldsField(serializers.ListField):
    child = serializers.ChoiceField(choices=Field.choices)


class PartnerRequestSerializer(serializers.ModelSerializer):
    local_government = serializers.RegexField(
        r"^[0-9]{6}$",
        source="local_government_id",
        allow_null=True,
        help_text="The JIS X 0402 code of the Japanese local government; null for one abroad.",
    )
    country = CountryField()
    desired_countries = serializers.SerializerMethodField()
    industries = serializers.ListField(child=serializers.ChoiceField(choices=Industry.choices))
    fields = FieldsField()
    area_km2 = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True, coerce_to_string=False
    )

    class Meta:
        model = PartnerRequest
        fields = [
            "id", "side", "local_government", "name", "country", "region", "population",
            "area_km2", "access", "industries", "features", "desired_countries",
            "desired_region", "fields", "expectations", "pr_text", "published_at", "expires_at",
        ]  # fmt: skip

    @extend_schema_field({"type": "array", "items": country_schema()})
    def get_desired_countries(self, request) -> list[str]:
        return [country.code for country in request.desired_countries]


def published_requests():
    """What the public sees now (a request drops out when it expires), newest first."""
    return PartnerRequest.objects.published().order_by("-published_at", "-id")


class PartnerRequestViewSet(PublicViewSet):
    """Published requests of local governments seeking a partner (no contact details)."""

    serializer_class = PartnerRequestSerializer
    dataset = "partner-requests"

    def get_queryset(self):
        return published_requests()


class ExchangeProjectSerializer(serializers.ModelSerializer):
    fields = FieldsField()

    class Meta:
        model = ExchangeProject
        fields = [
            "id",
            "affiliation",
            "title_en",
            "title_ja",
            "year",
            "fields",
            "summary_en",
            "summary_ja",
        ]


class ExchangeProjectViewSet(PublicViewSet):
    """Excellent exchange projects: what an affiliation did, as a case study."""

    serializer_class = ExchangeProjectSerializer
    queryset = ExchangeProject.objects.published().order_by("-year", "-id")
    dataset = "exchange-projects"


class ExchangeEventSerializer(serializers.ModelSerializer):
    series = serializers.SlugField(source="series.slug")
    series_name_en = serializers.CharField(source="series.name_en", allow_null=True)
    series_name_ja = serializers.CharField(source="series.name_ja", allow_null=True)
    kind = serializers.ChoiceField(
        source="series.kind", choices=["seminar", "symposium", "conference"]
    )
    country = CountryField(allow_null=True)
    participants = serializers.SerializerMethodField()
    foreign_participants = PartnerSerializer(many=True)

    class Meta:
        model = ExchangeEvent
        fields = [
            "id", "series", "series_name_en", "series_name_ja", "kind", "edition", "year",
            "month", "starts_on", "ends_on", "place_en", "place_ja", "country", "hosts_en",
            "hosts_ja", "secretariat_en", "secretariat_ja", "description_en",
            "description_ja", "participants", "foreign_participants",
        ]  # fmt: skip

    @extend_schema_field({"type": "array", "items": CODE})
    def get_participants(self, event) -> list[str]:
        return [lg.code for lg in event.participants.all()]


class ExchangeEventViewSet(PublicViewSet):
    """Seminars, symposia and conferences CLAIR runs, edition by edition."""

    serializer_class = ExchangeEventSerializer
    queryset = ExchangeEvent.objects.public().order_by("-year", "-id")
    dataset = "exchange-events"
