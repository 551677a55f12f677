"""The portal's URLs plus views that fail on purpose, for the error-page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, connection
from django.urls import path

from clair_portal.urls import handler500  # noqa: F401  (the portal's own 500/503 view)
from clair_portal.urls import urlpatterns as portal_urlpatterns


def fails(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    raise RuntimeError("secret-internal-detail SELECT password FROM accounts_user")


def database_down(request):
    raise OperationalError("secret-internal-detail: connection to server failed")


def suspicious(request):
    raise SuspiciousOperation("secret-internal-detail")


def forbidden(request):
    raise PermissionDenied("secret-internal-detail")


urlpatterns = [
    *portal_urlpatterns,
    *i18n_patterns(
        path("test-errors/500/", fails),
        path("test-errors/503/", database_down),
        path("test-errors/400/", suspicious),
        path("test-errors/403/", forbidden),
        prefix_default_language=True,
    ),
]
