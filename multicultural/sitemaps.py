"""The ``sitemaps`` hook: multicultural support and the living-information library."""

from clair_portal.site import PublicPages

SITEMAPS = {
    "multicultural": PublicPages(
        ["multicultural:index", "multicultural:associations", "multicultural:library"]
    )
}
