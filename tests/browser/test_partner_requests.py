"""A partner-seeking request in a browser: a local government abroad submits one and
confirms its address, HQ publishes it in Japanese, a visitor writes to it."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from conftest import PASSWORD
from sistercities.models import Inquiry, PartnerRequest
from sistercities.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hq(reference_data):
    user = User.objects.create_user(
        "hq@example.org", PASSWORD, full_name="Hanako HQ", is_staff=True, language="ja"
    )
    user.groups.add(Group.objects.get(name=roles.HQ_STAFF))
    return user


def test_submit_confirm_publish_and_write_to_a_request(visitor, hq, tmp_path):
    page = visitor.page
    image = tmp_path / "ballarat.png"
    image.write_bytes(factories.PNG)

    # A local government abroad describes itself.
    visitor.visit("/en/sister-cities/partners/new/")
    # Only the answer that applies is asked: the country once "outside Japan" is chosen.
    assert not page.get_by_label("Japanese local government", exact=True).is_visible()
    assert not page.get_by_label("Country", exact=True).is_visible()
    page.get_by_label("a local government outside Japan").check()
    assert not page.get_by_label("Japanese local government", exact=True).is_visible()
    page.get_by_label("Name of the local government").fill("City of Ballarat")
    # The country list is searchable: type part of the name, then choose it.
    country = page.locator("input.autocomplete__input#id_country")
    country.fill("Austral")
    page.get_by_role("option", name="Australia").click()
    # The countries wanted are checkboxes with a box that filters them.
    page.get_by_role("searchbox", name=re.compile("Filter the list")).fill("jap")
    page.get_by_label("Japan", exact=True).check()
    page.get_by_label("Population").fill("116000")
    page.get_by_label("tourism").first.check()
    page.get_by_label("education").check()
    page.get_by_label("What you expect from the exchange").fill("Student exchange.")
    page.get_by_label("Contact person").fill("Alex Contact")
    page.get_by_label("Contact e-mail").fill("contact@ballarat.example.org")
    page.get_by_label("Image 1").set_input_files(str(image))
    # A mistake first: the page says what is wrong and keeps what was typed.
    page.get_by_label("Contact e-mail").fill("contact at ballarat")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue to check your answers").click()
    visitor.check("submitted with a mistake")
    # The summary at the top names the mistake and takes the reader to the field.
    summary = page.locator(".error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    summary.get_by_role("link", name=re.compile("Enter a valid email address.")).click()
    assert page.get_by_label("Contact e-mail").evaluate("el => el === document.activeElement")
    assert page.get_by_label("Name of the local government").input_value() == "City of Ballarat"
    page.get_by_label("Contact e-mail").fill("contact@ballarat.example.org")
    page.get_by_label("Image 1").set_input_files(str(image))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue to check your answers").click()

    # Check your answers: nothing is sent yet; a wrong answer is changed in place.
    visitor.check("check your answers")
    assert not mail.outbox and PartnerRequest.objects.get().state == "draft"
    answers = " ".join(page.locator(".summary-list").all_inner_texts())
    assert "Australia" in answers and "116000" in answers
    assert "Japanese local government" not in answers  # not asked of a foreign side
    page.get_by_role("link", name="Change Population").click()
    page.wait_for_load_state("load")
    visitor.check("changing an answer")
    assert page.locator("#attached-images").is_visible()  # the image stays unless replaced
    page.get_by_label("Population").fill("117000")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue to check your answers").click()
    assert "117000" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my request").click()
    visitor.check("submitted")
    assert page.get_by_role("heading", name="Check your e-mail").is_visible()
    request = PartnerRequest.objects.get()
    assert request.state == "unconfirmed" and request.images.count() == 1
    assert request.country == "AU" and [c.code for c in request.desired_countries] == ["JP"]

    # The link in the e-mail, then the button on its page.
    [confirmation] = mail.outbox
    link = re.search(r"https?://\S+|/en/\S+", confirmation.body).group(0)
    visitor.visit(link[link.index("/en/") :])
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm my e-mail address").click()
    visitor.check("confirmed")
    request.refresh_from_db()
    assert request.state == "pending"
    # Not public until HQ publishes it.
    visitor.visit("/en/sister-cities/partners/")
    assert page.get_by_text("City of Ballarat").count() == 0

    # HQ (no office covers Australia in the cast) publishes it, in Japanese.
    visitor.log_in(hq, "ja")
    visitor.visit("/ja/sister-cities/partners/moderation/")
    page.get_by_role("link", name="City of Ballarat").click()
    page.wait_for_load_state("load")
    visitor.check("moderation detail in Japanese")
    assert page.get_by_text("contact@ballarat.example.org").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="12か月間掲載する").click()
    visitor.check("published")
    assert page.get_by_text("申込を12か月間掲載しました。").is_visible()

    # A visitor finds it and writes to it; the address stays hidden.
    page.context.clear_cookies()
    visitor.visit("/en/sister-cities/partners/?wants=JP")
    page.get_by_role("link", name="City of Ballarat").click()
    page.wait_for_load_state("load")
    visitor.check("public request page")
    assert page.get_by_text("contact@ballarat.example.org").count() == 0
    assert page.locator("img[alt='City of Ballarat, image 1']").evaluate(
        "img => img.complete && img.naturalWidth > 0"
    )
    page.get_by_label("Your name").fill("Hanako Sato")
    page.get_by_label("Your local government or organisation").fill("Kanazawa City")
    page.get_by_label("Your e-mail address").fill("sato@kanazawa.example.jp")
    page.get_by_label("Message").fill("We would like to talk about a student exchange.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the message").click()
    visitor.check("inquiry sent")
    assert page.get_by_text("Your message was sent.").is_visible()
    inquiry = Inquiry.objects.get()
    assert inquiry.forwarded_at is not None
    forwarded = mail.outbox[-1]
    assert forwarded.to == ["contact@ballarat.example.org"]
    assert forwarded.reply_to == ["sato@kanazawa.example.jp"]


def test_a_japanese_local_government_checks_its_request_in_japanese(visitor, reference_data):
    page = visitor.page
    visitor.visit("/ja/sister-cities/partners/new/", label="ja form")
    page.get_by_role("radio", name="日本の自治体").check()
    # The picker of local governments: type part of the name, then choose it.
    picker = page.locator("input.autocomplete__input#id_local_government")
    picker.fill("長崎市")
    page.get_by_role("option", name=re.compile("長崎市")).first.click()
    page.get_by_label("自治体名", exact=True).fill("長崎市")
    page.get_by_label("人口", exact=True).fill("400000")
    page.get_by_label("交流に期待すること").fill("青少年の交流を望みます。")
    page.get_by_label("担当者", exact=True).fill("長崎 花子")
    page.get_by_label("連絡先メールアドレス").fill("kokusai@nagasaki.example.jp")
    with page.expect_navigation():
        page.get_by_role("button", name="入力内容の確認へ進む").click()
    visitor.check("ja check your answers")
    assert page.get_by_role("heading", name="送信前に申込内容を確認してください").is_visible()
    answers = " ".join(page.locator(".summary-list").all_inner_texts())
    assert "長崎市" in answers and "400000" in answers
    assert "国" not in page.locator(".summary-list dt").all_inner_texts()  # not asked of Japan
    with page.expect_navigation():
        page.get_by_role("button", name="申込を送信する").click()
    visitor.check("ja sent")
    request = PartnerRequest.objects.get()
    assert request.state == "unconfirmed" and request.language == "ja"
    assert request.local_government_id == "422011"  # Nagasaki City


def test_projects_events_and_the_survey_in_japanese(visitor, hq):
    from datetime import timedelta

    from django.utils import timezone

    from sistercities.models import Affiliation, PartnershipSurvey

    affiliation = factories.affiliation("172014", factories.foreign("FR", "Nancy", "Grand Est"))
    project = factories.project(affiliation, images=1)
    factories.contact("172014")
    survey = PartnershipSurvey.objects.create(
        year=2026, closes_on=timezone.localdate() + timedelta(days=30)
    )
    from sistercities import surveys

    surveys.open_survey(survey, by=hq)
    # Kanazawa and Nagasaki City (the first affiliation, reference data) are invited.
    token = survey.invitations.get(local_government_id="172014").token
    page = visitor.page

    visitor.visit("/ja/sister-cities/projects/")
    page.get_by_role("link", name="合同ユースオーケストラ").click()
    page.wait_for_load_state("load")
    visitor.check("project page")
    assert page.get_by_text("両市の学生が毎夏ともに演奏します。").is_visible()
    visitor.visit(f"/ja/sister-cities/{affiliation.pk}/")
    assert page.get_by_role("link", name="この提携の優良交流事例").is_visible()

    visitor.visit("/ja/sister-cities/events/")
    page.get_by_role("link", name="2010年5月, 金沢市").click()
    page.wait_for_load_state("load")
    visitor.check("event page")
    assert page.get_by_text("クレア、金沢市").is_visible()

    # Kanazawa answers by its own link, without an account.
    visitor.visit(f"/ja/sister-cities/survey/{token}/")
    page.get_by_label("状況").select_option("dormant")
    page.get_by_label("今年度の交流活動").fill("オンラインで市民交流を続けました。")
    with page.expect_navigation():
        page.get_by_role("button", name="回答を保存する").click()
    visitor.check("survey answered")
    assert page.get_by_text("ご回答ありがとうございます。").is_visible()
    affiliation = Affiliation.objects.get(pk=affiliation.pk)
    assert affiliation.status == "dormant" and affiliation.surveyed_year == 2026

    visitor.log_in(hq, "ja")
    visitor.visit("/ja/sister-cities/surveys/")
    assert page.locator("#response-rate").inner_text() == "50% (1 / 2)"
    assert project.pk
