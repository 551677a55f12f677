"""The public, read-only API of CLAIR's offices (only what the directory shows)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from offices.models import Department, Office


@extend_schema_field(OpenApiTypes.STR)
class PhoneField(serializers.Field):
    """A phone number in E.164 (+81352131730), or null."""

    def to_representation(self, value):
        return value.as_e164 if value else None


class DepartmentSerializer(serializers.ModelSerializer):
    phone = PhoneField()
    fax = PhoneField()

    class Meta:
        model = Department
        fields = ["code", "name_en", "name_ja", "phone", "fax"]


class OfficeSerializer(serializers.ModelSerializer):
    phone = PhoneField()
    fax = PhoneField()
    country = serializers.CharField(source="country.code")
    countries = serializers.SerializerMethodField()
    timezone = serializers.CharField()
    departments = DepartmentSerializer(many=True)

    class Meta:
        model = Office
        fields = [
            "code", "kind", "name_en", "name_ja", "local_name_en", "local_name_ja",
            "city_en", "city_ja", "country", "address_en", "address_ja", "access_en",
            "access_ja", "timezone", "phone", "fax", "email", "website", "countries",
            "departments",
        ]  # fmt: skip

    def get_countries(self, office) -> list[str]:
        return [country.code for country in office.countries]


class OfficeViewSet(viewsets.ReadOnlyModelViewSet):
    """CLAIR's headquarters and overseas offices."""

    serializer_class = OfficeSerializer
    queryset = Office.objects.directory()
    lookup_field = "code"
    pagination_class = None


# Registered on the public API's router under /api/v1/ (clair_portal.api finds it).
ROUTES = [("offices", OfficeViewSet, "office")]
