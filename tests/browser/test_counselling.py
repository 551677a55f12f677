"""Counselling in the browser: an urgent anonymous consultation, in English and in Japanese.

The participant opens it anonymously in English and sends it to CLAIR; Nagasaki's
PA cannot open it; the counsellor (Japanese interface) answers in Japanese; the
participant reads the answer.
"""

import pytest
from django.contrib.auth.models import Group

from clair_portal.accounts.roles import JET_PARTICIPANT
from conftest import make_user
from jet.models import Consultation
from jet.tests import factories
from jet.tests.counselling import NAGASAKI, advisor, counsellor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "ご連絡ありがとうございます。今すぐお電話します。安全な場所にいてください。"


def test_urgent_anonymous_consultation_answered_in_japanese(visitor, reference_data):
    user = make_user("alt.counselling@example.org", full_name="Robin Example")
    user.groups.add(Group.objects.get(name=JET_PARTICIPANT))
    participant = factories.participant(user=user, family_name="Example", given_name="Robin")
    factories.placement(participant, state="published")
    pa = advisor("pa.nagasaki@example.org", NAGASAKI)
    lead = counsellor("counsellor.ja@example.org", lead=True)
    lead.language = "ja"
    lead.save()
    page = visitor.page

    # The participant asks, in English, anonymously, urgently.
    visitor.log_in(user, "en")
    visitor.visit("/en/jet/counselling/", label="participant counselling en")
    with page.expect_navigation():
        page.get_by_role("link", name="Ask for help").click()
    visitor.check("new consultation en")
    page.locator("#id_topic").select_option("mental_health")
    page.locator("input[name=urgency][value=urgent]").check()
    page.locator("input[name=route][value=clair]").check()
    page.locator("#id_anonymous").check()
    page.locator("#id_body").fill("My colleague said she wants to hurt herself. What do I do?")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    visitor.check("consultation sent en")
    consultation = Consultation.objects.get()
    assert consultation.anonymous and consultation.is_urgent and consultation.route == "clair"
    assert "Your consultation has been sent." in page.locator("body").inner_text()

    # Nagasaki's PA: it was sent to CLAIR, so it does not exist for them.
    visitor.log_in(pa, "en")
    response = page.goto(f"/en/jet/counselling/{consultation.pk}/")
    assert response.status == 404
    visitor.visit("/en/jet/counselling/", label="pa counselling en")
    assert "My colleague" not in page.locator("main").inner_text()

    # The counsellor, in Japanese, sees an anonymous JET and answers.
    visitor.log_in(lead, "ja")
    visitor.visit("/ja/jet/counselling/", label="counsellor queue ja")
    main = page.locator("main").inner_text()
    assert "匿名のJET参加者" in main and "Robin" not in main and "Example" not in main
    with page.expect_navigation():
        page.locator(f"a[href='/ja/jet/counselling/{consultation.pk}/']").click()
    visitor.check("counsellor consultation ja")
    assert "My colleague said" in page.locator(".jet-thread").inner_text()
    page.locator("#id_body").fill(ANSWER)
    with page.expect_navigation():
        page.get_by_role("button", name="回答を送信する").click()
    visitor.check("counsellor answered ja")
    consultation.refresh_from_db()
    assert consultation.acknowledged_at is not None and consultation.assigned_to == lead

    # The participant reads the answer.
    visitor.log_in(user, "en")
    visitor.visit(f"/en/jet/counselling/{consultation.pk}/", label="participant reads answer en")
    assert ANSWER in page.locator(".jet-thread").inner_text()
