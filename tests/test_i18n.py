import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("browser", "page", "choice", "lands_on"),
    [
        ("ja", "/en/offices/", "ja", "/ja/offices/"),
        ("en", "/ja/offices/", "en", "/en/offices/"),
        ("ja", "/ja/accounts/login/", "en", "/en/accounts/login/"),
    ],
)
def test_language_switcher_lands_on_the_same_page(client, browser, page, choice, lands_on):
    response = client.post(
        "/i18n/setlang/",
        {"language": choice, "next": page},
        HTTP_ACCEPT_LANGUAGE=browser,
    )
    assert response.status_code == 302
    assert response["Location"] == lands_on
    assert response.cookies["django_language"].value == choice


def test_language_switcher_refuses_offsite_next(client):
    response = client.post(
        "/i18n/setlang/", {"language": "ja", "next": "https://evil.example/phish"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
