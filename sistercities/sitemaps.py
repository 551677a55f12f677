"""The ``sitemaps`` hook: the partner search, its lists, and one page per public affiliation."""

from django.urls import reverse

from clair_portal.site import PublicPages
from sistercities.models import Affiliation


class AffiliationPages(PublicPages):
    changefreq = "monthly"
    limit = 5_000  # per sitemap page: each affiliation is listed once per language

    def __init__(self):
        super().__init__([])

    def items(self):
        return Affiliation.objects.public().order_by("pk").values_list("pk", flat=True)

    def location(self, item):
        return reverse("sistercities:detail", args=[item])


SITEMAPS = {
    "sister-cities": PublicPages(
        [
            "sistercities:search",
            "sistercities:gaps",
            "sistercities:request_list",
            "sistercities:request_submit",
            "sistercities:project_list",
            "sistercities:event_list",
        ]
    ),
    "affiliations": AffiliationPages(),
}
