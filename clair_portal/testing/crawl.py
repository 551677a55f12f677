"""A crawl of the portal as one visitor: every address reachable within a few clicks.

Shared by the journeys test (no link a role is shown is a dead end) and the community
catalogues' test (every string a public page shows is translated). Each address is asked
once per path and query *shape*; downloads are asked for but not read for links.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client

DEPTH = 3
# Paths whose links are not followed further (the admin has its own walk) or not asked
# at all (leaving the portal, or changing state on a GET is impossible by design).
NOT_FOLLOWED = ("/admin/",)
NOT_ASKED = ("/static/", "/media/")
# One address per path and query *shape*: page 7 of a list says nothing page 2 did not.
PAGE_PARAMETERS = {"page"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair} - PAGE_PARAMETERS)
    return f"{parts.path}?{'&'.join(keys)}"


def internal(href: str, base: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme in ("mailto", "tel", "webcal") or (
        parts.netloc and parts.netloc != "testserver"
    ):
        return None
    if not href:
        return None
    if not parts.path.startswith("/"):
        return None  # relative links: the portal writes none
    if parts.path.startswith(NOT_ASKED):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(
    client: Client, start: str, depth: int = DEPTH, on_page=None, within: str = "/"
) -> tuple[dict[str, int], dict[str, str]]:
    """Status of every address reachable within ``depth`` clicks, and where each was found.

    ``on_page(url, response)`` is called for every page answered; only addresses under
    ``within`` are followed (one language's pages, say).
    """
    seen_shapes = set()
    statuses: dict[str, int] = {}
    found_on: dict[str, str] = {start: "(start)"}
    queue = deque([(start, 0)])
    while queue:
        url, level = queue.popleft()
        if shape(url) in seen_shapes:
            continue
        seen_shapes.add(shape(url))
        response = client.get(url, follow=True)
        statuses[url] = response.status_code
        if on_page is not None:
            on_page(url, response)
        content_type = response.headers.get("Content-Type", "")
        if (
            response.status_code != 200
            or level >= depth
            or not content_type.startswith("text/html")
            or urlsplit(response.request["PATH_INFO"]).path.startswith(NOT_FOLLOWED)
        ):
            continue
        for href in links_of(response.content.decode()):
            target = internal(href, url)
            if target and target.startswith(within) and shape(target) not in seen_shapes:
                found_on.setdefault(target, url)
                queue.append((target, level + 1))
    return statuses, found_on
