"""HQ makes an accepted London report a publication from the report's page; a visitor finds
it by searching in Japanese, reads it and downloads its file."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from offices import services
from offices.models import Office, OfficeMembership, Publication, ReportType
from offices.tests.reports.factories import pdf_upload
from tests.browser.test_office_reports import PASSWORD, PDF, click, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def accepted_report(reference_data):
    london = User.objects.create_user("emma.jones@example.org", PASSWORD, full_name="Emma Jones")
    london.groups.add(Group.objects.get(name=roles.OFFICE_STAFF))
    OfficeMembership.objects.create(user=london, office=Office.objects.get(code="london"))
    hq = User.objects.create_user(
        "kenji.sato@example.org", PASSWORD, full_name="Kenji Sato", is_staff=True, language="ja"
    )
    hq.groups.add(Group.objects.get(name=roles.HQ_STAFF))
    report_type = ReportType.objects.get(code="quarterly-research")
    report = services.create_report(london, report_type, date(2025, 10, 1))
    services.save_draft(
        london,
        report.pk,
        title="英国の地方議会改革に関する調査",
        body="英国の地方議会改革の動向を調査しました。\n\n詳細は添付資料のとおりです。",
        language="ja",
    )
    services.add_attachment(london, report.pk, pdf_upload("chousa.pdf"))
    services.submit_report(london, report.pk)
    services.accept_report(hq, report.pk)
    return {"report": report, "hq": hq}


def test_hq_publishes_an_accepted_report_and_a_visitor_finds_it_in_japanese(
    visitor, accepted_report
):
    page = visitor.page
    report = accepted_report["report"]
    visitor.log_in(accepted_report["hq"], "ja")
    visitor.visit(f"/ja/offices/reports/{report.pk}/", label="accepted report")
    click(visitor, page.get_by_role("link", name="この報告を公開する"), "publish form")
    page.get_by_label("シリーズ").select_option(label="海外の地方自治（海外事務所レポート）")
    page.get_by_label("地方行財政").check()
    assert page.get_by_label("chousa.pdf").is_checked()
    click(visitor, page.get_by_role("button", name="刊行物にする"), "published")
    assert "報告を刊行物として公開しました。" in page.locator(".messages").inner_text()
    publication = Publication.objects.get(source_report=report)
    assert publication.is_published and publication.office.code == "london"
    log_out(visitor)

    # A visitor, in Japanese, types the reading in kana.
    visitor.visit("/ja/publications/", label="publications")
    page.get_by_role("searchbox").fill("ちほうぎかい")
    click(visitor, page.get_by_role("button", name="検索", exact=True), "searched in kana")
    assert page.locator("#results-heading").inner_text() == "1件の刊行物"
    click(visitor, page.get_by_role("link", name="英国の地方議会改革に関する調査"), "detail")
    assert "ロンドン事務所" in page.locator(".pub-facts").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="chousa.pdf").click()
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == PDF


def test_the_about_page_and_the_publications_pass_the_page_checks(visitor, reference_data):
    for path in ["/en/about/", "/ja/about/", "/en/publications/"]:
        visitor.visit(path)
    assert visitor.page.locator("h1").inner_text() == "Publications"
