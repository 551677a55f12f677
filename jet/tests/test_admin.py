"""HQ's admin at scale: searches served by indexes, deep pages, constant query counts."""

import pytest
from django.db import connection
from django.urls import reverse

from jet.models import Participant, Placement
from jet.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(reference_data):
    rows = [
        ("A26-00123", "Okafor", "Chidinma"),
        ("C26-00007", "Smith", "Okapi"),
        ("A25-00999", "Brown", "Sam"),
    ]
    return [
        factories.placement(
            factories.participant(jet_number=n, family_name=f, given_name=g), state="published"
        )
        for n, f, g in rows
    ]


def changelist(client, path, **params):
    response = client.get(reverse(path), params)
    assert response.status_code == 200
    return response.context["cl"]


@pytest.mark.parametrize(
    "term, expected",
    [
        ("a26-00123", {"A26-00123"}),  # a JET number in any case
        ("A26", set()),  # a JET number matches whole, not in part
        ("oka", {"A26-00123", "C26-00007"}),  # part of a family or given name
        ("OKA smith", {"C26-00007"}),  # every word must match
        ("", {"A26-00123", "C26-00007", "A25-00999"}),
    ],
)
def test_placement_search_by_jet_number_or_name(client, cast, people, term, expected):
    client.force_login(cast.hq)
    cl = changelist(client, "admin:jet_placement_changelist", q=term)
    assert {p.participant.jet_number for p in cl.result_list} == expected


def test_participant_search_by_email_and_reappointment_search_by_name(client, cast, people):
    client.force_login(cast.hq)
    person = people[2].participant
    cl = changelist(client, "admin:jet_participant_changelist", q=person.email.upper())
    assert list(cl.result_list) == [person]
    cl = changelist(client, "admin:jet_participant_changelist", q="brow")
    assert list(cl.result_list) == [person]


def test_name_search_can_use_the_trigram_indexes(client, cast, people):
    """With full scans priced out, the planner reaches each condition through its index."""
    client.force_login(cast.hq)
    with connection.cursor() as cursor:
        # A three-row table is read whole otherwise; the point is that the indexes fit.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
    from jet.admin import ParticipantAdmin

    admin = ParticipantAdmin(Participant, None)
    queryset, _dupes = admin.get_search_results(None, Participant.objects.all(), "okap")
    plan = queryset.order_by().explain()
    assert "jet_participant_family_trgm" in plan and "jet_participant_given_trgm" in plan
    assert "jet_participant_jet_number" in plan  # the unique index (or its LIKE twin)


def test_a_deep_page_lists_the_same_rows_as_the_plain_ordering(client, cast, reference_data):
    from jet.admin import PlacementAdmin

    for year in range(2010, 2016):
        for _ in range(2):
            factories.placement(factories.participant(), year=year)
    client.force_login(cast.superuser)
    per_page = PlacementAdmin.list_per_page
    PlacementAdmin.list_per_page = 5
    try:
        pages = [
            [p.pk for p in changelist(client, "admin:jet_placement_changelist", p=n).result_list]
            for n in (1, 2, 3)
        ]
    finally:
        PlacementAdmin.list_per_page = per_page
    expected = list(Placement.objects.order_by("-jet_year", "id").values_list("pk", flat=True))
    assert pages == [expected[0:5], expected[5:10], expected[10:12]]


def test_hq_records_the_organisations_answer_once(client, cast, reference_data):
    from datetime import timedelta

    from django.utils import timezone

    from jet.models import Reappointment

    placements = [factories.placement(factories.participant(), state="published") for _ in range(2)]
    deadline = timezone.localdate() + timedelta(days=30)
    first, second = (
        Reappointment.objects.create(placement=p, deadline=deadline) for p in placements
    )
    client.force_login(cast.hq)
    url = reverse("admin:jet_reappointment_changelist")
    response = client.post(
        url, {"action": "organisation_consents", "_selected_action": [first.pk]}, follow=True
    )
    assert "1 answer recorded." in response.content.decode()
    first.refresh_from_db()
    assert first.organisation_decision == Reappointment.Decision.CONSENTED
    assert first.organisation_decided_at is not None

    # A second answer for the same reappointment is refused; the other one is recorded.
    response = client.post(
        url,
        {"action": "organisation_declines", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "The contracting organisation has already answered." in page
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.organisation_decision == Reappointment.Decision.CONSENTED
    assert second.organisation_decision == Reappointment.Decision.DECLINED
    assert second.history.first().organisation_decision == Reappointment.Decision.DECLINED


def _count_changelist_queries(client, path, django_assert_max_num_queries, limit):
    client.get(reverse(path))
    with django_assert_max_num_queries(limit) as queries:
        assert client.get(reverse(path), {"q": "family"}).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "admin:jet_participant_changelist",
        "admin:jet_placement_changelist",
        "admin:jet_reappointment_changelist",
    ],
)
def test_admin_lists_and_their_searches_keep_their_query_count_as_rows_grow(
    client, cast, reference_data, path, django_assert_max_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    from jet.models import Reappointment

    def add(n):
        for _ in range(n):
            placement = factories.placement(factories.participant(), state="published")
            Reappointment.objects.create(
                placement=placement, deadline=timezone.localdate() + timedelta(days=9)
            )

    client.force_login(cast.superuser)
    add(3)
    # session, user, the page (one join), its count, the filters' choices where a
    # filter reads them (the 47 prefectures), savepoints: never one per row.
    few = _count_changelist_queries(client, path, django_assert_max_num_queries, 12)
    add(40)
    assert _count_changelist_queries(client, path, django_assert_max_num_queries, 12) == few
