"""Error pages are translated and leak nothing, with DEBUG off (as pytest-django runs)."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

LEAKS = ["secret-internal-detail", "Traceback", "SELECT", "accounts_user", "File &quot;", "/work/"]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def assert_leaks_nothing(html: str):
    for leak in LEAKS:
        assert leak not in html


@pytest.mark.parametrize(
    ("path", "status", "english", "japanese"),
    [
        ("test-errors/500/", 500, "Something went wrong", "問題が発生しました"),
        (
            "test-errors/503/",
            503,
            "The portal is unavailable for the moment",
            "ただいまポータルをご利用いただけません",
        ),
        ("test-errors/400/", 400, "Bad request", "リクエストを処理できません"),
        ("test-errors/403/", 403, "Not allowed", "この操作は許可されていません"),
        ("no-such-page/", 404, "Page not found", "ページが見つかりません"),
    ],
)
def test_error_pages_are_translated_and_leak_nothing(
    anonymous, settings, path, status, english, japanese
):
    assert settings.DEBUG is False
    for language, title in [("en", english), ("ja", japanese)]:
        response = anonymous.get(f"/{language}/{path}")
        assert response.status_code == status
        html = response.content.decode()
        assert title in html
        assert f'<html lang="{language}">' in html
        assert_leaks_nothing(html)


def test_csrf_failure_page_is_translated(settings):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ja/accounts/login/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "フォームの有効期限が切れました" in response.content.decode()


def test_a_database_error_answers_503_with_retry_after(anonymous):
    response = anonymous.get("/en/test-errors/503/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Its database is not answering" in response.content.decode()
