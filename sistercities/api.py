"""Open data: affiliations and Japan's local governments as read-only JSON (public fields only)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from reference.models import ForeignLocalGovernment, LocalGovernment
from reference.search import japanese_key
from sistercities.forms import SearchForm
from sistercities.models import Affiliation


class LocalGovernmentSerializer(serializers.ModelSerializer):
    prefecture = serializers.CharField(source="prefecture_id", allow_null=True)

    class Meta:
        model = LocalGovernment
        fields = ["code", "kind", "prefecture", "name_kanji", "name_kana", "name_romaji"]


class PartnerSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")

    class Meta:
        model = ForeignLocalGovernment
        fields = ["name_en", "name_local", "country", "region", "kind", "website"]


class AffiliationSerializer(serializers.ModelSerializer):
    japanese = LocalGovernmentSerializer(many=True)
    partner = PartnerSerializer()
    fields = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Affiliation
        fields = [
            "id", "japanese", "partner", "kind", "established_year", "established_on",
            "status", "ended_on", "fields", "notes_en", "notes_ja", "signed_by_both_heads",
            "exchange_in_several_fields", "budget_approved_by_assembly",
        ]  # fmt: skip


SEARCH_PARAMS = [
    "q", "prefecture", "lg_kind", "country", "region", "kind", "status", "field", "year",
    "decade", "sort",
]  # fmt: skip


def _cleaned(request, form_class):
    form = form_class(request.query_params)
    if not form.is_valid():
        raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
    return form


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(name, OpenApiTypes.STR, description=name) for name in SEARCH_PARAMS
        ]
    )
)
class AffiliationViewSet(viewsets.ReadOnlyModelViewSet):
    """Sister-city affiliations, with the partner search's text search and filters."""

    serializer_class = AffiliationSerializer
    queryset = Affiliation.objects.public().order_by("established_year", "id")

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        form = _cleaned(self.request, SearchForm)
        return form.results().public().order_by(*form.ordering())


class LocalGovernmentSearchForm(SearchForm):
    """The API's local-government list: the same text box, a prefecture and a kind."""

    def results(self):
        qs = LocalGovernment.objects.all()
        data = self.cleaned_data
        if data.get("q") and japanese_key(data["q"]):
            qs = qs.filter(search_key__contains=japanese_key(data["q"]))
        if data.get("prefecture"):
            code = data["prefecture"]
            qs = qs.filter(code=code) | qs.filter(prefecture_id=code)
        if data.get("lg_kind"):
            qs = qs.filter(kind=data["lg_kind"])
        return qs.order_by("code")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(name, OpenApiTypes.STR, description=name)
            for name in ["q", "prefecture", "lg_kind"]
        ]
    )
)
class LocalGovernmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Japan's 47 prefectures and 1,741 municipalities, keyed by JIS X 0402 code."""

    serializer_class = LocalGovernmentSerializer
    queryset = LocalGovernment.objects.order_by("code")
    lookup_field = "code"

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        return _cleaned(self.request, LocalGovernmentSearchForm).results()


# Registered on the public API's router under /api/v1/ (clair_portal.api finds it).
ROUTES = [
    ("sister-cities", AffiliationViewSet, "affiliation"),
    ("local-governments", LocalGovernmentViewSet, "local-government"),
]
