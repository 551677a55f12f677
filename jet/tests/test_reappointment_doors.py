"""Reappointments and placements in the admin go through the services, and an agreement follows.

Before, HQ's stock add form opened a reappointment for a draft placement, a
participant in their fifth year or a past deadline, with the answers typed in;
the placement form set the state without telling anyone; and two consents led
nowhere.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clair_portal.notifications.models import Notification
from jet import services
from jet.models import Placement, PlacementNotice, Reappointment
from jet.tests import factories

pytestmark = pytest.mark.django_db

ADD = "admin:jet_reappointment_add"


def in_a_month():
    return (timezone.localdate() + timedelta(days=30)).isoformat()


def add_reappointment(client, placement, **extra):
    return client.post(reverse(ADD), {"placement": placement.pk, "deadline": in_a_month(), **extra})


@pytest.fixture
def published(cast):
    return factories.placement(factories.participant(user=cast.participant), state="published")


def test_hq_opens_a_reappointment_through_the_service_and_types_no_answer(client, cast, published):
    client.force_login(cast.hq)
    response = add_reappointment(
        client,
        published,
        participant_decision="consented",
        organisation_decision="consented",
        next_placement=published.pk,
    )
    assert response.status_code == 302
    reappointment = Reappointment.objects.get(placement=published)
    assert reappointment.participant_decision == Reappointment.Decision.PENDING
    assert reappointment.organisation_decision == Reappointment.Decision.PENDING
    assert reappointment.next_placement is None
    assert reappointment.history.get().history_user == cast.hq


@pytest.mark.parametrize("door", ["draft", "withdrawn", "fifth_year", "past_deadline"])
def test_the_add_form_refuses_what_the_service_refuses_and_keeps_the_input(
    client, cast, reference_data, door
):
    participant = factories.participant()
    deadline = in_a_month()
    if door in ("draft", "withdrawn"):
        placement = factories.placement(participant, state=door)
        message = "Only a published placement can lead to a reappointment."
    elif door == "fifth_year":
        for year in range(2021, 2025):
            factories.placement(participant, state="published", year=year)
        placement = factories.placement(participant, state="published", year=2025)
        message = "A participant may stay at most 5 years in total."
    else:
        placement = factories.placement(participant, state="published")
        deadline = (timezone.localdate() - timedelta(days=1)).isoformat()
        message = "The deadline is already past."
    client.force_login(cast.hq)
    response = client.post(reverse(ADD), {"placement": placement.pk, "deadline": deadline})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{deadline}"' in page  # what was typed is shown again
    assert not Reappointment.objects.exists()


def test_the_add_form_says_so_in_japanese(client, cast, reference_data):
    draft = factories.placement(factories.participant())
    client.force_login(cast.hq)
    response = client.post(
        "/admin/jet/reappointment/add/",
        {"placement": draft.pk, "deadline": in_a_month()},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert "公開済みの配置" in response.content.decode()


def test_the_change_form_writes_no_answer_and_no_deadline(client, cast, published):
    reappointment = services.open_reappointment(
        published, deadline=timezone.localdate() + timedelta(days=3)
    )
    client.force_login(cast.superuser)
    url = reverse("admin:jet_reappointment_change", args=[reappointment.pk])
    response = client.post(
        url,
        {
            "placement": published.pk,
            "deadline": "2099-01-01",
            "participant_decision": "declined",
            "organisation_decision": "consented",
        },
    )
    assert response.status_code == 302
    before = reappointment.deadline
    reappointment.refresh_from_db()
    assert reappointment.deadline == before
    assert reappointment.participant_decision == Reappointment.Decision.PENDING
    assert reappointment.organisation_decision == Reappointment.Decision.PENDING


@pytest.mark.parametrize("participant_first", [True, False])
def test_both_consenting_makes_next_years_draft_for_hq_to_complete(
    client, cast, published, participant_first
):
    reappointment = services.open_reappointment(
        published, deadline=timezone.localdate() + timedelta(days=3)
    )
    client.force_login(cast.hq)
    changelist = reverse("admin:jet_reappointment_changelist")

    def organisation():
        return client.post(
            changelist,
            {"action": "organisation_consents", "_selected_action": [reappointment.pk]},
            follow=True,
        )

    if participant_first:
        services.decide_reappointment(cast.participant, reappointment.pk, consent=True)
        page = organisation().content.decode()
        assert "1 draft placement for next year is ready to complete." in page
    else:
        organisation()
        assert Placement.objects.count() == 1  # one answer is not an agreement
        services.decide_reappointment(cast.participant, reappointment.pk, consent=True)

    reappointment.refresh_from_db()
    draft = reappointment.next_placement
    assert draft.participant_id == published.participant_id
    assert draft.state == Placement.State.DRAFT and draft.version == 0
    assert draft.jet_year == 2027
    assert (draft.contract_start, draft.contract_end) == (date(2027, 8, 1), date(2028, 7, 31))
    assert (draft.organisation_id, draft.role) == (published.organisation_id, published.role)
    assert draft.workplaces == published.workplaces
    assert draft.supervisor_name == published.supervisor_name
    # A draft: the participant neither sees it nor hears of it until HQ publishes it.
    assert not PlacementNotice.objects.filter(placement=draft).exists()
    assert not Notification.objects.exists()
    client.force_login(cast.participant)
    assert client.get(reverse("jet:placement", args=[draft.pk])).status_code == 404
    published.participant.refresh_from_db()
    assert published.participant.last_jet_year is None


def test_a_placement_already_entered_for_next_year_is_linked_not_duplicated(cast, published):
    imported = factories.placement(published.participant, year=2027, notes="imported")
    reappointment = services.open_reappointment(
        published, deadline=timezone.localdate() + timedelta(days=3)
    )
    services.decide_reappointment(cast.participant, reappointment.pk, consent=True)
    services.record_organisation_decision(reappointment, consent=True)
    reappointment.refresh_from_db()
    assert reappointment.next_placement == imported
    assert Placement.objects.filter(participant=published.participant).count() == 2
    imported.refresh_from_db()
    assert imported.notes == "imported"


@pytest.mark.parametrize("who", ["participant", "organisation"])
def test_a_declined_reappointment_ends_the_last_year_cleanly(cast, published, who):
    reappointment = services.open_reappointment(
        published, deadline=timezone.localdate() + timedelta(days=3)
    )
    if who == "participant":
        services.record_organisation_decision(reappointment, consent=True)
        services.decide_reappointment(cast.participant, reappointment.pk, consent=False)
    else:
        services.record_organisation_decision(reappointment, consent=False)
    reappointment.refresh_from_db()
    assert reappointment.next_placement is None
    assert Placement.objects.filter(participant=published.participant).count() == 1
    published.refresh_from_db()
    assert published.contract_end == date(2027, 7, 31)
    assert published.state == Placement.State.PUBLISHED
    participant = published.participant
    participant.refresh_from_db()
    assert participant.last_jet_year == 2026
    assert participant.history.first().last_jet_year == 2026
    # A consent the participant gives afterwards does not undo the organisation's refusal.
    if who == "organisation":
        services.decide_reappointment(cast.participant, reappointment.pk, consent=True)
        assert Placement.objects.filter(participant=participant).count() == 1


def test_the_placement_form_cannot_publish_or_withdraw(client, cast, reference_data):
    draft = factories.placement(factories.participant(user=cast.participant))
    client.force_login(cast.hq)
    url = reverse("admin:jet_placement_change", args=[draft.pk])
    form = {
        "participant": draft.participant_id, "organisation": draft.organisation_id,
        "role": "ALT", "jet_year": 2026, "contract_start": "2026-08-01",
        "contract_end": "2027-07-31", "workplaces": "Nagasaki Minami High School | 1-2",
        "supervisor_name": "", "supervisor_email": "", "supervisor_phone": "", "notes": "",
        "state": "published", "version": "7",
    }  # fmt: skip
    assert client.post(url, form).status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.version, draft.published_at) == ("draft", 0, None)
    assert not PlacementNotice.objects.exists()
    add = client.post(reverse("admin:jet_placement_add"), {**form, "jet_year": 2027})
    assert add.status_code == 302
    assert Placement.objects.get(jet_year=2027).state == Placement.State.DRAFT
