"""The base of every public API endpoint: read-only, validated filters, headers tools rely on.

An app's viewset derives from :class:`PublicViewSet`, names the form that
validates its list's query parameters (``filter_form``) and calls
:meth:`PublicViewSet.filters` in ``get_queryset``. Every answer then carries:

- ``ETag`` (a hash of the body) and, where the viewset names its dataset,
  ``Last-Modified``; a conditional request that matches answers 304 with no body;
- the ``RateLimit-Limit``/``-Remaining``/``-Reset`` fields of the client's throttle
  (the IETF httpapi draft's names), counted by ``clair_portal.security.ratelimit``;
- ``Access-Control-Allow-Origin: *``, from django-cors-headers for ``/api/`` only.
"""

import hashlib

from django import forms
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from clair_portal.licence import with_licence_link

RATE_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


def validated(form_class, params):
    """The bound, valid form of ``params``, or a 400 naming each refused parameter.

    A choice given empty (``?country=``) is refused like any value not among its
    codes: the schema lists the codes, and an empty one is not one of them.
    """
    form = form_class(params)
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    for name, field in form.fields.items():
        if isinstance(field, forms.ChoiceField) and params.get(name) == "":
            errors.setdefault(name, [field.error_messages["invalid_choice"] % {"value": ""}])
    if errors:
        raise ValidationError(errors)
    return form


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only public endpoint with validated filters and conditional requests."""

    filter_form: type[forms.Form] | None = None
    filter_examples: dict | None = None  # an example value per parameter, for the schema
    dataset: str | None = None  # the open-data dataset it lists (clair_portal.opendata)

    def filters(self) -> forms.Form:
        return validated(self.filter_form, self.request.query_params)

    def last_modified(self):
        """When the data behind this answer last changed (an aware datetime), or None."""
        if self.dataset is None:
            return None
        from clair_portal.opendata.services import last_changed

        return last_changed(self.dataset)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = self._conditional(request, response)
        limit = getattr(request, "rate_limit", None)
        if limit is not None:
            for name, value in zip(RATE_HEADERS, limit, strict=True):
                response[name] = str(value)
        return with_licence_link(response)

    def _conditional(self, request, response):
        response.render()
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        patch_vary_headers(response, ["Accept-Language"])
        changed = self.last_modified()
        if changed is not None:
            response["Last-Modified"] = http_date(changed.timestamp())
        timestamp = int(changed.timestamp()) if changed is not None else None
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=timestamp, response=response
        )
