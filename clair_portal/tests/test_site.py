"""Public-site basics: favicon, robots.txt, sitemap.xml, hreflang and Open Graph in each
page's head, the footer's pages, and the API documentation."""

import re
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def test_favicon_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert "max-age" in response["Cache-Control"]


def test_robots_txt_opens_public_pages_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /ja/accounts/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_public_pages_in_every_language_with_alternates(client, cast):
    from sistercities.tests import factories

    affiliation = factories.affiliation("422011", factories.foreign())
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    locations = {
        u.findtext("s:loc", namespaces=SITEMAP_NS) for u in tree.findall("s:url", SITEMAP_NS)
    }
    for path in [
        "/en/",
        "/ja/",
        "/en/privacy/",
        "/ja/accessibility/",
        "/en/offices/",
        "/ja/offices/contact/",
        "/ja/sister-cities/",
        f"/ja/sister-cities/{affiliation.pk}/",
        "/en/multicultural/library/",
    ]:
        assert f"http://testserver{path}" in locations, path
    # Nothing private: no account, report or admin page.
    assert not [loc for loc in locations if re.search(r"/(accounts|admin|inbox|reports)/", loc)]
    first = tree.find("s:url", SITEMAP_NS)
    links = {link.get("hreflang"): link.get("href") for link in first.findall("x:link", SITEMAP_NS)}
    # Public pages speak the community languages too (clair_portal/languages.py).
    assert set(links) == {"en", "ja", "zh-hans", "ko", "pt-br", "es", "vi", "tl", "x-default"}
    assert links["ko"].startswith("http://testserver/ko/")


def test_every_page_head_names_its_other_languages_and_its_open_graph_card(client):
    html = client.get("/ja/offices/").content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/offices/">' in html
    assert '<link rel="alternate" hreflang="ja" href="http://testserver/ja/offices/">' in html
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/en/offices/">' in html
    )
    assert '<meta property="og:title" content="事務所一覧">' in html
    assert re.search(r'<meta property="og:description" content="[^"]+">', html)
    assert '<meta property="og:locale" content="ja_JP">' in html
    assert '<meta property="og:url" content="http://testserver/ja/offices/">' in html
    assert '<link rel="icon" href="/favicon.ico" sizes="any">' in html


def test_a_page_with_its_own_description_gives_it_to_link_previews(client):
    html = client.get("/en/privacy/").content.decode()
    description = (
        "What personal data the CLAIR Portal keeps, why, who can see it, and whom to ask about it."
    )
    assert f'<meta name="description" content="{description}">' in html
    assert f'<meta property="og:description" content="{description}">' in html


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_footer_links_to_contact_privacy_accessibility_and_api_docs(client, language):
    html = client.get(f"/{language}/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for href in [
        f"/{language}/offices/contact/",
        f"/{language}/privacy/",
        f"/{language}/accessibility/",
        "/api/docs/",
    ]:
        assert f'href="{href}"' in footer, href
        assert client.get(href, headers={"accept-language": language}).status_code == 200


def test_contact_gives_headquarters_address_and_numbers_from_the_booklet(
    client, django_assert_max_num_queries
):
    # offices, departments, divisions
    with django_assert_max_num_queries(3):
        html = client.get("/en/offices/contact/").content.decode()
    assert "Sogo Hanzomon Building, 1-7 Kojimachi, Chiyoda-ku, Tokyo 102-0083, Japan" in html
    for number in ["03-5213-1730", "03-5213-1731", "03-5213-1732", "03-5213-1733"]:
        assert number in html
    assert "+81 3-5213-1741" in html
    html = client.get("/ja/offices/contact/").content.decode()
    assert "東京都千代田区麹町1-7 相互半蔵門ビル" in html and "総務部" in html


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/en/privacy/", ["Draft for CLAIR to approve.", "Cookies"]),
        ("/ja/privacy/", ["クレアの承認前の案です。", "クッキー"]),
        ("/en/accessibility/", ["Draft for CLAIR to approve.", "JIS X 8341-3:2016"]),
        ("/ja/accessibility/", ["クレアの承認前の案です。", "JIS X 8341-3:2016"]),
    ],
)
def test_privacy_and_accessibility_pages_are_drafts_in_both_languages(client, path, words):
    html = client.get(path).content.decode()
    for word in words:
        assert word in html


def test_api_docs_serve_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-schema="/api/schema/?format=json"' in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html and " style=" not in html
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert any("sister-cities" in p for p in paths) and any("local-governments" in p for p in paths)
