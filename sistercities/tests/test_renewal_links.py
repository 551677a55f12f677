"""Renewal links of partner-seeking requests: a token of their own, spent once used,
dead after the grace period, and never a way back onto the list past moderation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404
from django.utils import timezone

from clair_portal.notifications.models import Notification
from sistercities import partnering
from sistercities.models import PartnerRequest
from sistercities.models.partnering import RENEWAL_GRACE
from sistercities.tests import factories

pytestmark = pytest.mark.django_db

State = PartnerRequest.State


def renew_url(token: str) -> str:
    return f"/en/sister-cities/partners/renew/{token}/"


def lapse(request, *, ago: timedelta) -> None:
    PartnerRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - ago)
    partnering.expire_requests()
    request.refresh_from_db()


def test_the_confirmation_token_renews_nothing(client, cast):
    request = factories.partner_request(by=cast.hq)
    lapse(request, ago=timedelta(days=1))
    assert request.token != request.renewal_token
    assert client.get(renew_url(request.token)).status_code == 404
    assert client.post(renew_url(request.token)).status_code == 404
    request.refresh_from_db()
    assert request.state == State.EXPIRED


def test_an_expired_request_is_not_republished_by_its_link_and_its_moderators_are_told(
    client, cast
):
    request = factories.partner_request(by=cast.hq)  # from the UK: London and HQ moderate
    lapse(request, ago=timedelta(days=3))
    page = client.get(renew_url(request.renewal_token)).content.decode()
    assert "Ask for it to be listed again" in page
    client.post(renew_url(request.renewal_token))
    request.refresh_from_db()
    assert request.state == State.PENDING
    assert not PartnerRequest.objects.published().filter(pk=request.pk).exists()
    assert request.expires_at < timezone.now()  # a moderator's publication sets the next date
    told = Notification.objects.filter(
        event_key__startswith=f"partner-request-{request.pk}-renewed"
    )
    assert {n.user for n in told} == {cast.office_a}


def test_a_request_past_its_date_but_not_yet_marked_also_goes_to_moderation(client, cast):
    request = factories.partner_request(by=cast.hq)
    PartnerRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - timedelta(hours=1)
    )  # the daily task has not run yet: still "published" in the row
    client.post(renew_url(request.renewal_token))
    request.refresh_from_db()
    assert request.state == State.PENDING


def test_the_renewal_email_says_until_when_its_link_works(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    request = factories.partner_request(by=cast.hq, language="ja")
    PartnerRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() + timedelta(days=10)
    )
    mailoutbox.clear()
    # The notices are enqueued after commit: run the callbacks as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        partnering.queue_renewal_notices()
    body = mailoutbox[0].body
    assert f"/ja/sister-cities/partners/renew/{request.renewal_token}/" in body
    assert request.token not in body
    assert "このリンクは" in body and "まで有効です" in body


def test_a_renewal_link_is_spent_once_used(client, cast):
    request = factories.partner_request(by=cast.hq)
    old = request.renewal_token
    response = client.post(renew_url(old))
    assert response.status_code == 200
    assert "Keep it listed for twelve more months" not in response.content.decode()
    request.refresh_from_db()
    assert request.renewal_token != old
    assert client.post(renew_url(old)).status_code == 404


def test_a_renewal_link_dies_after_the_grace_period(client, cast):
    request = factories.partner_request(by=cast.hq)
    lapse(request, ago=RENEWAL_GRACE + timedelta(minutes=1))
    page = client.get(renew_url(request.renewal_token))
    assert page.status_code == 400
    assert "This renewal link has expired" in page.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[1]
    response = client.post(renew_url(request.renewal_token))
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.state == State.EXPIRED


def test_within_the_grace_period_the_link_still_works(client, cast):
    request = factories.partner_request(by=cast.hq)
    lapse(request, ago=RENEWAL_GRACE - timedelta(hours=1))
    assert client.post(renew_url(request.renewal_token)).status_code == 200
    request.refresh_from_db()
    assert request.state == State.PENDING


def test_a_rejected_request_cannot_be_renewed(client, cast):
    request = factories.partner_request(by=cast.hq)
    partnering.reject_request(request, by=cast.hq, note="Not a local government.")
    response = client.post(renew_url(request.renewal_token))
    assert response.status_code == 400
    assert "Only a published request can be renewed." in response.content.decode()
    request.refresh_from_db()
    assert request.state == State.REJECTED


def test_publishing_again_replaces_the_renewal_token(cast):
    request = factories.partner_request(by=cast.hq)
    first = request.renewal_token
    partnering.reject_request(request, by=cast.hq, note="Out of date.")
    partnering.publish_request(request, by=cast.hq)
    request.refresh_from_db()
    assert request.renewal_token != first
    with pytest.raises(Http404):
        partnering.renew_request(first)


def test_the_japanese_page_of_a_lapsed_request_explains_moderation(client, cast):
    request = factories.partner_request(by=cast.hq)
    lapse(request, ago=timedelta(days=1))
    page = client.get(f"/ja/sister-cities/partners/renew/{request.renewal_token}/")
    assert "掲載を再申請する" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_existing_request_its_own_renewal_token():
    """Requests made before renewal tokens existed each get a distinct one, and listed
    requests whose notice carried the old link are sent a new one."""
    before = [("sistercities", "0004_partnership_contact_history")]
    after = [("sistercities", "0005_partnerrequest_renewal_token")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("sistercities", "PartnerRequest")
        now = timezone.now()
        common = {
            "side": "foreign",
            "country": "GB",
            "population": 1000,
            "expectations": "x",
            "contact_name": "x",
            "contact_email": "x@example.org",
            "published_at": now,
            "expires_at": now + timedelta(days=10),
            "renewal_sent_at": now,
        }
        old.objects.create(name="Listed", state="published", token="a" * 43, **common)
        old.objects.create(name="Expired", state="expired", token="b" * 43, **common)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        # Read through the model as it was then: today's has columns added since.
        then = executor.loader.project_state(after).apps.get_model("sistercities", "PartnerRequest")
        rows = {r.name: r for r in then.objects.all()}
        tokens = {r.renewal_token for r in rows.values()}
        assert len(tokens) == 2 and all(len(t) >= 43 for t in tokens)
        assert tokens.isdisjoint({"a" * 43, "b" * 43})
        assert rows["Listed"].renewal_sent_at is None  # a new notice goes out
        assert rows["Expired"].renewal_sent_at is not None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
