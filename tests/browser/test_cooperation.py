"""An office enters a dispatch request, HQ picks a ranked candidate, and the dispatch is recorded."""

import datetime

import pytest

from clair_portal.accounts import roles
from conftest import PASSWORD, make_user
from cooperation.models import Dispatch, DispatchRequest, LanguageLevel, Trainee
from cooperation.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(visitor, email, language="en"):
    page = visitor.page
    visitor.visit(f"/{language}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _log_out(visitor):
    visitor.page.locator(".account-menu summary").click()  # "My account" opens the menu
    with visitor.page.expect_navigation():
        visitor.page.locator("header form button.link-button").click()


@pytest.fixture
def people(reference_data):
    london = make_user("london.staff@example.org", role=roles.OFFICE_STAFF, office="london")
    hq = make_user("hq.staff@example.org", role=roles.HQ_STAFF, is_staff=True, full_name="HQ Staff")
    factories.foreign_government("Bristol", "GB")
    window = ((datetime.date(2027, 4, 1), datetime.date(2027, 8, 31)),)
    best = factories.specialist(
        "kenji@example.org", full_name="Kenji Watanabe", fields=("water-supply", "sewerage"),
        languages=(("en", LanguageLevel.FLUENT),), windows=window,
    )  # fmt: skip
    factories.specialist("aiko@example.org", full_name="Aiko Mori", fields=("tourism",),
                         languages=(("en", LanguageLevel.BASIC),))  # fmt: skip
    return london, hq, best


def test_office_enters_request_hq_selects_ranked_candidate_and_records_dispatch(visitor, people):
    london, hq, best = people
    page = visitor.page

    _log_in(visitor, london.email)
    visitor.visit("/en/cooperation/requests/new/")
    page.get_by_label("Requesting local government").select_option(label="Bristol (United Kingdom)")
    page.get_by_label("Water supply").check()
    page.get_by_label("Sewerage and wastewater treatment").check()
    page.get_by_label("Working language").select_option("en")
    page.get_by_label("From", exact=True).fill("2027-05-01")
    page.get_by_label("Until", exact=True).fill("2027-06-30")
    page.get_by_label("Description").fill("Advice on reducing leakage in the water network.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the request").click()
    visitor.check("request recorded by the office")
    assert "The dispatch request has been recorded." in page.locator(".messages").inner_text()
    request = DispatchRequest.objects.get()
    assert request.entered_by == london and request.country.code == "GB"
    # The office sees no ranking: choosing is HQ's.
    assert page.locator(".coop-candidates").count() == 0
    _log_out(visitor)

    _log_in(visitor, hq.email)
    visitor.visit(f"/en/cooperation/requests/{request.pk}/", label="ranked candidates")
    first = page.locator(".coop-candidate").first
    assert "Kenji Watanabe" in first.locator("h3").inner_text()
    reasons = first.locator(".coop-reasons li").all_inner_texts()
    assert reasons[0].startswith("Fields: 2 of 2 match")
    assert "Available for the whole period" in reasons
    with page.expect_navigation():
        first.get_by_role("button", name="Select Kenji Watanabe").click()
    visitor.check("candidate selected")
    dispatch = Dispatch.objects.get()
    assert dispatch.specialist == best and dispatch.state == "planned"

    page.get_by_label("State", exact=True).select_option("agreed")
    page.get_by_label("Agreement reference").fill("CLAIR-2027-001")
    page.get_by_label("Agreement signed on").fill("2027-03-20")
    page.get_by_label("Cost borne by CLAIR (yen)").fill("1200000")
    page.get_by_label("Cost borne by the host (yen)").fill("300000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the dispatch").click()
    visitor.check("dispatch recorded")
    assert "The dispatch has been saved." in page.locator(".messages").inner_text()
    dispatch.refresh_from_db()
    assert dispatch.state == "agreed" and dispatch.total_cost_yen == 1_500_000
    assert "¥1,500,000" in page.locator(".coop-facts").inner_text()

    visitor.visit(f"/ja/cooperation/dispatches/{dispatch.pk}/", label="dispatch in Japanese")
    assert "1,500,000円" in page.locator(".coop-facts").inner_text()


def test_a_specialist_updates_their_own_profile_in_japanese(visitor, reference_data):
    user = make_user("kenji@example.org", role=roles.SPECIALIST, language="ja")
    specialist = factories.specialist("kenji@example.org", user=user, full_name="Kenji Watanabe",
                                      languages=())  # fmt: skip
    page = visitor.page
    _log_in(visitor, user.email, language="ja")
    visitor.visit("/ja/cooperation/my-profile/", label="profile in Japanese")
    assert page.locator("h1").inner_text() == "専門家プロフィール"
    page.get_by_label("経験年数").fill("27")
    page.locator("#id_languages-0-language").select_option("fr")
    page.locator("#id_languages-0-level").select_option("3")
    page.locator("#id_availability-0-starts_on").fill("2027-04-01")
    page.locator("#id_availability-0-ends_on").fill("2027-03-01")  # before it starts
    with page.expect_navigation():
        page.get_by_role("button", name="プロフィールを保存").click()
    visitor.check("profile refused")
    assert "保存されませんでした" in page.locator(".messages").inner_text()
    page.locator("#id_availability-0-ends_on").fill("2027-09-30")
    with page.expect_navigation():
        page.get_by_role("button", name="プロフィールを保存").click()
    visitor.check("profile saved")
    assert "プロフィールを保存しました" in page.locator(".messages").inner_text()
    specialist.refresh_from_db()
    assert specialist.years_of_experience == 27
    assert [(x.language, x.level) for x in specialist.languages.all()] == [("fr", 3)]
    assert specialist.availability.get().ends_on == datetime.date(2027, 9, 30)


def test_hq_cooperation_staff_enter_the_demand_survey_and_a_trainee(visitor, reference_data):
    """Without the admin: a host offer, a nominated trainee, selection, host, passport."""
    coop = factories.cooperation_staff("coop.browser@example.org")  # password: PASSWORD
    page = visitor.page
    _log_in(visitor, coop.email)
    visitor.visit("/en/cooperation/lgotp/", label="programme years")
    page.get_by_label("Fiscal year").fill("2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Open the year").click()
    visitor.check("demand survey of a new year")
    with page.expect_navigation():
        page.get_by_role("link", name="Enter a host offer").click()
    visitor.check("host offer form")
    page.get_by_label("Host local government").select_option("422011")
    page.get_by_label("Field").select_option(label="Water supply")
    page.get_by_label("Trainees it can host").fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the offer").click()
    visitor.check("host offer saved")
    assert "The host offer has been saved." in page.locator(".messages").inner_text()
    assert "Water supply" in page.locator("table").inner_text()

    visitor.visit("/en/cooperation/trainees/new/?year=2026", label="trainee form")
    page.get_by_label("Full name").fill("Nguyen Thi Lan")
    page.get_by_label("Country").select_option("VN")
    page.get_by_label("Home organisation").fill("Da Nang People's Committee")
    page.get_by_label("Field").select_option(label="Water supply")
    page.get_by_label("Languages").select_option(["en", "vi"])
    with page.expect_navigation():
        page.get_by_role("button", name="Save the trainee").click()
    visitor.check("trainee entered")
    trainee = Trainee.objects.get()
    assert trainee.selection == "nominated" and trainee.programme.fiscal_year == 2026

    page.get_by_label("New selection state").select_option("selected")
    with page.expect_navigation():
        page.get_by_role("button", name="Change the selection").click()
    visitor.check("trainee selected")
    page.locator("main details summary").click()
    page.get_by_label("Host offer").select_option(index=1)
    page.get_by_label("At the host from").fill("2026-06-01")
    page.get_by_label("At the host until").fill("2027-01-31")
    page.get_by_label("Arrives in Japan on").fill("2026-04-20")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the host and timeline").click()
    visitor.check("host and timeline recorded")
    assert page.locator(".coop-timeline li").count() == 3

    with page.expect_navigation():
        page.get_by_role("link", name="Enter the passport and visa").click()
    page.get_by_label("Passport number").fill("C1234567")
    page.get_by_label("Passport issued by").select_option("VN")
    page.get_by_label("Passport expires on").fill("2031-05-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the passport and visa").click()
    visitor.check("passport saved")
    assert "C1234567" in page.locator(".coop-passport").inner_text()

    visitor.visit("/ja/cooperation/lgotp/2026/offers/", label="demand survey in Japanese")
    assert "受入意向調査" in page.locator("h1").inner_text()
    assert page.locator("tbody td").nth(3).inner_text() == "1"  # the place is taken
