"""Ranking the registry for a dispatch request: order, reasons, and a constant query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from cooperation import ranking, services
from cooperation.models import Dispatch, LanguageLevel
from cooperation.tests import factories

pytestmark = pytest.mark.django_db

MAY, JUNE_END = datetime.date(2027, 5, 1), datetime.date(2027, 6, 30)


@pytest.fixture
def request_(cast):
    return factories.dispatch_request(
        cast.office_a,
        fields=("water-supply", "sewerage"),
        language="fr",
        starts_on=MAY,
        ends_on=JUNE_END,
    )


def test_candidates_rank_by_fields_language_availability_and_experience(cast, request_):
    both_fields = factories.specialist(
        "both@example.org",
        fields=("water-supply", "sewerage"),
        languages=(("fr", LanguageLevel.FLUENT),),
        windows=((datetime.date(2027, 4, 1), datetime.date(2027, 7, 31)),),
    )
    one_field = factories.specialist(
        "one@example.org",
        fields=("water-supply",),
        languages=(("fr", LanguageLevel.FLUENT),),
        windows=((datetime.date(2027, 4, 1), datetime.date(2027, 7, 31)),),
    )
    no_french = factories.specialist(
        "nofrench@example.org",
        fields=("water-supply",),
        languages=(("en", LanguageLevel.NATIVE),),
        windows=((datetime.date(2027, 5, 1), datetime.date(2027, 5, 31)),),
    )
    factories.specialist("declined@example.org", fields=("water-supply", "sewerage"), consent=False)
    factories.specialist("gone@example.org", fields=("water-supply", "sewerage"), active=False)

    candidates = services.rank_candidates(request_)
    assert [c.specialist for c in candidates] == [both_fields, one_field, no_french]
    top = candidates[0]
    assert top.rank == 1
    assert top.score == pytest.approx(40 + 30 * 3 / 4 + 20)
    assert [f.code for f in top.matched_fields] == ["water-supply", "sewerage"]
    assert top.available_days == request_.days == 61
    with translation.override("en"):
        assert [str(r) for r in top.reasons] == [
            "Fields: 2 of 2 match (Water supply, Sewerage and wastewater treatment)",
            "French: fluent",
            "Available for the whole period",
            "No past dispatches",
        ]
        assert [str(r) for r in candidates[2].reasons][1:3] == [
            "French: not spoken",
            "Available 31 of 61 days of the period",
        ]


def test_past_dispatches_break_a_tie_and_are_named(cast, request_):
    fresh = factories.specialist("fresh@example.org", fields=("water-supply",), full_name="Aoki")
    veteran = factories.specialist(
        "veteran@example.org", fields=("water-supply",), full_name="Watanabe"
    )
    earlier = factories.dispatch_request(cast.office_a, starts_on=datetime.date(2025, 5, 1),
                                         ends_on=datetime.date(2025, 6, 1))  # fmt: skip
    dispatch = services.select_specialist(earlier, veteran, by=cast.hq)
    Dispatch.objects.filter(pk=dispatch.pk).update(state=Dispatch.State.COMPLETED)

    candidates = services.rank_candidates(request_)
    assert [c.specialist for c in candidates][:2] == [veteran, fresh]
    assert candidates[0].past_dispatches == 1
    with translation.override("ja"):
        assert "過去の派遣 1件" in [str(r) for r in candidates[0].reasons]


def test_ranking_takes_three_queries_whatever_the_registry_size(
    cast, request_, django_assert_num_queries
):
    for i in range(30):
        factories.specialist(f"s{i}@example.org", fields=("water-supply", "sewerage")[: 1 + i % 2])
    # 1: the request's fields; 2: the ranking; 3: the ranked specialists.
    with django_assert_num_queries(3):
        small = services.rank_candidates(request_, limit=5)
    for i in range(30, 90):
        factories.specialist(f"s{i}@example.org", fields=("sewerage",))
    with django_assert_num_queries(3):
        large = services.rank_candidates(request_, limit=50)
    assert len(small) == 5 and len(large) == 50


def test_request_page_shows_ranked_candidates_with_reasons_to_hq_in_fixed_queries(
    client, cast, request_, django_assert_max_num_queries
):
    for i in range(25):
        factories.specialist(f"s{i}@example.org", languages=(("fr", 2),))
    client.force_login(cast.hq)
    # session, user, groups (is_hq), the request with its government, its fields (page),
    # its dispatches, ranking: fields + ranking + specialists, the inbox count, savepoints.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cooperation:request_detail", args=[request_.pk]))
    assert response.status_code == 200
    assert len(response.context["candidates"]) == ranking.DEFAULT_LIMIT
    assert b"French: working" in response.content


def test_hq_selects_a_ranked_candidate_and_the_dispatch_is_recorded(client, cast, request_):
    chosen = factories.specialist("chosen@example.org", fields=("water-supply",))
    client.force_login(cast.hq)
    response = client.post(
        reverse("cooperation:request_select", args=[request_.pk]), {"specialist": chosen.pk}
    )
    dispatch = Dispatch.objects.get(request=request_)
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:dispatch_detail", args=[dispatch.pk])
    request_.refresh_from_db()
    assert request_.state == "selected" and request_.selected_specialist == chosen
    assert (dispatch.starts_on, dispatch.ends_on, dispatch.state) == (MAY, JUNE_END, "planned")
    # A second choice for the same request is refused and changes nothing.
    other = factories.specialist("other@example.org")
    client.post(reverse("cooperation:request_select", args=[request_.pk]), {"specialist": other.pk})
    assert Dispatch.objects.filter(request=request_).count() == 1
    request_.refresh_from_db()
    assert request_.selected_specialist == chosen


def test_specialists_booked_for_an_overlapping_period_are_left_out(cast, request_):
    """Selected or dispatched elsewhere in the period: not proposed, and not selectable."""
    free = factories.specialist("free@example.org", fields=("water-supply",), full_name="Free")
    busy = factories.specialist(
        "busy@example.org", fields=("water-supply", "sewerage"), full_name="Busy"
    )
    once_busy = factories.specialist(
        "oncebusy@example.org", fields=("water-supply", "sewerage"), full_name="Once Busy"
    )
    before = factories.specialist(
        "before@example.org", fields=("water-supply", "sewerage"), full_name="Before"
    )
    overlapping = factories.dispatch_request(
        cast.office_a, starts_on=datetime.date(2027, 6, 15), ends_on=datetime.date(2027, 8, 31)
    )
    services.select_specialist(overlapping, busy, by=cast.hq)
    # A cancelled dispatch frees the specialist; one that ended before the period does too.
    cancelled_request = factories.dispatch_request(cast.office_a)
    cancelled = services.select_specialist(cancelled_request, once_busy, by=cast.hq)
    services.update_dispatch(cancelled, by=cast.hq, state=Dispatch.State.CANCELLED)
    earlier = factories.dispatch_request(
        cast.office_a, starts_on=datetime.date(2027, 3, 1), ends_on=datetime.date(2027, 4, 30)
    )
    services.select_specialist(earlier, before, by=cast.hq)

    ranked = [c.specialist for c in services.rank_candidates(request_)]
    assert busy not in ranked
    assert set(ranked) == {free, once_busy, before}

    with pytest.raises(services.CooperationError, match="overlapping period"):
        services.select_specialist(request_, busy, by=cast.hq)
    request_.refresh_from_db()
    assert request_.state == "open" and not Dispatch.objects.filter(request=request_).exists()
