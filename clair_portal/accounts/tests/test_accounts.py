import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from clair_portal.accounts import roles
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


def test_hq_staff_may_manage_portal_records_in_the_admin():
    hq = Group.objects.get(name=roles.HQ_STAFF)
    codenames = set(hq.permissions.values_list("content_type__app_label", "codename"))
    assert ("offices", "change_office") in codenames
    assert ("reference", "view_localgovernment") in codenames
    office_staff = Group.objects.get(name=roles.OFFICE_STAFF)
    assert not office_staff.permissions.exists()


def test_email_is_unique_whatever_its_case():
    User.objects.create_user("Someone@Example.org", PASSWORD)
    assert User.objects.get().email == "someone@example.org"
    with pytest.raises(IntegrityError):
        User.objects.create(email="SOMEONE@example.org")


def test_login_with_email_in_any_case(client):
    User.objects.create_user("staff@example.org", PASSWORD)
    response = client.post(
        "/en/accounts/login/", {"username": "STAFF@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_failed_login_says_so_in_japanese(client):
    User.objects.create_user("staff@example.org", PASSWORD)
    response = client.post(
        "/ja/accounts/login/", {"username": "staff@example.org", "password": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "正しいメールアドレスとパスワードを入力してください" in html
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short7!", False),  # under 8 characters
        ("password1", False),  # a common password
        ("12345678901", False),  # entirely numeric
        ("correct horse battery staple", True),  # long passphrases, no composition rules
        ("kojimachi-1-7", True),
    ],
)
def test_password_rules_follow_owasp_asvs(password, accepted):
    user = User(email="new@example.org")
    if accepted:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)


def test_password_change_requires_login_and_changes_it(client):
    user = User.objects.create_user("staff@example.org", PASSWORD)
    assert client.get("/en/accounts/password/change/").status_code == 302
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


def test_password_reset_mail_in_the_users_language_and_link_works_once(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    # The e-mail is sent by a task after commit (test_password_reset.py), and its link
    # points at PORTAL_URL like every other e-mail, not at the request's host.
    settings.PORTAL_URL = "https://portal.example.org"
    user = User.objects.create_user("staff@example.org", PASSWORD, language="ja")
    with translation.override("ja"), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ja/accounts/password/reset/", {"email": "staff@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "CLAIRポータルのパスワード再設定"
    link = re.search(
        r"https://portal\.example\.org(/ja/accounts/password/reset/\S+/)", message.body
    ).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    response = client.post(
        form_url,
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")
    assert "このリンクは使用済み" in client.get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_reveals_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/sent/"
    assert mailoutbox == []


def test_logout_is_a_post(client):
    user = User.objects.create_user("staff@example.org", PASSWORD)
    client.force_login(user)
    assert client.get("/en/accounts/logout/").status_code == 405
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_account_page_saves_language_for_notifications(client):
    user = User.objects.create_user("staff@example.org", PASSWORD)
    client.force_login(user)
    response = client.post("/en/accounts/", {"full_name": "Kenji Ito", "language": "ja"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Kenji Ito", "ja")


@pytest.mark.parametrize(
    "path",
    [
        "/ja/accounts/login/",
        "/ja/accounts/password/reset/",
        "/ja/accounts/password/reset/sent/",
        "/ja/accounts/password/reset/complete/",
    ],
)
def test_public_account_pages_are_in_japanese(client, path):
    html = client.get(path).content.decode()
    assert '<html lang="ja">' in html
    assert "本文へスキップ" in html
    assert "Log in" not in html


def test_demo_account_pages_carry_the_demo_notice(client):
    user = User.objects.create_user("demo@example.org", PASSWORD, is_demo=True)
    client.force_login(user)
    assert "Demo data" in client.get("/en/accounts/").content.decode()
    client.force_login(User.objects.create_user("real@example.org", PASSWORD))
    assert "Demo data" not in client.get("/en/accounts/").content.decode()
