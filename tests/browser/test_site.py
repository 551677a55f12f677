"""The public-site pages in a browser: accessible, within the CSP, in both languages."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_draw_every_endpoint_under_the_csp(visitor, reference_data):
    visitor.visit("/api/docs/")
    page = visitor.page
    page.locator(".swagger-ui .opblock").first.wait_for()
    text = page.locator("#swagger-ui").inner_text()
    assert "/api/v1/sister-cities/" in text and "/api/v1/local-governments/" in text
    # Open the sister-city list: its parameters and an example answer are shown.
    page.locator(".opblock-summary-path", has_text="/api/v1/sister-cities/").first.click()
    page.locator(".opblock-body").first.wait_for()
    visitor.check("api docs with an endpoint open")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_footer_pages_read_well_in_both_languages(visitor, reference_data, language):
    visitor.visit(f"/{language}/")
    for name in ["offices/contact", "privacy", "accessibility"]:
        visitor.visit(f"/{language}/{name}/")
        assert visitor.page.locator(".site-footer a").count() >= 4
