"""Serializer fields whose schema says exactly what the API sends: codes, formats, nulls."""

from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def country_codes() -> list[str]:
    return [code for code, _name in countries]


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "pattern": r"^\+[1-9][0-9]{1,14}$",
        "description": "E.164, e.g. +81352131730; null when there is none.",
        "example": "+442078398500",
    }
)
class PhoneField(serializers.Field):
    """A phone number in E.164 (+81352131730), or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.as_e164 if value else None


def country_schema(*, nullable=False) -> dict:
    schema = {"type": "string", "enum": country_codes(), "example": "US"}
    if nullable:
        schema["nullable"] = True
    return schema


@extend_schema_field(country_schema())
class CountryField(serializers.CharField):
    """An ISO 3166-1 alpha-2 code (``US``), from a django-countries field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return getattr(value, "code", value) or None


@extend_schema_field(
    {"type": "string", "format": "email", "nullable": True, "example": "mailbox@jlgc.org.uk"}
)
class EmailOrNullField(serializers.CharField):
    """An e-mail address, or null where none is known (never an empty string)."""

    def to_representation(self, value):
        return value or None


@extend_schema_field(
    {"type": "string", "format": "uri", "nullable": True, "example": "http://www.jlgc.org.uk"}
)
class UrlOrNullField(serializers.CharField):
    """A web address, or null where none is known (never an empty string)."""

    def to_representation(self, value):
        return value or None
