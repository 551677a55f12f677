"""What the public API's OpenAPI schema says beyond DRF's defaults, so it says all of it.

A client generated from ``/api/schema/`` must not break on the first real
answer. So every operation documents its error answers with their bodies (400
with the field errors for a list's bad filter, 404, 429 with ``Retry-After``),
its response headers (``ETag``, ``Last-Modified``, the ``RateLimit`` fields),
and a list's query parameters are read off the form that validates them: a
choice is an enum of its codes, a text its length, a number its range.
``tests/test_api_contract.py`` holds the API to this with a property-based tester.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

# Text the database can store: PostgreSQL refuses NUL, so the forms do too.
NO_NUL = "^[^\\x00]*$"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the request's language."))


FIELD_ERRORS = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "description": "Each refused query parameter with its messages.",
    },
    description=_("A query parameter was refused; the body names each with its messages."),
    examples=[
        OpenApiExample(
            "country",
            value={"country": ["Select a valid choice. XX is not one of the available choices."]},
        )
    ],
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description=_("No such object, or no such page of the list."),
    examples=[OpenApiExample("not found", value={"detail": "Not found."})],
)
THROTTLED = OpenApiResponse(
    ErrorSerializer,
    description=_("Too many requests from this client; wait the seconds in Retry-After."),
    examples=[
        OpenApiExample(
            "throttled",
            value={"detail": "Too many requests. Please wait 42 seconds and try again."},
        )
    ],
)

INTEGER = {"type": "integer", "minimum": 0}
HEADERS = [
    OpenApiParameter(
        "ETag",
        {"type": "string"},
        OpenApiParameter.HEADER,
        response=[200],
        required=True,
        description=_("The answer's version: send it back in If-None-Match to get 304."),
    ),
    OpenApiParameter(
        "Last-Modified",
        {"type": "string"},
        OpenApiParameter.HEADER,
        response=[200],
        description=_("When the dataset last changed (HTTP date): send it in If-Modified-Since."),
    ),
    *(
        OpenApiParameter(
            name,
            INTEGER,
            OpenApiParameter.HEADER,
            response=[200, 304, 400, 404, 429],
            description=text,
        )
        for name, text in [
            ("RateLimit-Limit", _("Requests a client may make in the window.")),
            ("RateLimit-Remaining", _("Requests left in the current window.")),
            ("RateLimit-Reset", _("Seconds until the window frees a request.")),
        ]
    ),
    OpenApiParameter(
        "Retry-After",
        {"type": "integer", "minimum": 1},
        OpenApiParameter.HEADER,
        response=[429],
        required=True,
        description=_("Seconds to wait before the next request."),
    ),
]


def form_parameters(form_class, examples: dict | None = None) -> list[OpenApiParameter]:
    """The query parameters a list takes, read off the form that validates them."""
    examples = examples or {}
    parameters = []
    for name, field in form_class.base_fields.items():
        description = field.label or name
        if field.help_text:
            description = format_lazy("{} ({})", field.label, field.help_text)
        example = examples.get(name)
        parameters.append(
            OpenApiParameter(
                name,
                _field_schema(field),
                OpenApiParameter.QUERY,
                description=description,
                examples=[OpenApiExample(str(example), value=example)] if example else (),
            )
        )
    return parameters


def _field_schema(field: forms.Field) -> dict:
    if isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        return schema
    if isinstance(field, forms.ChoiceField):
        options = getattr(field, "options", None)
        pairs = options() if options is not None else field.choices
        values = [value for value, _label in pairs if value not in ("", None)]
        if values and all(isinstance(v, int) for v in values):
            return {"type": "integer", "enum": values}
        return {"type": "string", "enum": [str(v) for v in values]}
    schema = {"type": "string", "pattern": NO_NUL}
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    return schema


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema with every answer of the portal's API documented."""

    def _filtered_list(self) -> bool:
        # Not _is_list_view(): that one asks get_response_serializers(), which asks this.
        return getattr(self.view, "action", None) == "list" and bool(
            getattr(self.view, "filter_form", None)
        )

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        form_class = getattr(self.view, "filter_form", None)
        if self._filtered_list() and form_class is not None:
            parameters += form_parameters(form_class, getattr(self.view, "filter_examples", None))
        return parameters + HEADERS

    def get_response_serializers(self):
        responses = super().get_response_serializers()
        if not isinstance(responses, dict):
            responses = {200: responses}
        responses.setdefault(404, NOT_FOUND)
        responses.setdefault(429, THROTTLED)
        if self._filtered_list():
            responses.setdefault(400, FIELD_ERRORS)
        return responses
