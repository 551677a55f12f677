"""The ``sitemaps`` hook: the office directory and how to contact CLAIR."""

from clair_portal.site import PublicPages

SITEMAPS = {"offices": PublicPages(["offices:directory", "offices:contact"])}
