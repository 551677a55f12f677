"""Anyone may ask for an account for their organisation; HQ approves or declines with a reason."""

import pytest
from django.core import mail

from clair_portal.organisations import services
from clair_portal.organisations.models import AccountRequest, Membership, Organisation
from clair_portal.organisations.services import OrganisationError

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "佐世保 太郎",
    "email": "taro@sasebo.example.jp",
    "language": "ja",
    "local_government": "422029",
    "organisation_name": "",
    "department": "国際政策課",
    "message": "姉妹都市の調査に回答したいです。",
}


def _request(**changes) -> AccountRequest:
    return services.request_account(
        **{**FORM, "local_government_id": FORM["local_government"], **changes}
        | {"local_government": None}
    )


def test_the_public_form_records_a_request_for_hq(client, reference_data):
    page = client.get("/ja/my-organisation/request-account/")
    assert "アカウントの開設を申し込む" in page.content.decode()
    response = client.post("/ja/my-organisation/request-account/", FORM)
    assert response.status_code == 200
    assert "taro@sasebo.example.jp" in response.content.decode()
    request = AccountRequest.objects.get()
    assert request.state == "pending" and request.local_government_id == "422029"
    assert mail.outbox == []  # nothing is sent before HQ decides


def test_the_public_form_refuses_bad_input_and_keeps_it(client, reference_data):
    response = client.post(
        "/en/my-organisation/request-account/", {**FORM, "email": "not-an-address"}
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert "国際政策課" in response.content.decode()
    robot = client.post("/en/my-organisation/request-account/", {**FORM, "website": "x"})
    assert robot.status_code == 400
    assert not AccountRequest.objects.exists()


def test_hq_approves_and_the_requester_is_invited(cast, django_capture_on_commit_callbacks):
    request = _request()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_request(request.pk, by=cast.hq)
    request.refresh_from_db()
    assert request.state == "approved" and request.decided_by == cast.hq
    membership = request.membership
    assert membership.organisation.local_government_id == "422029"
    assert membership.department == "国際政策課" and membership.user.full_name == "佐世保 太郎"
    (message,) = mail.outbox
    assert "/ja/accounts/invitation/" in message.body
    with pytest.raises(OrganisationError, match="already been decided"):
        services.decline_request(request.pk, by=cast.hq, reason="late")


def test_a_school_is_approved_into_the_organisation_hq_chooses(
    cast, django_capture_on_commit_callbacks
):
    school = Organisation.objects.create(
        kind=Organisation.Kind.PRIVATE_SCHOOL,
        name_en="Nagasaki Demo Gakuen",
        name_ja="長崎デモ学園",
        area_id="422011",
    )
    request = _request(organisation_name="長崎デモ学園", local_government_id="422011")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_request(request.pk, by=cast.hq, organisation=school)
    assert Membership.objects.get(user__email=FORM["email"]).organisation == school


def test_hq_declines_with_a_reason_the_requester_reads_in_their_language(
    cast, django_capture_on_commit_callbacks
):
    request = _request()
    with pytest.raises(OrganisationError):
        services.decline_request(request.pk, by=cast.hq, reason="  ")
    with pytest.raises(OrganisationError):
        services.decline_request(request.pk, by=cast.org_a, reason="no")
    request.refresh_from_db()
    assert request.state == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_request(
            request.pk, by=cast.hq, reason="市の代表アドレスからお申し込みください。"
        )
    (message,) = mail.outbox
    assert message.subject == "CLAIRポータルのアカウント申込みについて"
    assert "市の代表アドレスからお申し込みください。" in message.body
    assert "/ja/my-organisation/request-account/" in message.body
    request.refresh_from_db()
    assert request.state == "declined" and request.decision_sent_at is not None
    assert not Membership.objects.filter(user__email=FORM["email"]).exists()


def test_hq_decides_in_the_admin_through_the_services(client, cast):
    request = _request()
    client.force_login(cast.hq)
    url = f"/admin/organisations/accountrequest/{request.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    # Declining without a reason is refused on the form and changes nothing.
    refused = client.post(url, {"decision": "decline", "decline_reason": "", "organisation": ""})
    assert refused.status_code == 200
    request.refresh_from_db()
    assert request.state == "pending"
    client.post(url, {"decision": "decline", "decline_reason": "重複した申込みです。"})
    request.refresh_from_db()
    assert request.state == "declined" and request.decline_reason == "重複した申込みです。"
    # A decided request is kept as decided.
    client.post(url, {"decline_reason": "changed", "organisation": ""})
    request.refresh_from_db()
    assert request.decline_reason == "重複した申込みです。"


def test_the_approve_action_approves_each_selected_request(client, cast):
    first = _request()
    second = _request(email="jiro@sasebo.example.jp")
    client.force_login(cast.hq)
    client.post(
        "/admin/organisations/accountrequest/",
        {"action": "approve", "_selected_action": [first.pk, second.pk]},
    )
    assert set(AccountRequest.objects.values_list("state", flat=True)) == {"approved"}
    assert Membership.objects.filter(organisation__local_government_id="422029").count() == 2
