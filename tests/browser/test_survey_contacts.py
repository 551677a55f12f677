"""HQ loads the survey contacts from a spreadsheet: the preview, the import and a refused
file, in Japanese, under the portal's CSP and axe."""

import pytest

from clair_portal.accounts import roles
from conftest import PASSWORD, make_user
from sistercities.models import PartnershipContact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD = (
    "jis_code,department,email,language\n"
    "422011,国際課,kokusai@422011.example.jp,ja\n"
    "172014,国際交流課,kokusai@172014.example.jp,en\n"
)


@pytest.fixture
def hq(reference_data):
    return make_user("hq.contacts@example.org", role=roles.HQ_STAFF, is_staff=True)


@pytest.fixture
def browser_locale():
    return "ja-JP"


def preview(page, text: str) -> None:
    page.locator("#id_import_file").set_input_files(
        {"name": "contacts.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}
    )
    with page.expect_navigation():
        page.locator("input[type=submit].default").click()


def test_hq_previews_imports_and_sees_a_refused_file_in_japanese(visitor, hq):
    PartnershipContact.objects.create(
        local_government_id="172014", department="国際課", email="kokusai@172014.example.jp"
    )
    visitor.visit("/admin/login/?next=/admin/sistercities/partnershipcontact/")
    page = visitor.page
    page.locator("#id_username").fill(hq.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    visitor.check("contacts list")
    with page.expect_navigation():
        page.get_by_role("link", name="インポート").click()
    visitor.check("contacts import form")
    assert "jis_code" in page.locator(".tabular-columns").inner_text()  # the columns, explained

    preview(page, GOOD)
    visitor.check("contacts import preview")
    totals = page.locator(".tabular-totals").inner_text()
    assert "このファイルにより、1件を追加し、1件を変更します。0件は変更しません。" in totals
    assert "長崎市" in page.locator("table.tabular-added").inner_text()
    assert "言語" in page.locator("table.tabular-changed").inner_text()
    assert PartnershipContact.objects.count() == 1

    with page.expect_navigation():
        page.locator("input[name=confirm]").click()
    visitor.check("contacts imported")
    assert page.url.endswith("/admin/sistercities/partnershipcontact/")
    assert PartnershipContact.objects.count() == 2
    assert PartnershipContact.objects.get(local_government_id="172014").language == "en"

    visitor.visit("/admin/sistercities/partnershipcontact/import/", label="contacts import again")
    preview(page, GOOD.replace("422011", "999999").replace(",ja\n", ",fr\n"))
    visitor.check("contacts import refused")
    assert "姉妹都市提携調査の送付先" in page.locator(".breadcrumbs").inner_text()
    errors = page.locator("table.tabular-errors").inner_text()
    assert "団体コード 999999 の自治体はありません。" in errors
    assert "「fr」は次のいずれでもありません：英語 (en), 日本語 (ja)。" in errors
    assert page.locator("input[name=confirm]").count() == 0
    assert PartnershipContact.objects.count() == 2
