"""The open-data catalogue as a visitor's browser shows it: accessible, no CSP violation."""

import pytest

from clair_portal.opendata.datasets import all_datasets
from clair_portal.opendata.tasks import rebuild_datasets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Open data and the API"), ("ja", "オープンデータとAPI")]
)
def test_the_catalogue_lists_every_dataset_and_downloads_its_csv(
    visitor, reference_data, language, heading
):
    rebuild_datasets()
    visitor.visit(f"/{language}/open-data/")
    page = visitor.page
    assert page.locator("h1").inner_text() == heading
    assert page.locator("section.dataset").count() == len(all_datasets())
    fields = page.locator("#offices details")
    fields.locator("summary").click()
    assert fields.locator("code", has_text="departments.phone").is_visible()
    visitor.check(f"open-data-{language}-fields")
    with page.expect_download() as download:
        page.locator("#offices a[href$='offices.csv']").click()
    path = download.value.path()
    with open(path, encoding="utf-8-sig") as f:
        assert f.readline().startswith("code,kind,name_en")
