"""The About page: what CLAIR is and does, in the booklet's facts, for anyone, in both languages."""

import pytest

from offices.models import Division, Office

pytestmark = pytest.mark.django_db


def test_the_page_holds_the_booklets_facts_in_english(client, reference_data):
    response = client.get("/en/about/")
    assert response.status_code == 200
    body = " ".join(response.content.decode().split())
    for fact in [
        "established in 1988",
        "cooperation of Japan's local governments",
        "Beijing, London, New York, Paris, Seoul, Singapore and Sydney",
        "Nagasaki and St Paul, Minnesota, USA",
        "1955",
        "The JET Programme begins",
        "over 52,000 from 54 countries",
        "Ministry of Home Affairs",
        "Administering the JET Programme",
        "Supporting regional international exchange associations",
        "1,364 people in 2010",
        "held every year since 1999",
    ]:
        assert fact in body, fact
    for division in Division.objects.filter(office__code="tokyo"):
        assert division.name_en in body
    for office in Office.objects.all():
        assert office.name_en in body


def test_the_page_is_in_japanese_under_ja(client, reference_data):
    body = client.get("/ja/about/").content.decode()
    assert "クレアについて" in body
    assert "1988年" in body and "長崎市" in body and "セントポール" in body
    assert "企画調査課" in body and "多文化共生課" in body
    assert "ロンドン事務所" in body
    assert "About CLAIR" not in body


def test_it_links_to_the_portals_sections_and_hqs_web_address(client, reference_data):
    body = client.get("/en/about/").content.decode()
    for path in [
        "/en/offices/",
        "/en/sister-cities/",
        "/en/sister-cities/partners/",
        "/en/sister-cities/projects/",
        "/en/sister-cities/events/",
        "/en/multicultural/",
        "/en/publications/",
    ]:
        assert f'href="{path}"' in body, path
    assert 'href="http://www.clair.or.jp/e/index.html"' in body
    # Sections a visitor cannot open are not offered to them.
    assert 'href="/en/jet/"' not in body and 'href="/en/cooperation/"' not in body


def test_each_visitor_is_offered_the_sections_they_may_open(client, cast, reference_data):
    from jet.tests import factories as jet_factories

    jet_factories.participant(user=cast.participant)
    client.force_login(cast.participant)
    assert 'href="/en/jet/"' in client.get("/en/about/").content.decode()
    client.force_login(cast.office_a)
    body = client.get("/en/about/").content.decode()
    assert 'href="/en/cooperation/"' in body and 'href="/en/jet/"' not in body


def test_the_web_address_is_the_office_datas(client, reference_data):
    Office.objects.filter(code="tokyo").update(website="https://www.clair.or.jp/")
    body = client.get("/en/about/").content.decode()
    assert 'href="https://www.clair.or.jp/"' in body


def test_the_page_reads_offices_and_divisions_once(
    client, reference_data, django_assert_max_num_queries
):
    # offices, divisions; the session and user are not read for an anonymous visitor
    with django_assert_max_num_queries(2):
        assert client.get("/en/about/").status_code == 200


@pytest.mark.parametrize("path", ["/en/", "/ja/", "/en/offices/"])
def test_the_footer_and_the_home_page_link_to_it(client, reference_data, path):
    language = path.split("/")[1]
    body = client.get(path).content.decode()
    assert f'href="/{language}/about/"' in body
