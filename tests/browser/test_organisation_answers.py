"""Nagasaki's officer, signed in in Japanese, answers the city's side of a JET reappointment
and offers an LGOTP host place; HQ then sees the offer and who gave it (issue 15)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.organisations.models import Membership, Organisation
from conftest import PASSWORD, make_user
from cooperation.models import HostOffer, Programme
from cooperation.tests import factories as coop
from jet.models import ContractingOrganisation, Reappointment
from jet.tests import factories as jet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(visitor, email, language):
    page = visitor.page
    visitor.visit(f"/{language}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _log_out(visitor):
    visitor.page.locator(".account-menu summary").click()
    with visitor.page.expect_navigation():
        visitor.page.locator("header form button.link-button").click()


@pytest.fixture
def nagasaki(reference_data):
    officer = make_user(
        "nagasaki.browser@example.org",
        role=roles.ORGANISATION_OFFICER,
        full_name="長崎花子",
        language="ja",
    )
    Membership.objects.create(
        user=officer, organisation=Organisation.objects.of_local_government("422011")
    )
    hq = make_user("hq.browser@example.org", role=roles.HQ_STAFF, is_staff=True, language="en")
    board = jet.organisation(
        "422011-BOE",
        kind=ContractingOrganisation.Kind.BOARD_OF_EDUCATION,
        name_en="Nagasaki City Board of Education",
        name_ja="長崎市教育委員会",
    )
    today = timezone.localdate()
    year = today.year if today.month >= 8 else today.year - 1
    placement = jet.placement(
        jet.participant(given_name="Alex", family_name="Taylor"),
        state="published",
        year=year,
        org=board,
        contract_start=date(year, 8, 1),
        contract_end=date(year + 1, 7, 31),
    )
    reappointment = Reappointment.objects.create(
        placement=placement, deadline=today + timedelta(days=30)
    )
    programme = Programme.objects.create(
        fiscal_year=2030,
        survey_opens_on=today - timedelta(days=3),
        survey_closes_on=today + timedelta(days=30),
    )
    return officer, hq, reappointment, programme


def test_nagasaki_answers_the_reappointment_and_offers_a_host_place_hq_sees_it(visitor, nagasaki):
    officer, hq, reappointment, programme = nagasaki
    page = visitor.page
    _log_in(visitor, officer.email, "ja")
    visitor.visit("/ja/my-organisation/", label="home ja")
    assert "Alex Taylor" in page.locator("#jet").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="回答が必要な再任用").click()
    visitor.check("reappointments ja")
    with page.expect_navigation():
        page.locator(".org-jet-reappointments a").first.click()
    visitor.check("reappointment form ja")
    page.get_by_label("この参加者の再任用に同意します").check()
    with page.expect_navigation():
        page.get_by_role("button", name="団体として回答する").click()
    visitor.check("reappointment answered ja")
    assert "貴団体の回答を記録しました" in page.locator(".messages").inner_text()
    assert "長崎花子が回答" in page.locator(".org-jet-reappointments").inner_text()
    reappointment.refresh_from_db()
    assert reappointment.organisation_decision == Reappointment.Decision.CONSENTED
    assert reappointment.organisation_decided_by == officer

    visitor.visit("/ja/my-organisation/", label="home after the answer")
    with page.expect_navigation():
        page.get_by_role("link", name="回答が必要なLGOTP受入意向調査").click()
    visitor.check("host offers ja")
    with page.expect_navigation():
        page.get_by_role("link", name="LGOTP 2030年度の受入希望を登録").click()
    visitor.check("host offer form ja")
    page.get_by_label("分野").select_option(str(coop.field("tourism").pk))
    page.get_by_label("受入可能な研修員数").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="受入希望を送信").click()
    visitor.check("host offer sent ja")
    assert "受入希望を登録しました" in page.locator(".messages").inner_text()
    offer = HostOffer.objects.get(programme=programme)
    assert offer.capacity == 2 and offer.local_government_id == "422011"

    _log_out(visitor)
    _log_in(visitor, hq.email, "en")
    visitor.visit("/en/cooperation/lgotp/2030/offers/", label="demand survey seen by HQ")
    row = page.locator("tbody tr").first.inner_text()
    assert "Nagasaki" in row and "Tourism" in row
    assert "by the local government on the portal (長崎花子)" in row
