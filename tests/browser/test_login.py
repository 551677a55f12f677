"""Logging in from a browser, in English and Japanese."""

import pytest

from clair_portal.accounts.models import User
from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "kenji.sato@example.org"


@pytest.fixture
def account(transactional_db):
    return User.objects.create_user(EMAIL, PASSWORD)


def _submit(visitor, email: str, password: str) -> None:
    page = visitor.page
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_wrong_password_keeps_the_visitor_on_the_form_with_an_error(visitor, account, language):
    visitor.visit(f"/{language}/accounts/login/")
    page = visitor.page
    assert page.locator("html").get_attribute("lang") == language
    _submit(visitor, EMAIL, "not-the-password")
    visitor.check(f"{language} login failed")
    assert page.url.endswith(f"/{language}/accounts/login/"), page.url
    error = page.get_by_role("alert")
    assert error.is_visible() and error.inner_text().strip()
    # The address typed is kept, the password is not.
    assert page.locator("input[name=username]").input_value() == EMAIL
    assert page.locator("input[name=password]").input_value() == ""
    assert page.locator("form button.link-button").count() == 0  # no "Log out"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_right_password_logs_the_visitor_in(visitor, account, language):
    visitor.visit(f"/{language}/accounts/login/")
    page = visitor.page
    _submit(visitor, EMAIL.upper(), PASSWORD)  # the address's case does not matter
    visitor.check(f"{language} logged in")
    assert page.url.endswith(f"/{language}/"), page.url
    assert page.locator("html").get_attribute("lang") == language
    menu = page.locator(".account-menu summary")  # "My account", a menu
    menu.click()
    assert page.locator(".site-header form button.link-button").is_visible()  # "Log out"
    assert page.locator(f'.account-menu a[href="/{language}/accounts/"]').is_visible()
    session = [c for c in page.context.cookies() if c["name"] == "sessionid"]
    assert session and session[0]["httpOnly"]
