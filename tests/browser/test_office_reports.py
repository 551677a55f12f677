"""An office files a report with an attachment, HQ returns it, the office resubmits, HQ accepts."""

import pytest
from django.contrib.auth.models import Group

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from conftest import PASSWORD
from offices.models import Office, OfficeMembership, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(reference_data):
    london = User.objects.create_user("emma.jones@example.org", PASSWORD, full_name="Emma Jones")
    london.groups.add(Group.objects.get(name=roles.OFFICE_STAFF))
    OfficeMembership.objects.create(user=london, office=Office.objects.get(code="london"))
    hq = User.objects.create_user(
        "kenji.sato@example.org", PASSWORD, full_name="Kenji Sato", is_staff=True, language="ja"
    )
    hq.groups.add(Group.objects.get(name=roles.HQ_STAFF))
    return {"london": london, "hq": hq}


def log_out(visitor):
    visitor.page.locator(".account-menu summary").click()  # "My account" opens the menu
    with visitor.page.expect_navigation():
        visitor.page.locator(".site-header form button.link-button").click()


def click(visitor, locator, label):
    with visitor.page.expect_navigation():
        locator.click()
    visitor.check(label)


def test_file_return_resubmit_accept(visitor, people):
    page = visitor.page
    # London starts its January report from the dashboard's overdue list... or by hand.
    visitor.log_in(people["london"])
    visitor.visit("/en/offices/reports/", label="london dashboard")
    assert "Reports to HQ: London" in page.locator("h1").inner_text()
    click(visitor, page.get_by_role("link", name="Start a report"), "new report form")
    page.get_by_label("Report type").select_option(label="Monthly activity report")
    page.get_by_label("Period").fill("2026-01-15")  # not the first of a month: refused
    click(visitor, page.get_by_role("button", name="Create the draft"), "period refused")
    assert "starts on the first day of a month" in page.locator(".field--error").inner_text()
    page.get_by_label("Period").fill("2026-01-01")
    click(visitor, page.get_by_role("button", name="Create the draft"), "draft created")
    page.get_by_label("Title").fill("January activities")
    page.get_by_label("Report (optional)", exact=True).fill("Seminar with Leeds City Council.")
    page.get_by_label("Add an attachment").set_input_files(
        files=[{"name": "programme.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    click(visitor, page.get_by_role("button", name="Save and check before submitting"), "check")
    assert "Seminar with Leeds City Council." in page.locator(".summary-list").inner_text()
    click(visitor, page.get_by_role("button", name="Submit the report to HQ"), "submitted")
    assert page.locator(".report-summary .report-state").inner_text() == "submitted"
    assert page.get_by_role("link", name="programme.pdf").is_visible()
    log_out(visitor)

    # HQ, reading in Japanese, returns it with a comment.
    visitor.log_in(people["hq"], "ja")
    visitor.visit("/ja/offices/reports/review/", label="hq review list")
    click(visitor, page.get_by_role("link", name="2026年1月"), "hq report detail")
    page.get_by_label("事務所へのコメント").fill("参加者数を追記してください。")
    click(visitor, page.get_by_role("button", name="事務所に差戻し"), "returned")
    assert page.locator(".report-summary .report-state").inner_text() == "差戻し"
    log_out(visitor)

    # London sees the comment, adds the figure, resubmits.
    visitor.log_in(people["london"])
    report = Report.objects.get()
    visitor.visit(f"/en/offices/reports/{report.pk}/edit/", label="returned report edit")
    assert "参加者数を追記してください。" in page.locator(".review-comment").inner_text()
    page.get_by_label("Report (optional)", exact=True).fill(
        "Seminar with Leeds City Council: 40 people."
    )
    click(visitor, page.get_by_role("button", name="Save and check before submitting"), "recheck")
    click(visitor, page.get_by_role("button", name="Submit the report to HQ"), "resubmitted")
    log_out(visitor)

    # HQ accepts; the period is locked.
    visitor.log_in(people["hq"], "ja")
    visitor.visit(f"/ja/offices/reports/{report.pk}/", label="hq detail resubmitted")
    click(visitor, page.get_by_role("button", name="受理", exact=True), "accepted")
    assert page.locator(".report-summary .report-state").inner_text() == "受理済み"
    history = page.locator("ol.events").inner_text()
    for step in ["作成", "提出", "差戻し", "再提出", "受理"]:
        assert step in history, step
    visitor.visit("/ja/offices/reports/rate/", label="reporting rate")
    assert page.locator("svg[role=img]").count() == 1
    report.refresh_from_db()
    assert report.state == Report.State.ACCEPTED and report.submission_count == 2
    assert report.attachments.get().filename == "programme.pdf"
