"""The offices' desk in a browser: Nagasaki City asks London to arrange meetings, checks
its answers and sends; London accepts, records a meeting and finishes; Nagasaki rates the
help. (A visitor finding a publication by searching in Japanese is test_publications.)"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.organisations.models import Organisation
from clair_portal.organisations.services import enrol
from conftest import PASSWORD
from offices.models import AssistanceRequest, Office, OfficeMembership
from tests.browser.test_office_reports import click, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(reference_data):
    officer = User.objects.create_user(
        "kokusai@city.nagasaki.example.jp", PASSWORD, full_name="長崎 花子", language="ja"
    )
    officer.groups.add(Group.objects.get(name=roles.ORGANISATION_OFFICER))
    enrol(officer, Organisation.objects.of_local_government("422011"), department="国際課")
    london = User.objects.create_user("emma.jones@example.org", PASSWORD, full_name="Emma Jones")
    london.groups.add(Group.objects.get(name=roles.OFFICE_STAFF))
    OfficeMembership.objects.create(user=london, office=Office.objects.get(code="london"))
    return {"officer": officer, "london": london}


def test_nagasaki_asks_london_which_arranges_a_meeting_and_is_rated(visitor, people):
    page = visitor.page
    start = timezone.localdate() + timedelta(days=60)

    # Nagasaki City, in Japanese, asks for meetings in London.
    visitor.log_in(people["officer"], "ja")
    visitor.visit("/ja/offices/requests/", label="officer requests")
    click(visitor, page.get_by_role("link", name="海外事務所に支援を依頼する"), "new request")
    page.get_by_label("面会・視察の調整").check()
    page.get_by_label("目的").fill("ロンドン市内の区役所の観光担当部署との面会を希望します。")
    country = page.locator("input.autocomplete__input#id_country")
    country.fill("イギ")
    page.get_by_role("option", name="イギリス", exact=True).click()
    page.get_by_label("都市").fill("London")
    page.get_by_label("開始日").fill(start.isoformat())
    page.get_by_label("終了日").fill((start + timedelta(days=3)).isoformat())
    page.get_by_label("訪問団の人数").fill("5")
    click(visitor, page.get_by_role("button", name="次へ進む"), "check your answers")
    assert "ロンドン事務所" in page.locator("#send-heading + p").inner_text()
    click(visitor, page.get_by_role("button", name="依頼を送付する"), "sent")
    assert "依頼をロンドン事務所に送りました。" in page.locator(".messages").inner_text()
    request = AssistanceRequest.objects.get()
    assert request.state == "submitted" and request.office.code == "london"
    log_out(visitor)

    # London finds it on its desk, accepts, records a meeting on its own clock, finishes.
    visitor.log_in(people["london"])
    visitor.visit("/en/offices/desk/", label="london desk")
    click(visitor, page.get_by_role("link", name=request.reference), "request on the desk")
    page.get_by_label("Message to the local government").fill("We will contact Westminster.")
    click(visitor, page.get_by_role("button", name="Accept", exact=True), "accepted")
    page.get_by_label("Counterpart").fill("Westminster City Council")
    page.get_by_label("Place", exact=True).fill("Westminster City Hall")
    page.get_by_label("Date", exact=True).fill((start + timedelta(days=1)).isoformat())
    page.get_by_label("Starts").fill("10:00")
    page.get_by_label("Ends").fill("11:30")
    click(visitor, page.get_by_role("button", name="Record the meeting"), "meeting recorded")
    meetings = page.locator(".desk-meetings").inner_text()
    assert "Westminster City Council" in meetings and "Japan time" in meetings
    page.get_by_label("Summary").fill("Met the tourism team; minutes to follow.")
    click(visitor, page.get_by_role("button", name="Finish and send the summary"), "completed")
    assert page.locator(".report-summary .desk-state").inner_text() == "completed"
    log_out(visitor)

    # Nagasaki reads the summary and rates the help.
    visitor.log_in(people["officer"], "ja")
    visitor.visit(f"/ja/offices/requests/{request.pk}/", label="officer reads the summary")
    assert "Met the tourism team" in page.locator("#summary-heading + div").inner_text()
    page.get_by_label("4 – 役に立った").check()
    click(visitor, page.get_by_role("button", name="評価を送る"), "rated")
    assert "自治体の評価は5段階で4です。" in page.locator(".desk-rating").inner_text()
    request.refresh_from_db()
    assert (request.state, request.rating, request.meetings.count()) == ("completed", 4, 1)
