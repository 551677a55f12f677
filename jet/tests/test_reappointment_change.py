"""The participant may change their reappointment answer until the deadline (issue 18).

A change takes back what the earlier answer settled: next year's draft is
withdrawn (and made a draft again on a new consent), the "last year" mark is
lifted; each answer stays in the history, which the participant reads.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from jet import services
from jet.models import Placement, Reappointment
from jet.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(cast):
    """A reappointment both sides consented to: next year's draft exists."""
    placement = factories.placement(factories.participant(user=cast.participant), state="published")
    reappointment = services.open_reappointment(
        placement, deadline=timezone.localdate() + timedelta(days=3)
    )
    services.record_organisation_decision(reappointment, consent=True)
    services.decide_reappointment(cast.participant, reappointment.pk, consent=True)
    reappointment.refresh_from_db()
    assert reappointment.next_placement.state == Placement.State.DRAFT
    return reappointment


def test_changing_to_decline_withdraws_the_draft_and_back_restores_it(cast, agreed):
    draft = agreed.next_placement
    participant = draft.participant

    services.decide_reappointment(cast.participant, agreed.pk, consent=False)
    agreed.refresh_from_db()
    draft.refresh_from_db()
    participant.refresh_from_db()
    assert agreed.participant_decision == Reappointment.Decision.DECLINED
    assert agreed.next_placement is None
    assert draft.state == Placement.State.WITHDRAWN  # kept, with its history
    assert participant.last_jet_year == agreed.placement.jet_year

    services.decide_reappointment(cast.participant, agreed.pk, consent=True)
    agreed.refresh_from_db()
    draft.refresh_from_db()
    participant.refresh_from_db()
    assert agreed.next_placement == draft and draft.state == Placement.State.DRAFT
    assert participant.last_jet_year is None
    assert Placement.objects.filter(participant=participant).count() == 2
    reasons = list(
        draft.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[-2:] == [
        "Withdrawn: the participant changed their answer",
        "A draft again: both sides consented",
    ]
    labels = [a["label"] for a in services.participant_answers(agreed)]
    assert labels == ["consented", "declined", "consented"]


def test_a_change_keeps_the_organisations_refusal(cast, reference_data):
    placement = factories.placement(factories.participant(user=cast.participant), state="published")
    r = services.open_reappointment(placement, deadline=timezone.localdate() + timedelta(days=3))
    services.record_organisation_decision(r, consent=False)
    services.decide_reappointment(cast.participant, r.pk, consent=False)
    services.decide_reappointment(cast.participant, r.pk, consent=True)
    placement.participant.refresh_from_db()
    assert placement.participant.last_jet_year == placement.jet_year  # the organisation declined
    assert Placement.objects.filter(participant=placement.participant).count() == 1


def test_no_change_once_hq_has_published_next_years_placement(cast, agreed):
    services.publish_placements([agreed.next_placement_id])
    with pytest.raises(services.JetError) as refusal:
        services.decide_reappointment(cast.participant, agreed.pk, consent=False)
    assert "already confirmed" in str(refusal.value.message)
    agreed.refresh_from_db()
    assert agreed.participant_decision == Reappointment.Decision.CONSENTED
    assert agreed.next_placement.state == Placement.State.PUBLISHED


def test_the_same_answer_twice_and_a_change_after_the_deadline_are_refused(cast, agreed):
    with pytest.raises(services.JetError):
        services.decide_reappointment(cast.participant, agreed.pk, consent=True)
    Reappointment.objects.filter(pk=agreed.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(services.JetError):
        services.decide_reappointment(cast.participant, agreed.pk, consent=False)
    agreed.refresh_from_db()
    assert agreed.participant_decision == Reappointment.Decision.CONSENTED


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_home_page_offers_the_change_with_the_answer_chosen(client, cast, agreed, language):
    services.decide_reappointment(cast.participant, agreed.pk, consent=False)
    client.force_login(cast.participant)
    page = client.get(f"/{language}/jet/").content.decode()
    change = {"en": "Change your answer", "ja": "回答を変更する"}[language]
    earlier = {"en": "Your earlier answers", "ja": "これまでの回答"}[language]
    assert change in page and earlier in page
    (declined,) = re.findall(r'<input[^>]*value="decline"[^>]*>', page)
    (consented,) = re.findall(r'<input[^>]*value="consent"[^>]*>', page)
    assert "checked" in declined and "checked" not in consented
