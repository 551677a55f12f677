"""Public pages name partner countries as django-countries writes them in the
reader's language (its catalogues; Korean and Tagalog come from the portal's own)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "country"),
    [
        ("en", "United States of America"),
        ("ja", "アメリカ合衆国"),
        ("zh-hans", "美国"),
        ("pt-br", "Estados Unidos"),
        ("es", "Estados Unidos"),
        ("vi", "Hoa Kỳ"),
    ],
)
def test_the_search_and_the_affiliation_page_name_the_country_in_the_readers_language(
    client, world, language, country
):
    results = client.get(f"/{language}/sister-cities/", {"q": "nagasaki"}).content.decode()
    assert country in results
    page = client.get(f"/{language}/sister-cities/{world.nagasaki_st_paul.pk}/").content.decode()
    assert country in page
