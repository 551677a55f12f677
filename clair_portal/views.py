import sys

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views import defaults, i18n

from clair_portal.navigation import sections_for, tasks_for

# Errors that mean the database is down, unreachable, frozen or overloaded
# (clair_portal.db's deadlines raise OperationalError), not a bug in a page.
DATABASE_UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
RETRY_AFTER_SECONDS = 30


def home(request):
    """What needs the signed-in user first, then the sections they use; the public
    sections for visitors (clair_portal.navigation)."""
    sections = sections_for(request.user)
    return render(
        request,
        "home.html",
        {
            "tasks": tasks_for(request.user),
            "cards": [s for s in sections if s.place == "main"],
            "own_links": [s for s in sections if s.place == "account"],
        },
    )


def set_language(request):
    """Django's set_language, reading ``next`` in the language of its own URL prefix.

    Django resolves ``next`` in the request's language (cookie or
    Accept-Language), so a visitor whose browser prefers Japanese could not
    switch an /en/ page to /ja/.
    """
    next_url = request.POST.get("next", request.GET.get("next", ""))
    language = translation.get_language_from_path(next_url) or translation.get_language()
    with translation.override(language):
        return i18n.set_language(request)


def server_error(request):
    """``handler500``: a translated 503 when the database failed, else Django's 500 page.

    Rendered without the request's context processors: they read the database.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        body = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
