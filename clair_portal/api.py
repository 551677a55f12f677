"""The public JSON API under /api/v1/ and its OpenAPI schema: public fields only.

Each app that publishes data has ``<app>/api.py`` with ``ROUTES``, a list of
``(prefix, viewset, basename)``; they are registered here in ``INSTALLED_APPS``
order, so the core names no app.
"""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from clair_portal.hooks import app_modules


def app_router() -> DefaultRouter:
    """A router with every app's ``api.ROUTES`` (this module, also found, has none)."""
    router = DefaultRouter()
    for module in app_modules("api"):
        for prefix, viewset, basename in getattr(module, "ROUTES", ()):
            router.register(prefix, viewset, basename=basename)
    return router


router = app_router()

app_name = "api"


def not_found(request, rest=""):
    """Any other address under /api/ answers 404 in JSON, as the schema says, not a page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^(?P<rest>.*)$", not_found, name="not-found"),
]


def exception_handler(exc, context):
    """DRF's handler, with the rate-limit message in the portal's own translated words."""
    from django.utils.translation import ngettext
    from rest_framework.exceptions import Throttled
    from rest_framework.views import exception_handler as drf_handler

    response = drf_handler(exc, context)
    if isinstance(exc, Throttled) and response is not None:
        wait = int(exc.wait or 1)
        response.data = {
            "detail": ngettext(
                "Too many requests. Please wait %(seconds)d second and try again.",
                "Too many requests. Please wait %(seconds)d seconds and try again.",
                wait,
            )
            % {"seconds": wait}
        }
    return response
