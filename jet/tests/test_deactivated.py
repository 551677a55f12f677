"""A deactivated participant's calendar address and invitation link die with the account."""

import re

import pytest
from django.urls import reverse

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from conftest import make_user
from jet import services
from jet.models import CalendarFeed
from jet.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(cast):
    """A participant with an account, a published placement and a calendar address."""
    user = make_user("sub@example.org", role=roles.JET_PARTICIPANT)
    participant = factories.participant(user=user)
    factories.placement(participant, state="published")
    return participant, factories.feed(participant)


def feed_url(feed) -> str:
    return reverse("jet:calendar_feed", args=[feed.token])


def test_a_deactivated_participants_feed_answers_404(client, subscribed):
    participant, feed = subscribed
    assert client.get(feed_url(feed)).status_code == 200
    participant.user.is_active = False
    participant.user.save()
    assert client.get(feed_url(feed)).status_code == 404


def test_a_bulk_deactivation_stops_the_feed_too(client, subscribed):
    participant, feed = subscribed
    User.objects.filter(pk=participant.user_id).update(is_active=False)  # no signal sent
    assert client.get(feed_url(feed)).status_code == 404


def test_reactivating_the_account_does_not_revive_the_old_address(client, subscribed):
    participant, feed = subscribed
    user = participant.user
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert client.get(feed_url(feed)).status_code == 404
    fresh = services.feed_for(participant)
    assert fresh.token != feed.token
    assert client.get(feed_url(fresh)).status_code == 200


def test_a_feed_whose_participant_lost_the_account_answers_404(client, subscribed):
    participant, feed = subscribed
    participant.user = None
    participant.save()
    assert CalendarFeed.objects.filter(token=feed.token).exists()
    assert client.get(feed_url(feed)).status_code == 404


def test_an_invitation_link_dies_with_the_account(
    client, reference_data, mailoutbox, django_capture_on_commit_callbacks
):
    participant = factories.participant(email="new.alt@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_participants([participant.pk])
    link = re.search(r"/en/accounts/invitation/\S+", mailoutbox[0].body).group(0)
    participant.refresh_from_db()
    user = participant.user
    user.is_active = False
    user.save()
    page = client.get(link)
    assert "This invitation link no longer works" in page.content.decode()
    client.post(
        link, {"new_password1": "a-long-new-pass-phrase", "new_password2": "a-long-new-pass-phrase"}
    )
    user.refresh_from_db()
    assert not user.check_password("a-long-new-pass-phrase")
    assert "_auth_user_id" not in client.session
