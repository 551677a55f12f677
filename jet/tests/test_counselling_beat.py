"""Urgent consultations escalate to the lead every hour until acknowledged; content is deleted
after the retention period; the statistics hide every count under 5. The beat's tasks run on a
real worker at clock times the test gives them."""

import time as clock
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clair_portal.notifications.models import Notification
from jet.counselling import services
from jet.counselling import statistics as stats
from jet.models import Consultation, ConsultationMessage, ConsultationReading, DutyShift
from jet.tasks import delete_expired_consultations, escalate_urgent_consultations

SECRET = "Quokka-secret-4410"


def urgent(user, **extra):
    return services.open_consultation(
        user, topic="mental_health", urgency="urgent", contact="phone",
        contact_details="+81 90 0000 0000", body=SECRET, **extra,
    )  # fmt: skip


def notices(user, subject_part):
    return Notification.objects.filter(user=user, subject__contains=subject_part)


def on_duty(counsellor, now=None):
    now = now or timezone.now()
    DutyShift.objects.create(
        counsellor=counsellor, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=8)
    )


# --- Escalation, in-process -------------------------------------------------------------


@pytest.mark.django_db
def test_the_counsellor_on_duty_is_told_at_once_and_only_they(cast, team):
    on_duty(team.colleague)
    consultation = urgent(cast.participant)
    assert notices(team.colleague, "URGENT").count() == 1
    assert not notices(team.counsellor, "URGENT").exists()
    assert not notices(team.lead, "URGENT").exists()
    assert consultation.duty_notified_at is not None


@pytest.mark.django_db
def test_with_nobody_on_duty_the_lead_is_told_at_once(cast, team):
    urgent(cast.participant)
    assert notices(team.lead, "URGENT").count() == 1


@pytest.mark.django_db
def test_the_lead_is_told_each_hour_until_someone_acknowledges(cast, team):
    on_duty(team.counsellor)
    consultation = urgent(cast.participant)
    opened = consultation.created_at
    assert services.escalate_unacknowledged(opened + timedelta(minutes=59)) == 0
    assert services.escalate_unacknowledged(opened + timedelta(minutes=60)) == 1
    assert services.escalate_unacknowledged(opened + timedelta(minutes=61)) == 0
    assert notices(team.lead, "unacknowledged for 60 minutes").count() == 1
    assert services.escalate_unacknowledged(opened + timedelta(minutes=119)) == 0
    assert services.escalate_unacknowledged(opened + timedelta(minutes=120)) == 1
    assert notices(team.lead, "unacknowledged for 120 minutes").count() == 1
    services.take(team.counsellor, consultation.pk)
    assert services.escalate_unacknowledged(opened + timedelta(minutes=180)) == 0
    assert notices(team.lead, "unacknowledged").count() == 2
    # Content-free: the number and the urgency, never what was written.
    for notice in Notification.objects.all():
        assert SECRET not in notice.subject + notice.body


@pytest.mark.django_db
def test_answering_acknowledges_and_a_normal_consultation_never_escalates(cast, team):
    consultation = urgent(cast.participant)
    services.post_message(team.counsellor, consultation.pk, "I am calling you now.")
    normal = services.open_consultation(
        cast.participant, topic="work", urgency="normal", contact="portal", body="Later."
    )
    later = timezone.now() + timedelta(hours=5)
    assert services.escalate_unacknowledged(later) == 0
    consultation.refresh_from_db()
    assert consultation.acknowledged_at is not None and normal.next_escalation_at is None


@pytest.mark.django_db
def test_the_take_button_acknowledges(client, cast, team):
    consultation = urgent(cast.participant)
    client.force_login(team.counsellor)
    response = client.get(reverse("jet:consultation", args=[consultation.pk]))
    assert b"Take and acknowledge" in response.content
    client.post(reverse("jet:take_consultation", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.acknowledged_at and consultation.assigned_to == team.counsellor


# --- Retention -------------------------------------------------------------------------


def closed(user, closed_at, **extra):
    consultation = services.open_consultation(
        user, topic="housing", urgency="normal", contact="email",
        contact_details="me@example.org", body=SECRET, **extra,
    )  # fmt: skip
    Consultation.objects.filter(pk=consultation.pk).update(
        state="closed", closed_at=closed_at, outcome="resolved", first_answer_at=closed_at
    )
    return consultation


@pytest.mark.django_db
def test_retention_deletes_content_after_five_years_and_keeps_statistics(client, cast, team):
    now = timezone.now()
    old = closed(cast.participant, now - timedelta(days=5 * 366))
    recent = closed(cast.participant, now - timedelta(days=4 * 365))
    client.force_login(team.lead)
    client.get(reverse("jet:consultation", args=[old.pk]))
    assert services.delete_expired_content(now) == 1
    assert services.delete_expired_content(now) == 0  # once
    old.refresh_from_db()
    assert old.content_deleted_at == now and old.contact_details == ""
    assert old.participant is None and old.opened_by is None
    assert not ConsultationMessage.objects.filter(consultation=old).exists()
    assert ConsultationMessage.objects.filter(consultation=recent).exists()
    # What the statistics need stays; so does the log of who read it.
    assert (old.topic, old.prefecture_id, old.role, old.outcome) == (
        "housing",
        "420000",
        "ALT",
        "resolved",
    )
    assert ConsultationReading.objects.filter(consultation=old, reader=team.lead).exists()
    assert any(c.label == "Housing" or c.label == "housing" for c in stats.by_topic())


@pytest.mark.django_db
def test_the_retention_period_is_a_setting(cast, team, settings):
    now = timezone.now()
    closed(cast.participant, now - timedelta(days=400))
    assert services.delete_expired_content(now) == 0
    settings.JET_COUNSELLING_RETENTION_YEARS = 1
    assert services.delete_expired_content(now) == 1


# --- Statistics --------------------------------------------------------------------------


def test_every_count_under_five_is_hidden_and_a_lone_one_takes_its_neighbour():
    cells = stats.suppress([("a", 12), ("b", 3), ("c", 7), ("d", 40)])
    assert [c.hidden for c in cells] == [False, True, True, False]
    cells = stats.suppress([("a", 0), ("b", 4), ("c", 9)])
    assert [c.hidden for c in cells] == [True, True, False]
    assert not any(c.hidden for c in stats.suppress([("a", 5), ("b", 6)]))


@pytest.mark.django_db
def test_the_statistics_page_shows_no_small_count(client, cast, team):
    for _ in range(6):
        services.open_consultation(
            cast.participant, topic="work", urgency="normal", contact="portal", body="x"
        )
    services.open_consultation(
        cast.participant, topic="money", urgency="normal", contact="portal", body="y"
    )
    client.force_login(team.lead)
    response = client.get(reverse("jet:counselling_statistics"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<td>6</td>" in text and "<td>1</td>" not in text and "<td>7</td>" in text
    for cells in (stats.by_topic(), stats.by_role(), stats.by_prefecture(), stats.by_month()):
        assert all(c.hidden or c.count >= stats.THRESHOLD for c in cells)
    response = client.get(reverse("jet:counselling_statistics"), {"year": "abc"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_statistics_page_pins_its_queries(client, cast, team, django_assert_max_num_queries):
    client.force_login(team.lead)
    # Session and user, the roles, the PA posts, the participant record, the organisation;
    # then one per table (two for the prefectures' names, one more for the unanswered).
    with django_assert_max_num_queries(14):
        assert client.get(reverse("jet:counselling_statistics")).status_code == 200


@pytest.mark.django_db
def test_the_queue_pins_its_queries(client, cast, team, django_assert_max_num_queries):
    for n in range(3):
        services.open_consultation(
            cast.participant, topic="work", urgency="normal", contact="portal", body=f"{n}"
        )
    client.force_login(team.counsellor)
    # Session, user, roles, PA posts, participant record, membership; the count and the page.
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("jet:counselling"))
    for n in range(10):
        services.open_consultation(
            cast.participant, topic="work", urgency="normal", contact="portal", body=f"{n}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("jet:counselling"))


# --- On a real worker --------------------------------------------------------------------


def wait_for(condition, worker, timeout=30):
    deadline = clock.monotonic() + timeout
    while not condition():
        if clock.monotonic() > deadline:
            pytest.fail(f"the worker did not do it in {timeout}s:\n{worker.output()[-3000:]}")
        clock.sleep(0.2)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_escalates_once_per_hour_until_acknowledged(
    cast, team, celery_worker_process
):
    on_duty(team.counsellor)
    consultation = urgent(cast.participant)
    opened = consultation.created_at

    def at(minutes):
        escalate_urgent_consultations.delay((opened + timedelta(minutes=minutes)).isoformat())

    def escalations():
        return Consultation.objects.get(pk=consultation.pk).escalations

    # The beat's ticks, in order on the one worker: 59 min changes nothing; 60 tells the
    # lead; the same minute again, twice, and 61 tell nobody twice.
    for minutes in (59, 60, 60, 60, 61):
        at(minutes)
    wait_for(lambda: escalations() == 1, celery_worker_process)
    at(119)
    at(120)
    at(120)
    wait_for(lambda: escalations() == 2, celery_worker_process)
    services.take(team.counsellor, consultation.pk)
    at(180)
    at(240)
    escalate_urgent_consultations.delay()  # the beat's own clock, hours before any is due
    clock.sleep(2)
    assert escalations() == 2
    assert notices(team.lead, "unacknowledged").count() == 2
    assert notices(team.counsellor, "URGENT").count() == 1  # on duty: once, at the opening


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_deletes_expired_content(cast, team, celery_worker_process):
    now = timezone.now()
    old = closed(cast.participant, now - timedelta(days=6 * 365))
    delete_expired_consultations.delay()
    wait_for(
        lambda: Consultation.objects.filter(pk=old.pk, content_deleted_at__isnull=False).exists(),
        celery_worker_process,
    )
    assert not ConsultationMessage.objects.filter(consultation=old).exists()
    assert Consultation.objects.filter(pk=old.pk, topic="housing").exists()
