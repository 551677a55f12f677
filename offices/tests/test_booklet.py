"""CLAIR's offices are loaded exactly as the booklet gives them."""

import pytest

from clair_portal.templatetags.portal import phone_international, phone_national
from offices import reference_data as reference_data_module
from offices.models import Office

pytestmark = pytest.mark.django_db


def test_headquarters_and_seven_overseas_offices(reference_data):
    codes = list(Office.objects.values_list("code", "kind"))
    assert codes[0] == ("tokyo", "hq")
    assert sorted(code for code, kind in codes if kind == "overseas") == [
        "beijing",
        "london",
        "new-york",
        "paris",
        "seoul",
        "singapore",
        "sydney",
    ]


def test_london_as_printed_with_the_scanning_error_mended(reference_data):
    london = Office.objects.get(code="london")
    assert london.local_name == "Japan Local Government Centre (CLAIR, London)"
    assert london.address == "15 Whitehall, London SW1A 2DD, U.K."
    assert london.phone.as_e164 == "+442078398500"
    assert london.fax.as_e164 == "+442078398191"
    assert london.email == "mailbox@jlgc.org.uk"
    assert str(london.timezone) == "Europe/London"
    assert list(london.countries) == ["GB"]


def test_sydney_addresses_kept_as_printed(reference_data):
    sydney = Office.objects.get(code="sydney")
    assert sydney.email == "mailbox@ilgc.org.au"
    assert sydney.website == "http://www.ilgc.org.au"
    assert str(sydney.timezone) == "Australia/Sydney"


def test_beijing_has_no_website_and_new_york_has_no_invented_details(reference_data):
    assert Office.objects.get(code="beijing").website == ""
    ny = Office.objects.get(code="new-york")
    assert (ny.local_name, ny.address, ny.email, ny.website) == ("", "", "", "")
    assert not ny.phone and not ny.fax
    assert str(ny.timezone) == "America/New_York"


def test_headquarters_departments_numbers_in_both_forms(reference_data):
    hq = Office.objects.get(code="tokyo")
    assert (
        hq.address_en == "Sogo Hanzomon Building, 1-7 Kojimachi, Chiyoda-ku, Tokyo 102-0083, Japan"
    )
    assert "Exit 1 of Hanzomon Station" in hq.access_en
    departments = {d.name_en: d for d in hq.departments.all()}
    assert set(departments) == {
        "General Affairs",
        "International Exchange, Cooperation and Economic Relations",
        "Multiculturalism Promotion",
        "JET Programme Management",
    }
    general = departments["General Affairs"]
    assert general.phone.as_e164 == "+81352131730"
    # In Japan as printed; from abroad the 0 is dropped and 81 added (the booklet's rule).
    assert phone_national(general.phone) == "03-5213-1730"
    assert phone_international(general.phone) == "+81 3-5213-1730"
    assert phone_national(departments["JET Programme Management"].fax) == "03-5213-1743"
    assert hq.divisions.count() == 6


def test_overseas_numbers_shown_locally_and_internationally(reference_data):
    london = Office.objects.get(code="london")
    assert phone_international(london.phone) == "+44 20 7839 8500"
    assert phone_national(london.phone) == "020 7839 8500"


def test_reloading_keeps_what_hq_edited_in_the_admin(reference_data):
    Office.objects.filter(code="new-york").update(email="info@example.org", countries="US,CA")
    Office.objects.filter(code="london").update(email="new@jlgc.org.uk")
    outcomes = {o.label: o for o in reference_data_module.load()}
    assert not outcomes["offices"].changed
    ny = Office.objects.get(code="new-york")
    assert ny.email == "info@example.org"
    assert sorted(c.code for c in ny.countries) == ["CA", "US"]
    assert Office.objects.get(code="london").email == "new@jlgc.org.uk"


def test_reloading_refills_a_field_emptied_by_mistake(reference_data):
    Office.objects.filter(code="seoul").update(email="")
    offices = {o.label: o for o in reference_data_module.load()}["offices"]
    assert (offices.created, offices.updated) == (0, 1)
    assert Office.objects.get(code="seoul").email == "info@clair.or.kr"


def test_headquarters_web_address_as_the_booklet_prints_it(reference_data, client):
    hq = Office.objects.get(code="tokyo")
    assert hq.website == "http://www.clair.or.jp/e/index.html"
    body = client.get("/en/offices/").content.decode()
    assert 'href="http://www.clair.or.jp/e/index.html"' in body


def test_a_later_load_fills_the_web_address_but_keeps_one_hq_changed(reference_data):
    Office.objects.filter(code="tokyo").update(website="")
    reference_data_module.load()
    assert Office.objects.get(code="tokyo").website == "http://www.clair.or.jp/e/index.html"
    Office.objects.filter(code="tokyo").update(website="https://www.clair.or.jp/")
    reference_data_module.load()
    assert Office.objects.get(code="tokyo").website == "https://www.clair.or.jp/"
