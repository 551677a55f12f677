"""A JET participant, in their browser: accepts the invitation, sees the placement, consents
after checking the answer, then changes it before the deadline."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from jet import services
from jet.models import Reappointment
from jet.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_participant_accepts_invitation_sees_placement_and_consents(
    visitor, reference_data, language
):
    participant = factories.participant(email=f"alt.{language}@example.org")
    placement = factories.placement(participant, state="published")
    Reappointment.objects.create(
        placement=placement, deadline=timezone.localdate() + timedelta(days=30)
    )
    factories.seminar()
    services.invite_participants([participant.pk])
    participant.refresh_from_db()
    participant.user.language = language
    participant.user.save()
    (message,) = [m for m in mail.outbox if participant.email in m.to]
    path = (
        re.search(r"/en/accounts/invitation/\S+", message.body)
        .group(0)
        .replace("/en/", f"/{language}/")
    )

    visitor.visit(path, label=f"invitation {language}")
    page = visitor.page
    page.locator("#id_new_password1").fill("a-long-new-pass-phrase")
    page.locator("#id_new_password2").fill("a-long-new-pass-phrase")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    visitor.check(f"placement {language}")
    assert page.url.endswith(f"/{language}/jet/")
    assert "Nagasaki Minami High School" in page.locator(".jet-placement").inner_text()
    assert "Suzuki Ichiro" in page.locator(".jet-placement").inner_text()

    page.locator("input[value=consent]").check()
    with page.expect_navigation():
        page.locator(".jet-reappointment button[type=submit]").click()
    visitor.check(f"check the answer {language}")  # nothing is recorded before confirming
    assert Reappointment.objects.get(placement=placement).participant_decision == "pending"
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    visitor.check(f"consented {language}")
    expected = "同意" if language == "ja" else "consented"
    assert page.locator("#participant-decision").inner_text().startswith(expected)
    assert Reappointment.objects.get(placement=placement).participant_decision == "consented"

    # Changed before the deadline: checked again, then recorded, the first answer kept.
    page.locator("input[value=decline]").check()
    with page.expect_navigation():
        page.locator(".jet-reappointment button[type=submit]").click()
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    visitor.check(f"changed to decline {language}")
    assert Reappointment.objects.get(placement=placement).participant_decision == "declined"
    assert page.locator(".jet-earlier-answers").count() == 1

    # The link worked once.
    visitor.page.context.clear_cookies()
    visitor.visit(path, label=f"used link {language}")
    assert page.locator("h1").inner_text() in {
        "This invitation link no longer works",
        "この招待リンクは無効です",
    }
