"""Publishing placements and changing published ones: each participant hears once per change."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from clair_portal.notifications.models import Notification
from jet import services
from jet.models import Placement, PlacementNotice
from jet.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast):
    cast.participant.language = "ja"
    cast.participant.save()
    return factories.placement(factories.participant(user=cast.participant))


def test_publishing_tells_the_participant_once_in_their_language(
    cast, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_placements([draft.pk], by=cast.hq) == 1
    draft.refresh_from_db()
    assert draft.state == Placement.State.PUBLISHED and draft.version == 1
    (notification,) = Notification.objects.filter(user=cast.participant)
    assert notification.event_key == f"jet-placement-{draft.pk}-v1"
    assert notification.url == f"/ja/jet/placements/{draft.pk}/"
    assert "公開" in notification.subject
    assert len(mail.outbox) == 1
    assert draft.history.first().history_user == cast.hq

    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_placements([draft.pk], by=cast.hq) == 0
        services.resume_stalled_notices()
    assert Notification.objects.filter(user=cast.participant).count() == 1
    assert len(mail.outbox) == 1


def test_a_change_to_a_published_placement_is_told_once_and_a_draft_change_is_not(
    client, cast, draft, django_capture_on_commit_callbacks
):
    client.force_login(cast.hq)
    url = reverse("admin:jet_placement_change", args=[draft.pk])
    form = {
        "participant": draft.participant_id, "organisation": draft.organisation_id,
        "role": "ALT", "jet_year": 2026, "contract_start": "2026-08-01",
        "contract_end": "2027-07-31", "workplaces": "Nagasaki Minami High School | 1-2 Nagasaki",
        "supervisor_name": "Suzuki Ichiro", "supervisor_email": "suzuki@example.jp",
        "supervisor_phone": "", "notes": "", "state": "draft",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**form, "notes": "draft note"}).status_code == 302
    assert not Notification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_placements([draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {**form, "notes": "draft note", "state": "published", "contract_end": "2027-08-01"}
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 2 and draft.contract_end == date(2027, 8, 1)
    keys = sorted(Notification.objects.values_list("event_key", flat=True))
    assert keys == [f"jet-placement-{draft.pk}-v1", f"jet-placement-{draft.pk}-v2"]
    assert PlacementNotice.objects.filter(state="sent").count() == 2


def test_bulk_publish_action_fans_out_in_chunks(
    cast, client, monkeypatch, django_capture_on_commit_callbacks
):
    from clair_portal.accounts import roles
    from conftest import make_user

    monkeypatch.setattr(services.placements, "NOTICE_CHUNK", 4)
    ids = []
    for i in range(10):
        user = make_user(f"bulk{i}@example.org", role=roles.JET_PARTICIPANT)
        ids.append(factories.placement(factories.participant(user=user)).pk)
    client.force_login(cast.hq)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("admin:jet_placement_changelist"),
            {"action": "publish", "_selected_action": ids},
        )
    assert response.status_code == 302
    assert len(callbacks) == 3  # three chunks: 4 + 4 + 2
    for callback in callbacks:
        callback()
    assert Notification.objects.filter(event_key__startswith="jet-placement-").count() == 10
    assert set(PlacementNotice.objects.values_list("state", flat=True)) == {"sent"}


def test_a_notice_delivered_twice_sends_nothing_twice(
    cast, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.publish_placements([draft.pk])
    assert services.send_notices([draft.pk]) == 1
    assert services.send_notices([draft.pk]) == 0
    assert Notification.objects.filter(user=cast.participant).count() == 1


def test_portal_page_query_count_is_constant(client, cast, draft, django_assert_max_num_queries):
    services.publish_placements([draft.pk])
    for _ in range(30):
        factories.seminar()
    client.force_login(cast.participant)
    client.get(reverse("jet:home"))
    # session, user, participant, placement (with organisation, prefecture and
    # reappointment), seminars, calendar feed (get_or_create: one select),
    # the inbox's unread count, plus savepoints of the feed's get_or_create.
    # (+1: the viewer's zone, asked once on a page that shows a time)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("jet:home"))
    assert b"Nagasaki Minami High School" in response.content
    # session, user, participant, placement, count of seminars, one page of them, feed, inbox
    with django_assert_max_num_queries(11):
        response = client.get(reverse("jet:seminars"))
    assert len(response.context["page"].object_list) == 20


def _placements(n, start):
    for i in range(start, start + n):
        factories.placement(factories.participant(jet_number=f"Q-{i:05d}"), state="published")


@pytest.mark.parametrize("rows", [3, 40])
def test_admin_changelist_and_statistics_query_counts_do_not_grow(
    client, cast, rows, django_assert_max_num_queries
):
    _placements(rows, 0)
    client.force_login(cast.superuser)
    client.get(reverse("admin:jet_placement_changelist"))
    # session, user, the page of placements with participant, organisation and
    # prefecture (one join), the filtered count, the prefecture filter's 47
    # choices, history/permission checks and savepoints: independent of rows.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:jet_placement_changelist")).status_code == 200
    # session, user, groups, one query per chart (year, country, role),
    # prefecture counts, the 47 prefectures, the inbox's unread count.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("jet:statistics")).status_code == 200
