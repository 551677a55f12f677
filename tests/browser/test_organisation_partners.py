"""A local government's sister-city work in a browser (issue 15): Nagasaki City's officer,
in Japanese, proposes that an affiliation's fields of exchange changed and HQ accepts it;
the officer makes a partner-seeking request from what the portal knows and sees it wait
for moderation."""

import pytest
from django.contrib.auth.models import Group

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.organisations.models import Organisation
from clair_portal.organisations.services import enrol
from conftest import PASSWORD
from sistercities import surveys
from sistercities.models import Affiliation, AffiliationProposal, PartnerRequest
from sistercities.reference_data import first_affiliation
from sistercities.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(reference_data):
    officer = User.objects.create_user(
        "kokusai@city.nagasaki.example.jp", PASSWORD, full_name="長崎 市子", language="ja"
    )
    enrol(officer, Organisation.objects.of_local_government("422011"), department="国際課")
    hq = User.objects.create_user(
        "hq@example.org", PASSWORD, full_name="Hanako HQ", is_staff=True, language="ja"
    )
    hq.groups.add(Group.objects.get(name=roles.HQ_STAFF))
    # Nagasaki City's Saint Paul affiliation is the real first one (reference data).
    st_paul = first_affiliation()
    Affiliation.objects.filter(pk=st_paul.pk).update(fields=["education", "culture"])
    st_paul.refresh_from_db()
    return {"officer": officer, "hq": hq, "st_paul": st_paul}


def test_the_officer_corrects_fields_hq_accepts_and_a_request_waits_for_moderation(visitor, people):
    page = visitor.page
    st_paul = people["st_paul"]

    # Nagasaki's officer, in Japanese, says the affiliation now also covers youth exchange.
    visitor.log_in(people["officer"], "ja")
    visitor.visit("/ja/my-organisation/")
    assert page.get_by_text("Saint Paul").first.is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="修正を申し出る").click()
    visitor.check("correction form")
    page.locator("input[name=fields][value=youth]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="本部に送る").click()
    visitor.check("correction sent")
    proposal = AffiliationProposal.objects.get()
    assert sorted(proposal.fields) == ["culture", "education", "youth"]
    st_paul.refresh_from_db()
    assert "youth" not in st_paul.fields  # nothing changes before HQ decides

    # HQ accepts it on its moderation list.
    visitor.log_in(people["hq"], "ja")
    visitor.visit("/ja/sister-cities/corrections/")
    page.locator("input[name=decision][value=accept]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="決定する").click()
    visitor.check("correction accepted")
    st_paul.refresh_from_db()
    proposal.refresh_from_db()
    assert proposal.state == "accepted" and sorted(st_paul.fields) == [
        "culture",
        "education",
        "youth",
    ]

    # The officer makes a partner-seeking request: what the portal knows is filled in.
    visitor.log_in(people["officer"], "ja")
    visitor.visit("/ja/my-organisation/")
    with page.expect_navigation():
        page.get_by_role("link", name="提携希望申込を作成する").first.click()
    visitor.check("new request, prefilled")
    assert page.locator("input[name=name]").input_value() == "長崎市"
    assert page.locator("input[name=region]").input_value() == "長崎県"
    assert page.locator("input[name=contact_email]").input_value() == people["officer"].email
    page.locator("input[name=population]").fill("400000")
    page.locator("input[name=fields][value=youth]").check()
    page.locator("textarea[name=expectations]").fill("港町どうしの青少年交流を希望します。")
    with page.expect_navigation():
        page.get_by_role("button", name="クレアに送る").click()
    visitor.check("request sent")
    request = PartnerRequest.objects.get()
    assert request.state == "pending" and request.local_government_id == "422011"
    assert page.get_by_text("審査待ち").first.is_visible()
    # The home lists it, waiting for moderation.
    visitor.visit("/ja/my-organisation/")
    assert page.get_by_role("link", name="長崎市").first.is_visible()


def test_a_prefecture_follows_its_municipalities_answers(visitor, people):
    """Nagasaki Prefecture's officer sees who has answered the survey, and filters."""
    page = visitor.page
    for n, code in enumerate(("423076", "423084")):
        factories.affiliation(code, partner=factories.foreign(name=f"Partner {n}"))
    for code in ("422011", "423076", "423084"):
        factories.contact(code)
    survey = factories.open_survey(people["hq"])
    surveys.submit_answers(survey.invitations.get(local_government_id="422011"), {})
    officer = User.objects.create_user(
        "kokusai@pref.nagasaki.example.jp", PASSWORD, full_name="長崎 県子", language="ja"
    )
    enrol(officer, Organisation.objects.of_local_government("420000"))
    visitor.log_in(officer, "ja")
    visitor.visit("/ja/my-organisation/")
    with page.expect_navigation():
        page.get_by_role("link", name="管内市区町村の回答状況（未回答団体への督促用）").click()
    visitor.check("municipalities' answers")
    assert page.get_by_text("依頼した3団体のうち1団体が回答済みです").is_visible()
    page.get_by_label("状況").select_option("not_yet")
    with page.expect_navigation():
        page.get_by_role("button", name="表示").click()
    visitor.check("not answered yet")
    assert page.get_by_text("survey@423076.example.jp").is_visible()
    assert page.get_by_role("cell", name="長崎市").count() == 0
