"""Every demo role's journey, walked as that role would walk it: no dead ends.

Starting from home in English and in Japanese, the crawl follows every link a
page shows (header, home, page bodies) for three clicks and asks each address
once. Any answer other than 200 or a redirect to a page that answers 200 is a
dead end shown to someone who cannot use it. Downloads are asked for (their
status counts) but not read for further links; the admin is left to
``tests/test_admin_roles.py``, which walks it model by model.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from clair_portal.accounts.models import User

pytestmark = pytest.mark.django_db

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


def crawl(client: Client, start: str) -> tuple[dict[str, int], dict[str, str]]:
    """Status of every address reachable within DEPTH clicks, and where each was found."""
    seen_shapes = set()
    statuses: dict[str, int] = {}
    found_on: dict[str, str] = {start: "(start)"}
    queue = deque([(start, 0)])
    while queue:
        url, depth = queue.popleft()
        if shape(url) in seen_shapes:
            continue
        seen_shapes.add(shape(url))
        response = client.get(url, follow=True)
        statuses[url] = response.status_code
        content_type = response.headers.get("Content-Type", "")
        if (
            response.status_code != 200
            or depth >= DEPTH
            or not content_type.startswith("text/html")
            or urlsplit(response.request["PATH_INFO"]).path.startswith(NOT_FOLLOWED)
        ):
            continue
        for href in links_of(response.content.decode()):
            target = internal(href, url)
            if target and shape(target) not in seen_shapes:
                found_on.setdefault(target, url)
                queue.append((target, depth + 1))
    return statuses, found_on


DEMO_ROLES = [
    None,
    "admin@clair-demo.test",
    "hq@clair-demo.test",
    "london@clair-demo.test",
    "paris@clair-demo.test",
    "jet@clair-demo.test",
    "specialist@clair-demo.test",
    "officer@clair-demo.test",
    "association@clair-demo.test",
    "sendai@clair-demo.test",
    "nagasaki@clair-demo.test",
    "nagasaki-pref@clair-demo.test",
    "counsellor@clair-demo.test",
    "pa@clair-demo.test",
]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_link_a_role_is_shown_within_three_clicks_is_a_dead_end(
    reference_data, settings, language
):
    settings.DEBUG = True  # the demo data exists only with DEBUG on
    call_command("load_demo_data", verbosity=0)
    settings.DEBUG = False
    dead = []
    for number, email in enumerate(DEMO_ROLES, start=1):
        client = Client(REMOTE_ADDR=f"192.0.2.{number}")  # one person each, as the limits see them
        if email:
            client.force_login(User.objects.get(email=email))
        statuses, found_on = crawl(client, f"/{language}/")
        assert len(statuses) > 5, email  # the crawl went somewhere
        dead += [
            f"{email or 'anonymous'}: {status} {url} (linked from {found_on.get(url)})"
            for url, status in sorted(statuses.items())
            if status != 200
        ]
    assert dead == [], "dead ends:\n" + "\n".join(dead)
