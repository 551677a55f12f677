"""The eight languages: which pages speak them, how a visitor lands in theirs and stays.

Public pages (every page an anonymous visitor can open, and the partner-seeking
requester's) speak the community languages too; staff pages speak English and
Japanese, and a signed-in user who picks another language is moved to the English page
and told so once (clair_portal/languages.py).
"""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from django.utils.translation import gettext

from clair_portal.languages import COMMUNITY_LANGUAGES, speaks_every_language
from tests.test_access_inventory import MATRIX, PUBLIC

pytestmark = pytest.mark.django_db

EIGHT = ["en", "ja", *COMMUNITY_LANGUAGES]
# A requester's draft is bound to their session: anyone else finds nothing there (404),
# but the pages are the requester's and speak their language.
REQUESTER_DRAFTS = {"sistercities:request_check", "sistercities:request_edit"}


def language_pages(patterns, namespace=None, prefixed=False):
    """(qualified name, view) of every URL pattern under the language prefix."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            under = prefixed or entry.pattern.__class__.__name__ == "LocalePrefixPattern"
            yield from language_pages(entry.url_patterns, inner, under)
        elif isinstance(entry, URLPattern) and prefixed and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry.callback


def test_every_page_an_anonymous_visitor_can_open_speaks_every_language():
    anonymous = set(PUBLIC) | {
        name for name, row in MATRIX.items() if row.outcomes["anonymous"] == 200
    }
    pages = dict(language_pages(get_resolver().url_patterns))
    assert len(pages) > 100
    marked = {name for name, view in pages.items() if speaks_every_language(view)}
    assert marked - REQUESTER_DRAFTS == anonymous & set(pages), (
        "a page an anonymous visitor opens must be marked in_every_language in its urls.py, "
        "and only those: staff pages stay in English and Japanese"
    )
    assert marked >= REQUESTER_DRAFTS


@pytest.mark.parametrize(
    ("accept", "lands_on"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.5", "/zh-hans/"),
        ("ko-KR,ko;q=0.9", "/ko/"),
        ("pt-BR,pt;q=0.8", "/pt-br/"),
        ("pt-PT", "/pt-br/"),
        ("es-MX,es;q=0.9", "/es/"),
        ("vi-VN,vi;q=0.9", "/vi/"),
        ("fil-PH,fil;q=0.9", "/tl/"),
        ("tl", "/tl/"),
        ("ja-JP", "/ja/"),
        ("de-DE,de;q=0.9", "/en/"),
    ],
)
def test_a_first_visit_goes_to_the_browsers_language(client, accept, lands_on):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == lands_on


def test_the_choice_is_remembered_and_keeps_the_visitor_on_the_same_page(client):
    response = client.post(
        "/i18n/setlang/",
        {"language": "vi", "next": "/ko/sister-cities/?q=%E9%95%B7%E5%B4%8E"},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 302
    assert response["Location"] == "/vi/sister-cities/?q=%E9%95%B7%E5%B4%8E"
    assert response.cookies["django_language"].value == "vi"
    # Back at the front door later, whatever the browser prefers.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/vi/"


def test_the_language_menu_names_each_language_in_its_own_script(client, reference_data):
    html = client.get("/tl/offices/").content.decode()
    menu = html[html.index('id="language-select"') : html.index("</select>")]
    for code, name in [
        ("en", "English"),
        ("ja", "日本語"),
        ("zh-hans", "简体中文"),
        ("ko", "한국어"),
        ("pt-br", "Português Brasileiro"),
        ("es", "español"),
        ("vi", "Tiếng Việt"),
        ("tl", "Tagalog"),
    ]:
        assert re.search(rf'<option value="{code}" lang="{code}"[^>]*>{name}</option>', menu), code
    assert '<option value="tl" lang="tl" selected>' in menu
    # The switcher sends the visitor back to this very page.
    assert '<input name="next" type="hidden" value="/tl/offices/">' in html


def test_public_pages_link_their_eight_languages_and_staff_pages_two(client, cast):
    html = client.get("/es/offices/").content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert set(links) == {*EIGHT, "x-default"}
    assert links["pt-br"] == "http://testserver/pt-br/offices/"
    assert links["x-default"] == "http://testserver/en/offices/"
    assert '<meta property="og:locale" content="es_ES">' in html
    client.force_login(cast.hq)
    html = client.get("/ja/jet/statistics/").content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert set(links) == {"en", "ja", "x-default"}


def test_a_staff_page_in_a_community_language_is_shown_in_english_and_says_so_once(client, cast):
    client.force_login(cast.hq)
    response = client.get("/ko/jet/statistics/?year=2026")
    assert response.status_code == 302
    assert response["Location"] == "/en/jet/statistics/?year=2026"
    told = [str(m) for m in get_messages(response.wsgi_request)]
    english = (
        "Pages for staff and for people in CLAIR's programmes are in English and Japanese "
        "only, so this page is shown in English."
    )
    with translation.override("ko"):
        korean = gettext(english)
    assert korean != english  # told in the language they chose
    assert told == [korean]
    page = client.get(response["Location"])
    assert page.status_code == 200 and '<html lang="en">' in page.content.decode()
    # Once a session: the next staff page in Korean moves without a word.
    again = client.get("/ko/offices/reports/")
    assert again["Location"] == "/en/offices/reports/"
    assert not list(get_messages(again.wsgi_request))
    # Public pages stay in the language chosen.
    public = client.get("/ko/offices/")
    assert public.status_code == 200 and '<html lang="ko">' in public.content.decode()


def test_an_anonymous_visitor_meets_the_log_in_page_in_their_language(client, reference_data):
    response = client.get("/vi/jet/")
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/accounts/login/")
    login = client.get(response["Location"])
    assert '<html lang="vi">' in login.content.decode()


def test_what_a_visitor_sends_later_is_in_english_or_japanese(client, reference_data):
    """E-mails and certificates are written in staff's languages: a community language
    records English for them."""
    from clair_portal.languages import staff_language

    with translation.override("ko"):
        assert staff_language() == "en"
    with translation.override("ja"):
        assert staff_language() == "ja"
