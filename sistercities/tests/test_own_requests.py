"""A local government's own partner-seeking requests, signed in: made with what the portal
knows, no e-mail confirmation, edited after publication through moderation, renewed,
withdrawn, and its inquiries read; another organisation sees none of it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.http import Http404
from django.utils import timezone

from clair_portal.notifications.models import Notification
from sistercities import own_requests, partnering
from sistercities.models import Inquiry, PartnerRequest, RequestRevision
from sistercities.own_requests import OwnRequestError
from sistercities.tests import factories

pytestmark = pytest.mark.django_db

State = PartnerRequest.State


def text(**overrides) -> dict:
    return factories.own_text(**overrides)


def form(**overrides) -> dict:
    data = {k: v for k, v in text(**overrides).items() if v is not None}
    return data


def published(cast, **overrides) -> PartnerRequest:
    request = own_requests.create_request(cast.org_a, text(**overrides), submit=True)
    partnering.publish_request(request, by=cast.hq)
    request.refresh_from_db()
    return request


def snapshot(request: PartnerRequest):
    request.refresh_from_db()
    return (request.state, request.name, request.expectations, request.expires_at)


def test_the_new_request_form_is_filled_with_what_the_portal_knows(client, cast):
    factories.japanese_request("422011", population=409_000)  # published, by the public form
    client.force_login(cast.org_a)
    page = client.get("/ja/sister-cities/my-requests/new/").content.decode()
    assert 'value="長崎市"' in page and 'value="長崎県"' in page
    assert 'value="409000"' in page  # the population its published request gave
    assert 'value="nagasaki.officer@example.org"' in page and 'value="Nagasaki Officer"' in page
    client.force_login(cast.org_b)
    page = client.get("/en/sister-cities/my-requests/new/").content.decode()
    assert 'value="Sapporo City"' in page and 'value="Hokkaido"' in page
    assert 'name="population" min="0" id="id_population"' in page.replace(" required", "")


def test_a_draft_then_sent_needs_no_e_mail_and_reaches_the_moderators(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.org_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ja/sister-cities/my-requests/new/", {**form(), "draft": "1"})
    request = PartnerRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == (
        f"/ja/sister-cities/my-requests/{request.pk}/"
    )
    assert request.state == State.DRAFT and request.organisation == cast.org_a_organisation
    assert request.local_government_id == "422011" and request.country.code == "JP"
    assert request.created_by == cast.org_a and request.language == "ja"
    assert mail.outbox == []  # no confirmation link: the request is the organisation's
    assert not PartnerRequest.objects.for_moderator(cast.hq).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ja/sister-cities/my-requests/{request.pk}/send/")
    request.refresh_from_db()
    assert request.state == State.PENDING and request.confirmed_at is not None
    assert PartnerRequest.objects.for_moderator(cast.hq).filter(pk=request.pk).exists()
    assert Notification.objects.filter(user=cast.hq, url__contains=str(request.pk)).exists()
    page = client.get(f"/ja/sister-cities/my-requests/{request.pk}/").content.decode()
    assert "審査待ち" in page  # awaiting moderation


def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(client, cast):
    client.force_login(cast.org_a)
    response = client.post(
        "/en/sister-cities/my-requests/new/",
        {**form(population="many", features="Kept feature text"), "send": "1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a whole number." in page and "Kept feature text" in page
    assert not PartnerRequest.objects.exists()


def test_a_change_to_a_published_request_waits_and_the_published_text_stays(
    client, cast, django_capture_on_commit_callbacks
):
    request = published(cast)
    client.force_login(cast.org_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/sister-cities/my-requests/{request.pk}/edit/",
            form(expectations="Exchange of pupils and of port officials."),
        )
    assert response.status_code == 302
    revision = RequestRevision.objects.get()
    assert revision.state == "pending" and revision.proposed_by == cast.org_a
    request.refresh_from_db()
    assert request.state == State.PUBLISHED and request.expectations == "Exchange of pupils."
    public = client.get(f"/en/sister-cities/partners/{request.pk}/").content.decode()
    assert "port officials" not in public
    mine = client.get(f"/en/sister-cities/my-requests/{request.pk}/").content.decode()
    assert "awaits moderation" in mine and "what you expect from the exchange" in mine
    # A second change replaces the pending one: one revision waits, with the newer text.
    own_requests.change_request(cast.org_a, request.pk, text(expectations="Newer."))
    assert RequestRevision.objects.pending().get().data["expectations"] == "Newer."
    # HQ sees it on its list of changes, and accepting publishes it.
    client.force_login(cast.hq)
    listed = client.get("/en/sister-cities/partners/moderation/changes/").content.decode()
    assert "Nagasaki City" in listed and "Newer." in listed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/sister-cities/partners/moderation/changes/{revision.pk}/decide/",
            {"decision": "accept"},
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.expectations == "Newer." and request.state == State.PUBLISHED
    assert request.history.first().history_user == cast.hq
    assert Notification.objects.filter(user=cast.org_a, event_key__contains="accepted").exists()
    with pytest.raises(OwnRequestError):
        own_requests.accept_revision(revision.pk, by=cast.hq)


def test_a_declined_change_keeps_the_published_text_and_tells_why(client, cast):
    request = published(cast)
    revision = own_requests.change_request(cast.org_a, request.pk, text(name="Nagasaki!!!"))
    with pytest.raises(OwnRequestError):
        own_requests.decline_revision(revision.pk, by=cast.hq, reason="  ")
    client.force_login(cast.hq)
    response = client.post(
        f"/en/sister-cities/partners/moderation/changes/{revision.pk}/decide/",
        {"decision": "decline", "reason": "正式名称でお願いします。"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    revision.refresh_from_db()
    assert request.name == "Nagasaki City" and revision.state == "declined"
    assert "正式名称でお願いします。" in Notification.objects.get(user=cast.org_a).body
    client.force_login(cast.org_a)
    page = client.get(f"/ja/sister-cities/my-requests/{request.pk}/").content.decode()
    assert "正式名称でお願いします。" in page


def test_offices_do_not_decide_changes_of_japanese_requests(client, cast):
    request = published(cast)
    revision = own_requests.change_request(cast.org_a, request.pk, text(name="Other"))
    client.force_login(cast.office_a)
    response = client.post(
        f"/en/sister-cities/partners/moderation/changes/{revision.pk}/decide/",
        {"decision": "accept"},
    )
    assert response.status_code == 404
    assert (
        "Other" not in client.get("/en/sister-cities/partners/moderation/changes/").content.decode()
    )
    revision.refresh_from_db()
    assert revision.state == "pending"


def test_a_draft_is_changed_in_place_and_a_change_of_nothing_is_refused(client, cast):
    request = own_requests.create_request(cast.org_a, text(), submit=False)
    client.force_login(cast.org_a)
    response = client.post(
        f"/en/sister-cities/my-requests/{request.pk}/edit/", form(features="Hills and a port.")
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.features == "Hills and a port." and not RequestRevision.objects.exists()
    response = client.post(
        f"/en/sister-cities/my-requests/{request.pk}/edit/", form(features="Hills and a port.")
    )
    assert response.status_code == 400 and "Nothing was changed." in response.content.decode()


def test_renewing_extends_a_listed_request_and_sends_a_lapsed_one_to_moderation(client, cast):
    request = published(cast)
    soon = timezone.now() + timedelta(days=10)
    PartnerRequest.objects.filter(pk=request.pk).update(expires_at=soon)
    client.force_login(cast.org_a)
    home = client.get("/en/my-organisation/").content.decode()
    assert "Partner-seeking requests to renew before they expire" in home
    assert client.post(f"/en/sister-cities/my-requests/{request.pk}/renew/").status_code == 302
    request.refresh_from_db()
    assert request.state == State.PUBLISHED and request.expires_at > soon + timedelta(days=300)
    # Lapsed long ago, past the renewal link's grace: back to moderation all the same.
    PartnerRequest.objects.filter(pk=request.pk).update(
        state=State.EXPIRED, expires_at=timezone.now() - timedelta(days=90)
    )
    own_requests.renew(cast.org_a, request.pk)
    request.refresh_from_db()
    assert request.state == State.PENDING
    with pytest.raises(OwnRequestError):
        own_requests.renew(cast.org_a, request.pk)  # pending: nothing to renew


def test_withdrawing_takes_it_off_the_list_for_good(client, cast):
    request = published(cast)
    client.force_login(cast.org_a)
    assert client.post(f"/en/sister-cities/my-requests/{request.pk}/withdraw/").status_code == 302
    request.refresh_from_db()
    assert request.state == State.WITHDRAWN
    assert client.get(f"/en/sister-cities/partners/{request.pk}/").status_code == 404
    with pytest.raises(OwnRequestError):
        own_requests.withdraw(cast.org_a, request.pk)
    with pytest.raises(OwnRequestError):
        own_requests.change_request(cast.org_a, request.pk, text(name="Again"))
    with pytest.raises(partnering.PartneringError):
        partnering.reject_request(request, by=cast.hq, note="no")


def test_inquiries_are_listed_read_and_counted_on_the_home(client, cast):
    request = published(cast)
    inquiry = partnering.send_inquiry(
        request,
        {
            "sender_name": "Jeanne",
            "organisation": "Ville de Nancy",
            "sender_email": "jeanne@nancy.example.fr",
            "message": "Bonjour, Nancy aimerait échanger.",
        },
    )
    client.force_login(cast.org_a)
    home = client.get("/en/my-organisation/").content.decode()
    assert "1 thing needs your answer" in home
    assert "Inquiries to your partner-seeking requests to read" in home
    detail = client.get(f"/en/sister-cities/my-requests/{request.pk}/").content.decode()
    assert "Jeanne (Ville de Nancy)" in detail and "unread" in detail
    page = client.get(f"/en/sister-cities/my-requests/{request.pk}/inquiries/{inquiry.pk}/")
    assert page.status_code == 200 and "Nancy aimerait échanger" in page.content.decode()
    inquiry.refresh_from_db()
    first = inquiry.read_at
    assert first is not None
    client.get(f"/en/sister-cities/my-requests/{request.pk}/inquiries/{inquiry.pk}/")
    inquiry.refresh_from_db()
    assert inquiry.read_at == first  # the first reading is the one recorded
    assert (
        "Nothing is waiting for your answer." in client.get("/en/my-organisation/").content.decode()
    )


def test_another_local_government_sees_none_of_it_and_its_posts_change_nothing(client, cast):
    request = published(cast)
    revision = own_requests.change_request(cast.org_a, request.pk, text(name="Changed"))
    inquiry = Inquiry.objects.create(
        request=request,
        sender_name="S",
        organisation="O",
        sender_email="s@example.org",
        message="M",
    )
    draft = own_requests.create_request(cast.org_a, text(), submit=False)
    before = (snapshot(request), snapshot(draft), revision.data)
    client.force_login(cast.org_b)
    base = f"/en/sister-cities/my-requests/{request.pk}"
    for url in (f"{base}/", f"{base}/edit/", f"{base}/inquiries/{inquiry.pk}/"):
        assert client.get(url).status_code == 404, url
    for url in (
        f"{base}/renew/",
        f"{base}/withdraw/",
        f"/en/sister-cities/my-requests/{draft.pk}/send/",
    ):
        assert client.post(url).status_code == 404, url
    assert client.post(f"{base}/edit/", form(name="Sapporo's")).status_code == 404
    assert "Nagasaki" not in client.get("/en/sister-cities/my-requests/").content.decode()
    assert "Nagasaki" not in client.get("/en/my-organisation/").content.decode()
    revision.refresh_from_db()
    inquiry.refresh_from_db()
    assert (snapshot(request), snapshot(draft), revision.data) == before
    assert inquiry.read_at is None
    with pytest.raises(Http404):
        own_requests.withdraw(cast.org_b, request.pk)
    with pytest.raises(Http404):
        own_requests.get_revision_for_moderator(cast.org_b, revision.pk)


def test_the_public_form_still_confirms_by_e_mail(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        factories.partner_request(state="unconfirmed")
    assert PartnerRequest.objects.get().state == State.UNCONFIRMED
    assert PartnerRequest.objects.get().organisation is None and len(mail.outbox) == 1


def test_the_list_of_own_requests_pins_its_queries(client, cast, django_assert_max_num_queries):
    for n in range(25):
        request = own_requests.create_request(cast.org_a, text(name=f"Request {n}"), submit=False)
        Inquiry.objects.create(
            request=request,
            sender_name="S",
            organisation="O",
            sender_email="s@example.org",
            message="M",
        )
    own_requests.create_request(cast.org_b, text(name="Sapporo's own"), submit=False)
    client.force_login(cast.org_a)
    # session, user, roles, membership with its organisation, count, the page (with
    # unread inquiries and waiting changes); the layout's inbox count
    with django_assert_max_num_queries(8):
        page = client.get("/en/sister-cities/my-requests/").content.decode()
    assert page.count("/en/sister-cities/my-requests/") >= 20 and "Sapporo's own" not in page


def test_the_home_section_does_not_grow_with_the_requests(
    client, cast, django_assert_max_num_queries
):
    def home_queries():
        client.force_login(cast.org_a)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/my-organisation/").status_code == 200
        return len(queries)

    own_requests.create_request(cast.org_a, text(), submit=False)
    few = home_queries()
    for n in range(15):
        own_requests.create_request(cast.org_a, text(name=f"Request {n}"), submit=False)
    assert home_queries() == few


def test_the_changes_list_pins_its_queries(client, cast, django_assert_max_num_queries):
    for n in range(25):
        request = published(cast, name=f"Town {n}")
        own_requests.change_request(cast.org_a, request.pk, text(name=f"Town {n}, changed"))
    client.force_login(cast.hq)
    # session, user, roles, count, the page with each request, its government and
    # its officer; the layout's inbox count and office membership
    with django_assert_max_num_queries(9):
        page = client.get("/en/sister-cities/partners/moderation/changes/").content.decode()
    assert page.count('name="decision"') == 40


def test_the_images_of_a_draft_are_its_organisations_and_its_moderators_only(client, cast):
    draft = own_requests.create_request(
        cast.org_a, text(), [factories.png("port.png")], submit=False
    )
    image = draft.images.get()
    url = f"/en/sister-cities/partners/{draft.pk}/images/{image.pk}/"
    client.force_login(cast.org_a)
    page = client.get(f"/en/sister-cities/my-requests/{draft.pk}/").content.decode()
    assert url in page
    assert client.get(url).status_code == 200
    for outsider in (cast.org_b, cast.office_a, cast.hq):  # a draft is nobody else's yet
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    own_requests.send_for_moderation(cast.org_a, draft.pk)
    client.force_login(cast.hq)
    assert client.get(url).status_code == 200
