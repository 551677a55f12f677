"""No page shows an IANA zone id, a bare UTC offset or an ISO date, in either language.

Every page of the access inventory is opened by every role that may open it, in
English and in Japanese, with the objects the inventory makes (a filed report with its
deadline, a placement, an application...). The browser tests scan every page they visit
the same way (tests/browser/conftest.py).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from clair_portal.languages import COMMUNITY_LANGUAGES
from clair_portal.testing.access import ROLES
from clair_portal.testing.readable import read_text, unreadable
from tests.test_access_inventory import MATRIX, PUBLIC, world  # noqa: F401 (world: a fixture)

LANGUAGES = ["en", "ja"]


def pages(world_ids):
    """(url name, url in each language, roles that open it) for every page a GET shows."""
    for name, row in sorted(MATRIX.items()):
        if row.method != "get" or row.data:
            continue
        roles = [role for role in ROLES if row.outcomes[role] == 200]
        if roles:
            kwargs = {k: v.format(**world_ids) for k, v in row.kwargs.items()}
            yield name, kwargs, roles
    for name in sorted(PUBLIC):
        if name.startswith("api:"):
            continue
        try:
            reverse(name)
        except Exception:  # a public page of one object: the browser tests open those
            continue
        yield name, {}, ["anonymous"]


def test_no_page_shows_zone_ids_offsets_or_iso_dates(client, cast, world):  # noqa: F811
    failures, opened = [], 0
    for name, kwargs, roles in pages(world):
        for language in LANGUAGES:
            with translation.override(language):
                url = reverse(name, kwargs=kwargs)
            for role in roles:
                client.logout()
                if cast.by_role(role) is not None:
                    client.force_login(cast.by_role(role))
                response = client.get(url, headers={"accept-language": language})
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                opened += 1
                text = read_text(response.content.decode())
                failures += [f"{url} as {role}: {p}" for p in unreadable(text, language)]
    assert opened > 100, f"only {opened} pages were opened: the scan would prove little"
    assert failures == [], "\n".join(failures)


def test_no_public_page_shows_them_in_the_community_languages(client, world):  # noqa: F811
    """The public pages again, as the anonymous public reads them in each community
    language (Tagalog's are served once its catalogue exists)."""
    failures, opened = [], 0
    for name, kwargs, roles in pages(world):
        if "anonymous" not in roles:
            continue
        for language in COMMUNITY_LANGUAGES:
            with translation.override(language):
                url = reverse(name, kwargs=kwargs)
            response = client.get(url, headers={"accept-language": language})
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            opened += 1
            text = read_text(response.content.decode())
            failures += [f"{url}: {p}" for p in unreadable(text, language)]
    assert opened > 40, f"only {opened} pages were opened: the scan would prove little"
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(
    ("html", "language", "what"),
    [
        ("<p>Local time: 2026-12-03 12:56</p>", "en", "an ISO date"),
        ("<p>Europe/London</p>", "en", "an IANA zone id"),
        ("<td>Period 2026-01</td>", "en", "an ISO month"),
        ("<td>14:05 UTC+01:00</td>", "en", "a bare UTC offset"),
        ("<td>14:05 +08</td>", "en", "a bare UTC offset"),
        ("<td>14:05 GMT</td>", "ja", "a zone abbreviation"),
        ('<span title="Asia/Tokyo">日本時間</span>', "ja", "an IANA zone id"),
    ],
)
def test_the_scan_finds_what_readers_must_not_see(html, language, what):
    found = unreadable(read_text(html), language)
    assert found and found[0].startswith(what), found


def test_the_scan_leaves_machine_readable_dates_and_phone_numbers_alone():
    html = (
        '<time datetime="2026-12-03T05:05:00+00:00">2026年12月3日 14時05分（日本時間）</time>'
        '<a href="?period_start=2026-12-01">次へ</a><input type="date" value="2026-12-03">'
        "<p>03-5213-1730 / +81 3-5213-1730 / +44-20-7839-8500 / 33-1-40-20-09-74</p>"
        "<script>var d = '2026-12-03';</script><p>London time (GMT)</p>"
    )
    assert unreadable(read_text(html), "en") == []
