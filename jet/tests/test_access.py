"""One participant never reaching another's records (every JET view × every role is a row of
the access matrix: jet/tests/access.py, run by tests/test_access_inventory.py)."""

import pytest
from django.urls import reverse

from clair_portal.testing.access import ROLES
from conftest import make_user
from jet.models import Placement
from jet.tests import access, factories
from tests import test_access_inventory as inventory


def test_every_jet_row_is_driven_by_the_access_matrix():
    """Every JET view × every role is asserted once, by tests/test_access_inventory.py.

    The rows used to be run here a second time, one test per URL and role (42 tests,
    each building its own cast and objects); they are the same ``Row`` objects, so
    nothing the matrix asserts about JET can drift away from it.
    """
    for name, row in access.MATRIX.items():
        assert inventory.MATRIX[name] is row
        assert set(row.outcomes) == set(ROLES)
    assert access.PUBLIC <= inventory.PUBLIC


@pytest.fixture
def two(cast):
    """Participant A (the cast's) and participant B, each with a published placement."""
    from clair_portal.accounts import roles

    a = factories.participant(user=cast.participant)
    b_user = make_user("b@example.org", role=roles.JET_PARTICIPANT)
    b = factories.participant(user=b_user)
    return {
        "a": a,
        "b": b,
        "a_placement": factories.placement(a, state="published"),
        "b_placement": factories.placement(b, state="published"),
        "b_feed": factories.feed(b),
        "b_user": b_user,
    }


def test_participant_a_asking_for_b_placement_gets_404(client, cast, two):
    client.force_login(cast.participant)
    assert client.get(reverse("jet:placement", args=[two["b_placement"].pk])).status_code == 404
    assert client.get(reverse("jet:placement", args=[two["a_placement"].pk])).status_code == 200


@pytest.mark.parametrize("state", [Placement.State.DRAFT, Placement.State.WITHDRAWN])
def test_a_draft_or_withdrawn_placement_is_never_shown_to_its_participant(client, cast, two, state):
    Placement.objects.filter(pk=two["a_placement"].pk).update(state=state)
    client.force_login(cast.participant)
    assert client.get(reverse("jet:placement", args=[two["a_placement"].pk])).status_code == 404
    page = client.get(reverse("jet:home"))
    assert page.status_code == 200
    assert page.context["placement"] is None
    assert b"Nagasaki Minami High School" not in page.content


def test_b_reappointment_answers_404_to_a_and_is_unchanged(client, cast, two):
    from datetime import timedelta

    from django.utils import timezone

    from jet.models import Reappointment

    r = Reappointment.objects.create(
        placement=two["b_placement"], deadline=timezone.localdate() + timedelta(days=5)
    )
    client.force_login(cast.participant)
    url = reverse("jet:decide_reappointment", args=[r.pk])
    assert client.post(url, {"decision": "decline"}).status_code == 404
    r.refresh_from_db()
    assert r.participant_decision == Reappointment.Decision.PENDING


def test_seminar_list_shows_only_a_own_seminars(client, cast, two):
    from reference.models import LocalGovernment

    tokyo = LocalGovernment.objects.get(code="130001")
    factories.seminar(
        title_en="Nagasaki mid-year", prefecture=two["a_placement"].organisation.prefecture
    )
    factories.seminar(title_en="Tokyo only", prefecture=tokyo)
    factories.seminar(title_en="CIR only", roles=["CIR"])
    factories.seminar(title_en="Last year", year=2025)
    client.force_login(cast.participant)
    titles = [s.title for s in client.get(reverse("jet:seminars")).context["page"].object_list]
    assert titles == ["Nagasaki mid-year"]


def test_a_revoked_feed_address_answers_404_and_the_new_one_works(client, two):
    old = two["b_feed"].token
    client.force_login(two["b_user"])
    assert client.get(reverse("jet:calendar_feed", args=[old])).status_code == 200
    assert client.post(reverse("jet:revoke_calendar_feed")).status_code == 302
    client.logout()
    assert client.get(reverse("jet:calendar_feed", args=[old])).status_code == 404
    new = two["b"].calendar_feed.__class__.objects.get(participant=two["b"]).token
    assert new != old and len(new) >= 40
    assert client.get(reverse("jet:calendar_feed", args=[new])).status_code == 200
    guessed = reverse("jet:calendar_feed", args=["a-guessed-token-of-the-right-shape"])
    assert client.get(guessed).status_code == 404
