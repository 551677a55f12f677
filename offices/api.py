"""The public, read-only API of CLAIR's offices (only what the directory shows)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clair_portal.api_fields import (
    CountryField,
    EmailOrNullField,
    PhoneField,
    UrlOrNullField,
    country_schema,
)
from clair_portal.api_views import PublicViewSet
from offices.models import Department, Office


class DepartmentSerializer(serializers.ModelSerializer):
    phone = PhoneField()
    fax = PhoneField()

    class Meta:
        model = Department
        fields = ["code", "name_en", "name_ja", "phone", "fax"]


class OfficeSerializer(serializers.ModelSerializer):
    phone = PhoneField()
    fax = PhoneField()
    email = EmailOrNullField()
    website = UrlOrNullField()
    country = CountryField()
    countries = serializers.SerializerMethodField()
    timezone = serializers.CharField(
        help_text="The office's time zone: its name in the IANA time zone database."
    )
    departments = DepartmentSerializer(many=True)

    class Meta:
        model = Office
        fields = [
            "code", "kind", "name_en", "name_ja", "local_name_en", "local_name_ja",
            "city_en", "city_ja", "country", "address_en", "address_ja", "access_en",
            "access_ja", "timezone", "phone", "fax", "email", "website", "countries",
            "departments",
        ]  # fmt: skip

    @extend_schema_field({"type": "array", "items": country_schema()})
    def get_countries(self, office) -> list[str]:
        return [country.code for country in office.countries]


class OfficeViewSet(PublicViewSet):
    """CLAIR's headquarters and overseas offices."""

    serializer_class = OfficeSerializer
    queryset = Office.objects.directory()
    lookup_field = "code"
    dataset = "offices"


# Registered on the public API's router under /api/v1/ (clair_portal.api finds it).
ROUTES = [("offices", OfficeViewSet, "office")]
