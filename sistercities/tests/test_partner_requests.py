"""Partner-seeking requests: submission, confirmation by link, moderation by HQ or the
responsible office, the public list, inquiries, renewal and expiry."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from clair_portal.notifications.models import Notification
from sistercities import partnering
from sistercities.models import Inquiry, PartnerRequest
from sistercities.tests import factories
from sistercities.tests.factories import request_data

pytestmark = pytest.mark.django_db

State = PartnerRequest.State


def form_data(**overrides):
    data = {
        "side": "foreign",
        "name": "City of Ballarat",
        "country": "GB",
        "population": "110000",
        "access": "Two hours by train.",
        "industries": ["tourism"],
        "desired_countries": ["JP"],
        "fields": ["education", "culture"],
        "expectations": "Student exchange.",
        "contact_name": "Alex Contact",
        "contact_email": "contact@ballarat.example.org",
        "website": "",
    }
    data.update(overrides)
    return data


def submit(client, data, **files):
    """The form, then the check page's button: what a visitor does to send a request."""
    response = client.post("/en/sister-cities/partners/new/", {**data, **files})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(response["Location"]).status_code == 302
    return PartnerRequest.objects.get()


def test_a_submission_is_checked_first_then_mails_a_confirmation_link(
    client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/sister-cities/partners/new/",
            {**form_data(), "image_1": factories.png()},
        )
    request = PartnerRequest.objects.get()
    assert response["Location"] == f"/en/sister-cities/partners/new/{request.pk}/"
    assert request.state == State.DRAFT and not mail.outbox  # nothing sent before the check
    check = client.get(response["Location"]).content.decode()
    assert "Check your request before you send it" in check
    assert "United Kingdom" in check and "Student exchange." in check and "1 image" in check
    assert "Japanese local government" not in check  # the question a foreign side is not asked
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(response["Location"])
    assert sent["Location"] == "/en/sister-cities/partners/sent/"
    request.refresh_from_db()
    assert request.state == State.UNCONFIRMED
    assert request.images.get().content_type == "image/png"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact@ballarat.example.org"]
    assert f"/en/sister-cities/partners/confirm/{request.token}/" in mail.outbox[0].body
    # Sent: the check page is gone; unconfirmed, it is neither public nor moderated.
    assert client.get(response["Location"]).status_code == 404
    assert client.get(f"/en/sister-cities/partners/{request.pk}/").status_code == 404
    assert not PartnerRequest.objects.for_moderator(cast.hq).exists()


def test_an_answer_changed_on_the_check_page_keeps_the_rest_and_the_image(client, cast):
    client.post("/en/sister-cities/partners/new/", {**form_data(), "image_1": factories.png()})
    draft = PartnerRequest.objects.get()
    edit = client.get(f"/en/sister-cities/partners/new/{draft.pk}/edit/").content.decode()
    assert 'value="City of Ballarat"' in edit and "1 image is attached" in edit
    response = client.post(
        f"/en/sister-cities/partners/new/{draft.pk}/edit/", form_data(population="117000")
    )
    assert response["Location"] == f"/en/sister-cities/partners/new/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.population == 117000 and draft.name == "City of Ballarat"
    assert draft.images.count() == 1 and PartnerRequest.objects.count() == 1


def test_a_draft_is_only_its_visitors(client, cast):
    client.post("/en/sister-cities/partners/new/", form_data())
    draft = PartnerRequest.objects.get()
    stranger = Client()
    for path in (
        f"/en/sister-cities/partners/new/{draft.pk}/",
        f"/en/sister-cities/partners/new/{draft.pk}/edit/",
    ):
        assert stranger.get(path).status_code == 404
    assert stranger.post(f"/en/sister-cities/partners/new/{draft.pk}/").status_code == 404
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_drafts_left_unsent_are_deleted_with_their_history(
    client, cast, django_capture_on_commit_callbacks
):
    client.post("/en/sister-cities/partners/new/", {**form_data(), "image_1": factories.png()})
    left = PartnerRequest.objects.get()
    image = left.images.get().file.name
    recent = partnering.save_draft(request_data(name="Still typing"), [], language="en")
    sent = factories.partner_request(state="unconfirmed")
    PartnerRequest.objects.filter(pk__in=[left.pk, sent.pk]).update(
        updated_at=timezone.now() - timedelta(days=3)
    )
    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows have
        assert partnering.purge_abandoned_drafts() == 1
    assert set(PartnerRequest.objects.values_list("pk", flat=True)) == {recent.pk, sent.pk}
    assert not PartnerRequest.history.filter(id=left.pk).exists()
    assert not default_storage.exists(image)


def test_a_japanese_submission_in_japanese_gets_its_link_in_japanese(
    client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ja/sister-cities/partners/new/",
            form_data(side="japanese", local_government="172014", country="", name="金沢市"),
        )
        check = client.get(response["Location"]).content.decode()
        assert "送信前に申込内容を確認してください" in check and "金沢市" in check
        client.post(response["Location"])
    request = PartnerRequest.objects.get()
    assert request.country.code == "JP" and request.local_government_id == "172014"
    assert mail.outbox[0].subject == "金沢市の提携希望申込の確認"
    assert f"/ja/sister-cities/partners/confirm/{request.token}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"side": "japanese", "local_government": ""}, "local_government", "Choose your local"),
        ({"country": ""}, "country", "Choose your country"),
        ({"population": "many"}, "population", "Enter a whole number"),
        ({"contact_email": "not-an-address"}, "contact_email", "valid email"),
        ({"expectations": ""}, "expectations", "required"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(
    client, cast, changes, field, message
):
    response = client.post("/en/sister-cities/partners/new/", form_data(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "City of Ballarat" in response.content.decode()
    assert not PartnerRequest.objects.exists()


def test_an_image_that_is_not_an_image_is_refused(client, cast):
    fake = factories.SimpleUploadedFile("town.png", b"%PDF-1.4 not an image", "image/png")
    response = client.post("/en/sister-cities/partners/new/", {**form_data(), "image_1": fake})
    assert response.status_code == 400
    assert "not a file type the portal accepts" in str(response.context["form"].errors["image_1"])
    assert not PartnerRequest.objects.exists()


def test_an_image_over_three_megabytes_is_refused(client, cast):
    large = factories.SimpleUploadedFile(
        "town.png", factories.PNG + b"\0" * (3 * 1024 * 1024), "image/png"
    )
    response = client.post("/en/sister-cities/partners/new/", {**form_data(), "image_1": large})
    assert response.status_code == 400
    assert "files may be at most 3.0\xa0MB" in str(response.context["form"].errors["image_1"])
    assert not PartnerRequest.objects.exists()


def test_the_honeypot_refuses_the_form(client, cast):
    response = client.post("/en/sister-cities/partners/new/", form_data(website="spam.example"))
    assert response.status_code == 400
    assert "could not be sent" in response.content.decode()
    assert not PartnerRequest.objects.exists()


def test_public_posts_are_rate_limited(client, cast, settings):
    settings.RATELIMIT_PUBLIC_POST = "2/h"
    for _ in range(2):
        client.post("/en/sister-cities/partners/new/", form_data(population="x"))
    response = client.post("/en/sister-cities/partners/new/", form_data())
    assert response.status_code == 429
    assert not PartnerRequest.objects.exists()


def test_confirming_takes_a_post_and_tells_the_responsible_office(client, cast):
    request = factories.partner_request(state="unconfirmed")
    page = client.get(f"/en/sister-cities/partners/confirm/{request.token}/")
    request.refresh_from_db()
    assert page.status_code == 200 and request.state == State.UNCONFIRMED  # a scanner's GET
    client.post(f"/en/sister-cities/partners/confirm/{request.token}/")
    request.refresh_from_db()
    assert request.state == State.PENDING and request.confirmed_at
    # A British request is London's: London's staff are told, Paris's are not.
    told = Notification.objects.filter(event_key=f"partner-request-{request.pk}-pending")
    assert list(told.values_list("user", flat=True)) == [cast.office_a.pk]
    assert client.get("/en/sister-cities/partners/confirm/wrong-token/").status_code == 404


def test_offices_moderate_only_their_countries_and_japanese_requests_are_hqs(client, cast):
    british = factories.partner_request(state="pending")
    japanese = factories.japanese_request(state="pending")
    assert set(PartnerRequest.objects.for_moderator(cast.office_a)) == {british}
    assert set(PartnerRequest.objects.for_moderator(cast.office_b)) == set()
    assert set(PartnerRequest.objects.for_moderator(cast.hq)) == {british, japanese}
    assert set(PartnerRequest.objects.for_moderator(cast.participant)) == set()
    client.force_login(cast.office_b)
    response = client.post(f"/en/sister-cities/partners/moderation/{british.pk}/publish/")
    assert response.status_code == 404
    client.force_login(cast.office_a)
    response = client.post(f"/en/sister-cities/partners/moderation/{japanese.pk}/publish/")
    assert response.status_code == 404
    japanese.refresh_from_db()
    assert japanese.state == State.PENDING


def test_publishing_lists_the_request_for_twelve_months(client, cast):
    request = factories.partner_request(state="pending")
    client.force_login(cast.office_a)
    client.post(f"/en/sister-cities/partners/moderation/{request.pk}/publish/")
    request.refresh_from_db()
    assert request.state == State.PUBLISHED and request.moderated_by == cast.office_a
    assert (request.expires_at - timezone.now()).days in (364, 365)
    client.logout()
    listing = client.get("/en/sister-cities/partners/").content.decode()
    assert "City of Ballarat" in listing
    # The contact details are never public.
    detail = client.get(f"/en/sister-cities/partners/{request.pk}/").content.decode()
    assert "contact@ballarat.example.org" not in detail and "Alex Contact" not in detail


def test_rejecting_needs_a_reason_and_hides_the_request(client, cast):
    request = factories.partner_request(by=cast.hq)
    client.force_login(cast.hq)
    response = client.post(
        f"/en/sister-cities/partners/moderation/{request.pk}/reject/", {"note": ""}, follow=True
    )
    assert "Say why the request is rejected." in response.content.decode()
    request.refresh_from_db()
    assert request.state == State.PUBLISHED
    client.post(f"/en/sister-cities/partners/moderation/{request.pk}/reject/", {"note": "Spam"})
    request.refresh_from_db()
    assert request.state == State.REJECTED and request.moderation_note == "Spam"
    client.logout()
    assert client.get(f"/en/sister-cities/partners/{request.pk}/").status_code == 404


def test_an_inquiry_goes_to_the_contact_only_and_is_logged(
    client, cast, django_capture_on_commit_callbacks
):
    request = factories.partner_request(by=cast.hq)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/sister-cities/partners/{request.pk}/",
            {
                "sender_name": "Hanako Sato",
                "organisation": "Kanazawa City",
                "sender_email": "sato@kanazawa.example.jp",
                "message": "We would like to talk.",
                # Extra fields cannot choose the recipient.
                "contact_email": "victim@example.org",
                "to": "victim@example.org",
                "website": "",
            },
        )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.forwarded_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["contact@ballarat.example.org"]
    assert sent.reply_to == ["sato@kanazawa.example.jp"]
    assert "We would like to talk." in sent.body
    assert "victim@example.org" not in str(sent.message())
    # Forwarding twice sends nothing twice.
    assert partnering.email_inquiry(inquiry.pk) is False
    assert len(mail.outbox) == 1


def test_an_inquiry_with_bad_input_is_refused_and_sends_nothing(client, cast):
    request = factories.partner_request(by=cast.hq)
    mail.outbox.clear()
    response = client.post(
        f"/en/sister-cities/partners/{request.pk}/",
        {"sender_name": "X", "organisation": "Y", "sender_email": "nope", "message": "Hi"},
    )
    assert response.status_code == 400
    assert "valid email" in str(response.context["form"].errors["sender_email"])
    assert not Inquiry.objects.exists() and not mail.outbox


def test_no_inquiry_can_reach_an_unpublished_request(client, cast):
    request = factories.partner_request(state="pending")
    response = client.post(
        f"/en/sister-cities/partners/{request.pk}/",
        {"sender_name": "X", "organisation": "Y", "sender_email": "x@example.org", "message": "Hi"},
    )
    assert response.status_code == 404
    assert not Inquiry.objects.exists()


def test_renewal_links_go_out_a_month_before_expiry_and_renewing_extends(
    client, cast, django_capture_on_commit_callbacks
):
    request = factories.partner_request(by=cast.hq)
    later = factories.partner_request(by=cast.hq, name="Town of Later")
    PartnerRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() + timedelta(days=10)
    )
    mail.outbox.clear()
    # The notices are enqueued after commit: run the callbacks as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        assert partnering.queue_renewal_notices() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert partnering.queue_renewal_notices() == 0  # claimed: not twice
    assert [m.to for m in mail.outbox] == [["contact@ballarat.example.org"]]
    # The link carries the renewal token, never the confirmation token.
    assert f"/en/sister-cities/partners/renew/{request.renewal_token}/" in mail.outbox[0].body
    assert request.token not in mail.outbox[0].body
    client.post(f"/en/sister-cities/partners/renew/{request.renewal_token}/")
    request.refresh_from_db()
    assert request.state == State.PUBLISHED
    assert (request.expires_at - timezone.now()).days >= 364
    assert request.renewal_sent_at is None
    later.refresh_from_db()
    assert later.renewal_sent_at is None


def test_an_expired_request_renewed_goes_back_to_moderation(client, cast):
    # Changed on purpose: renewing an expired request used to list it again at once,
    # unmoderated; now it waits for a moderator like a new one.
    request = factories.partner_request(by=cast.hq)
    PartnerRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    # Invisible at once, even before the daily task marks it.
    assert client.get(f"/en/sister-cities/partners/{request.pk}/").status_code == 404
    assert partnering.expire_requests() == 1
    request.refresh_from_db()
    assert request.state == State.EXPIRED
    response = client.post(f"/en/sister-cities/partners/renew/{request.renewal_token}/")
    assert response.status_code == 200
    assert "sent back to moderation" in response.content.decode()
    request.refresh_from_db()
    assert request.state == State.PENDING
    assert client.get(f"/en/sister-cities/partners/{request.pk}/").status_code == 404
    partnering.publish_request(request, by=cast.hq)
    assert client.get(f"/en/sister-cities/partners/{request.pk}/").status_code == 200


def test_an_unpublished_request_cannot_be_renewed(client, cast):
    request = factories.partner_request(state="pending")
    response = client.post(f"/en/sister-cities/partners/renew/{request.renewal_token}/")
    assert response.status_code == 400
    assert "Only a published request can be renewed." in response.content.decode()
    request.refresh_from_db()
    assert request.state == State.PENDING


def test_images_of_unpublished_requests_are_for_their_moderators_only(client, cast):
    request = factories.partner_request(state="pending", images=1)
    image = request.images.get()
    url = f"/en/sister-cities/partners/{request.pk}/images/{image.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(cast.office_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.office_a)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == factories.PNG


def test_the_list_filters_in_the_database(client, cast):
    factories.partner_request(by=cast.hq)
    factories.japanese_request(by=cast.hq, fields=["economy"], industries=["crafts"])
    names = lambda r: [x.name for x in r.context["page"]]  # noqa: E731
    assert names(client.get("/en/sister-cities/partners/?side=japanese")) == ["Nagasaki City"]
    assert names(client.get("/en/sister-cities/partners/?field=education")) == ["City of Ballarat"]
    assert names(client.get("/en/sister-cities/partners/?industry=crafts")) == ["Nagasaki City"]
    assert names(client.get("/en/sister-cities/partners/?wants=GB")) == ["Nagasaki City"]
    assert names(client.get("/en/sister-cities/partners/?country=GB")) == ["City of Ballarat"]
    assert client.get("/en/sister-cities/partners/?field=nonsense").status_code == 400


def test_the_list_pins_its_queries(client, cast, django_assert_max_num_queries):
    for i in range(30):
        factories.partner_request(by=cast.hq, name=f"Town {i:02}")
    # the count, and the page with each Japanese requester's prefecture
    with django_assert_max_num_queries(2):
        response = client.get("/en/sister-cities/partners/")
    assert len(response.context["page"].object_list) == 20


def test_the_moderation_list_pins_its_queries(client, cast, django_assert_max_num_queries):
    for i in range(25):
        factories.partner_request(state="pending", name=f"Town {i:02}")
    client.force_login(cast.office_a)
    # session, user, groups, the office membership, the inbox's unread count, the count
    # and the page; the office membership once more for the header's sections; the
    # viewer's zone (the office's, for the dates shown)
    with django_assert_max_num_queries(9):
        response = client.get("/en/sister-cities/partners/moderation/")
    assert len(response.context["page"].object_list) == 20


def test_pages_in_japanese(client, cast):
    request = factories.partner_request(by=cast.hq)
    listing = client.get("/ja/sister-cities/partners/").content.decode()
    assert "パートナーを探している自治体" in listing
    detail = client.get(f"/ja/sister-cities/partners/{request.pk}/").content.decode()
    assert "おすすめの候補" in detail


def test_the_submitter_is_told_each_decision_once_in_their_language(
    cast, django_capture_on_commit_callbacks
):
    request = factories.partner_request(state="pending", language="ja")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        partnering.publish_request(request, by=cast.hq)
    assert len(mail.outbox) == 1
    told = mail.outbox[0]
    assert told.to == ["contact@ballarat.example.org"]
    assert "掲載" in told.subject
    assert f"/ja/sister-cities/partners/{request.pk}/" in told.body
    # The same task delivered again sends nothing more.
    assert partnering.email_decision(request.pk, State.PUBLISHED) is False

    with django_capture_on_commit_callbacks(execute=True):
        partnering.reject_request(request, by=cast.hq, note="The contact could not be reached.")
    assert len(mail.outbox) == 2
    assert "The contact could not be reached." in mail.outbox[1].body
    # A publication task that arrives after the rejection tells nothing stale.
    assert partnering.email_decision(request.pk, State.PUBLISHED) is False
    assert len(mail.outbox) == 2
