"""What every public website carries: favicon, robots.txt, sitemap.xml, the pages the
footer links to (privacy, accessibility) and the API's documentation for people.

The sitemap lists public pages in every language, each with its ``hreflang``
alternates. Apps add their public pages through the ``sitemaps`` hook:
``<app>/sitemaps.py`` with ``SITEMAPS = {"name": Sitemap subclass or instance}``
(``PublicPages(["offices:directory", ...])`` for pages without an object).
"""

import functools

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from clair_portal.hooks import app_modules

SITEMAP_CACHE = 60 * 60  # search engines read it a few times a day


class PublicPages(Sitemap):
    """Pages without an object (a list, a form, a page of text), in every language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def __init__(self, names: list[str]):
        self.names = names

    @property
    def languages(self):
        return [code for code, _name in settings.LANGUAGES]

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


def sitemaps() -> dict:
    found = {"portal": PublicPages(["home", "privacy", "accessibility"])}
    for module in app_modules("sitemaps"):
        found.update(getattr(module, "SITEMAPS", {}))
    return found


@require_safe
@cache_control(max_age=SITEMAP_CACHE, public=True)
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps=_sitemaps())


@functools.cache
def _sitemaps():
    return sitemaps()


@require_safe
@cache_control(max_age=SITEMAP_CACHE, public=True)
def robots_txt(request):
    """Public pages open to search engines; accounts, the admin and private pages not."""
    private = ["/admin/", "/api/", "/i18n/"]
    for code, _name in settings.LANGUAGES:
        private += [
            f"/{code}/accounts/",
            f"/{code}/inbox/",
            f"/{code}/jobs/",
            f"/{code}/offices/reports/",
        ]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in private), "Allow: /"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@functools.cache
def _favicon() -> bytes:
    with open(finders.find("portal/favicon.ico"), "rb") as icon:
        return icon.read()


@require_safe
@cache_control(max_age=60 * 60 * 24 * 7, public=True)
def favicon(request):
    """/favicon.ico, where browsers and feed readers look for it without being told."""
    return HttpResponse(_favicon(), content_type="image/vnd.microsoft.icon")


def privacy(request):
    return render(request, "pages/privacy.html")


def accessibility(request):
    return render(request, "pages/accessibility.html")


def api_docs(request):
    """The public API for people: Swagger UI (drf-spectacular-sidecar, pinned and served
    from our own static files, so the Content Security Policy needs no exception)."""
    return render(request, "pages/api_docs.html", {"schema_url": reverse("api:schema")})
