from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter

from clair_portal import health, site, views
from clair_portal.converters import TokenConverter
from clair_portal.languages import in_every_language

# Before the includes below: the apps' URLs use <token:...>.
register_converter(TokenConverter, "token")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/setlang/", in_every_language(views.set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("favicon.ico", site.favicon, name="favicon"),
    path("robots.txt", site.robots_txt, name="robots_txt"),
    path("sitemap.xml", site.sitemap, name="sitemap"),
    path("api/docs/", site.api_docs, name="api_docs"),
    path("api/", include("clair_portal.api")),
]

urlpatterns += i18n_patterns(
    path("", in_every_language(views.home), name="home"),
    path("privacy/", in_every_language(site.privacy), name="privacy"),
    path("accessibility/", in_every_language(site.accessibility), name="accessibility"),
    path("accounts/", include("clair_portal.accounts.urls")),
    path("my-organisation/", include("clair_portal.organisations.urls")),
    path("offices/", include("offices.urls")),
    path("about/", include("offices.about_urls")),
    path("publications/", include("offices.publication_urls")),
    path("jet/", include("jet.urls")),
    path("sister-cities/", include("sistercities.urls")),
    path("jobs/", include("clair_portal.jobs.urls")),
    path("open-data/", include("clair_portal.opendata.urls")),
    path("inbox/", include("clair_portal.notifications.urls")),
    path("multicultural/", include("multicultural.urls")),
    path("cooperation/", include("cooperation.urls")),
    path("training/", include("training.urls")),
    prefix_default_language=True,
)

# A database that is down or frozen answers 503 with a translated page, not 500.
handler500 = "clair_portal.views.server_error"
