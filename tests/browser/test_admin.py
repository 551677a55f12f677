"""HQ works in the admin: its pages keep working under the portal's CSP and pass axe."""

import pytest

from clair_portal.accounts import roles
from conftest import PASSWORD, make_user
from offices.models import Office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hq(reference_data):
    return make_user("hq.browser@example.org", role=roles.HQ_STAFF, is_staff=True)


def test_hq_logs_in_and_edits_an_office_in_both_languages(visitor, hq):
    visitor.visit("/admin/login/?next=/admin/")
    page = visitor.page
    page.locator("#id_username").fill(hq.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    visitor.check("admin index")
    assert page.url.endswith("/admin/")

    new_york = Office.objects.get(code="new-york")
    visitor.visit(f"/admin/offices/office/{new_york.pk}/change/", label="admin office change")
    # Both languages of each translated field are on the form, labelled.
    assert page.locator("#id_name_en").input_value() == "New York Office"
    assert page.locator("#id_name_ja").input_value() == "ニューヨーク事務所"
    page.locator("#id_email").fill("info@example.org")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    visitor.check("admin office saved")
    new_york.refresh_from_db()
    assert new_york.email == "info@example.org"


def test_hq_searches_local_governments_in_the_admin(visitor, hq):
    visitor.visit("/admin/login/?next=/admin/reference/localgovernment/")
    page = visitor.page
    page.locator("#id_username").fill(hq.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    visitor.visit("/admin/reference/localgovernment/?q=長崎", label="admin search")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() >= 2  # the prefecture and the city at least
    assert "長崎市" in page.locator("#result_list").inner_text()
