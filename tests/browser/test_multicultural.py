"""Multicultural support in a browser: an association officer applies, HQ awards, the officer
sees the award; the library and HQ's pages in Japanese."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from multicultural import services
from multicultural.models import GrantApplication
from multicultural.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(reference_data):
    association = factories.association()
    officer = factories.officer("officer@niigata-ia.example.org", association=association)
    hq = User.objects.create_user(
        "hq@example.org", factories.PASSWORD, full_name="Hanako HQ", is_staff=True
    )
    hq.groups.add(Group.objects.get(name=roles.HQ_STAFF))
    programme = factories.programme()
    return {"officer": officer, "hq": hq, "programme": programme}


def test_an_association_officer_applies_hq_awards_and_the_officer_sees_the_award(visitor, people):
    page = visitor.page
    programme = people["programme"]
    start, end = factories.project_dates(programme)

    # The officer starts an application from their list.
    visitor.log_in(people["officer"])
    visitor.visit("/en/multicultural/grants/")
    page.get_by_role("link", name="Start an application").first.click()
    page.wait_for_load_state("load")
    visitor.check("application form")
    page.get_by_label("Project title").fill("Multilingual disaster seminar")
    page.get_by_label("Category").select_option(index=1)
    page.get_by_label("Project summary").fill("Five languages and easy Japanese.")
    page.get_by_label("Project starts").fill(start.isoformat())
    page.get_by_label("Project ends").fill(end.isoformat())
    # Over the association's cap first: the form says so and keeps what was typed.
    page.get_by_label("Requested amount (yen)").fill("3500000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    visitor.check("over the cap")
    assert "¥3,000,000" in page.locator(".field--error").inner_text()
    assert page.get_by_label("Project title").input_value() == "Multilingual disaster seminar"
    page.get_by_label("Requested amount (yen)").fill("1200000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    visitor.check("draft saved")
    assert page.locator(".mc-state").inner_text() == "Draft"
    page.get_by_role("link", name="Check your answers and submit").click()
    page.wait_for_load_state("load")
    visitor.check("check your answers")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit to CLAIR").click()
    visitor.check("submitted")
    assert page.locator(".mc-state").inner_text() == "Submitted"
    application = GrantApplication.objects.get()
    assert application.state == GrantApplication.State.SUBMITTED

    # HQ finds it in the review list, scores it and awards less than requested.
    visitor.log_in(people["hq"])
    visitor.visit("/en/multicultural/grants/review/")
    page.get_by_role("link", name="Multilingual disaster seminar").click()
    page.wait_for_load_state("load")
    visitor.check("hq application")
    page.get_by_label("Score").select_option("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Record review").click()
    visitor.check("reviewed")
    page.locator("#id_decision-outcome").select_option("award")
    page.get_by_label("Amount to award (yen)").fill("1000000")
    page.get_by_label("Comment to the applicant").fill(
        "A clear plan. Please report by the due date."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Record decision").click()
    visitor.check("awarded")
    application.refresh_from_db()
    assert application.awarded_amount == 1_000_000
    visitor.visit(f"/en/multicultural/grants/dashboard/?year={programme.fiscal_year}")
    assert page.locator(".mc-total-committed").inner_text() == "¥1,000,000"

    # The officer sees the award, the comment and when the report is due.
    visitor.log_in(people["officer"])
    visitor.visit(f"/en/multicultural/grants/applications/{application.pk}/")
    assert page.locator(".mc-state").inner_text() == "Awarded"
    assert page.locator(".mc-awarded").inner_text() == "¥1,000,000"
    assert "A clear plan" in page.locator("main").inner_text()
    assert page.locator(".mc-steps [aria-current=step]").inner_text().endswith("Awarded")
    visitor.visit("/en/inbox/")
    assert "Decision on your grant application" in page.locator("main").inner_text()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WORDS = {
    "en": {
        "check": "Check your answers and submit",
        "budget": "Budget",
        "not attached": "Not attached yet",
        "file": "File",
        "attach": "Attach file",
        "submit": "Submit to CLAIR",
    },
    "ja": {
        "check": "申請内容を確認して提出する",
        "budget": "収支予算書",
        "not attached": "未添付",
        "file": "ファイル",
        "attach": "ファイルを添付",
        "submit": "クレアに提出",
    },
}


@pytest.mark.parametrize("language", ["en", "ja"])
def test_an_officer_checks_the_answers_attaches_what_is_missing_and_submits(
    visitor, people, language
):
    """The check page names the missing budget and offers no button; the link to attach
    it chooses it in the upload form; once attached, the application is submitted."""
    page = visitor.page
    words = WORDS[language]
    programme = people["programme"]
    plan = factories.required(programme, "Project plan", "事業計画書", position=1)
    factories.required(programme, "Budget", "収支予算書", position=2)
    application = factories.draft(people["officer"], programme)
    factories.attach(people["officer"], application, plan)

    visitor.log_in(people["officer"], language)
    visitor.visit(f"/{language}/multicultural/grants/applications/{application.pk}/")
    page.get_by_role("link", name=words["check"]).click()
    page.wait_for_load_state("load")
    visitor.check(f"{language} check page, budget missing")
    missing = page.locator(".mc-check--missing")
    assert missing.count() == 1
    assert words["budget"] in missing.inner_text()
    assert words["not attached"] in missing.inner_text()
    assert page.get_by_role("button", name=words["submit"]).count() == 0

    missing.get_by_role("link").click()
    page.wait_for_load_state("load")
    visitor.check(f"{language} attach the budget")
    assert page.get_by_label(words["budget"], exact=True).is_checked()
    page.get_by_label(words["file"], exact=True).set_input_files(
        files=[{"name": "budget.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name=words["attach"]).click()
    visitor.check(f"{language} budget attached")

    page.get_by_role("link", name=words["check"]).click()
    page.wait_for_load_state("load")
    visitor.check(f"{language} check page, nothing missing")
    assert page.locator(".mc-check--missing").count() == 0
    assert "budget.pdf" in page.locator(".mc-checklist").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name=words["submit"]).click()
    visitor.check(f"{language} submitted")
    application.refresh_from_db()
    assert application.state == GrantApplication.State.SUBMITTED
    assert page.url.endswith(f"/{language}/multicultural/grants/applications/{application.pk}/")


def test_library_and_hq_pages_in_japanese(visitor, people):
    doc = factories.document()
    factories.version(doc, "ja", date(2026, 4, 1), body="ごみは決められた日に出してください。")
    factories.version(doc, "pt", date(2026, 4, 2), body="Texto de exemplo.")
    factories.version(doc, "ja", date(2026, 5, 1), body="収集日が変わりました。")
    application = factories.submitted(people["officer"], people["programme"])
    services.decide(people["hq"], application.pk, award=True, amount=800_000)

    page = visitor.page
    visitor.visit("/ja/multicultural/")
    visitor.visit("/ja/multicultural/library/?language=pt")
    assert page.locator(".mc-flag--stale").count() == 1
    page.locator(".mc-document a").first.click()
    page.wait_for_load_state("load")
    visitor.check("ja library version")
    assert page.locator("article").get_attribute("lang") == "pt"
    assert "2026年5月1日" in page.locator(".mc-flag--stale").inner_text()

    visitor.log_in(people["hq"], "ja")
    visitor.visit("/ja/multicultural/library/coverage/")
    cell = page.locator('td[data-topic="garbage-disposal"][data-language="pt"]')
    assert "要更新 1件" in cell.inner_text()
    visitor.visit(f"/ja/multicultural/grants/dashboard/?year={people['programme'].fiscal_year}")
    assert page.locator(".mc-total-committed").inner_text() == "¥800,000"
    visitor.visit(f"/ja/multicultural/grants/applications/{application.pk}/")


def test_the_library_in_a_community_language_offers_easy_japanese_where_it_has_nothing(
    visitor, people
):
    garbage = factories.document()
    factories.version(garbage, "ja", date(2026, 4, 1), body="ごみは決められた日に出してください。")
    factories.version(
        garbage, "ja-easy", date(2026, 4, 1), body="ごみは きめられた ひに だします。"
    )
    insurance = factories.document("health-insurance", "Joining health insurance")
    factories.version(insurance, "ko", date(2026, 4, 1), body="건강보험에 가입하세요.")

    page = visitor.page
    visitor.visit("/ko/multicultural/library/")
    assert page.locator("#id_language").input_value() == "ko"
    assert "건강보험" in page.locator(".mc-documents").first.inner_text()
    missing = page.locator(".mc-missing")
    assert "쓰레기 배출 방법" in missing.inner_text()
    missing.locator(".mc-document a").first.click()
    page.wait_for_load_state("load")
    visitor.check("ko library easy Japanese version")
    assert page.locator("article").get_attribute("lang") == "ja"
