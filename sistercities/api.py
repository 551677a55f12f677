"""Open data: affiliations and Japan's local governments as read-only JSON (public fields only)."""

from django import forms
from rest_framework import serializers

from clair_portal.api_fields import CountryField, UrlOrNullField
from clair_portal.api_views import PublicViewSet
from reference.models import ForeignLocalGovernment, LocalGovernment
from reference.search import japanese_key
from sistercities.forms import SearchForm
from sistercities.models import Affiliation, Field


class LocalGovernmentSerializer(serializers.ModelSerializer):
    prefecture = serializers.RegexField(
        r"^[0-9]{6}$",
        source="prefecture_id",
        allow_null=True,
        help_text="The JIS X 0402 code of its prefecture; null for a prefecture itself.",
    )

    class Meta:
        model = LocalGovernment
        fields = ["code", "kind", "prefecture", "name_kanji", "name_kana", "name_romaji"]


class PartnerSerializer(serializers.ModelSerializer):
    country = CountryField()
    website = UrlOrNullField()

    class Meta:
        model = ForeignLocalGovernment
        fields = ["name_en", "name_local", "name_kana", "country", "region", "kind", "website"]


class AffiliationSerializer(serializers.ModelSerializer):
    japanese = LocalGovernmentSerializer(many=True)
    partner = PartnerSerializer()
    fields = serializers.ListField(child=serializers.ChoiceField(choices=Field.choices))

    class Meta:
        model = Affiliation
        fields = [
            "id", "japanese", "partner", "kind", "established_year", "established_on",
            "status", "ended_on", "fields", "notes_en", "notes_ja", "signed_by_both_heads",
            "exchange_in_several_fields", "budget_approved_by_assembly",
        ]  # fmt: skip


class AffiliationViewSet(PublicViewSet):
    """Sister-city affiliations, with the partner search's text search and filters."""

    serializer_class = AffiliationSerializer
    queryset = Affiliation.objects.public().order_by("established_year", "id")
    filter_form = SearchForm
    dataset = "sister-city-affiliations"
    filter_examples = {"q": "長崎", "prefecture": "420000", "country": "US", "decade": 1950}

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        form = self.filters()
        return form.results().public().order_by(*form.ordering())


class LocalGovernmentSearchForm(forms.Form):
    """The API's local-government list: the search's text box, prefecture and kind."""

    q = SearchForm.base_fields["q"]
    prefecture = SearchForm.base_fields["prefecture"]
    lg_kind = SearchForm.base_fields["lg_kind"]
    clean_q = SearchForm.clean_q

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


class LocalGovernmentViewSet(PublicViewSet):
    """Japan's 47 prefectures and 1,741 municipalities, keyed by JIS X 0402 code."""

    serializer_class = LocalGovernmentSerializer
    queryset = LocalGovernment.objects.order_by("code")
    lookup_field = "code"
    filter_form = LocalGovernmentSearchForm
    dataset = "local-governments"
    filter_examples = {"q": "ながさき", "prefecture": "420000", "lg_kind": "town"}

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        return self.filters().results()


# The other open data of the app, which reuses the serializers above.
from sistercities.api_exchange import (  # noqa: E402
    ExchangeEventViewSet,
    ExchangeProjectViewSet,
    PartnerRequestViewSet,
)

# Registered on the public API's router under /api/v1/ (clair_portal.api finds it).
ROUTES = [
    ("sister-cities", AffiliationViewSet, "affiliation"),
    ("local-governments", LocalGovernmentViewSet, "local-government"),
    ("partner-requests", PartnerRequestViewSet, "partner-request"),
    ("exchange-projects", ExchangeProjectViewSet, "exchange-project"),
    ("exchange-events", ExchangeEventViewSet, "exchange-event"),
]
