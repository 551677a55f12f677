"""Seminar registration: capacity, the waiting list in order, the deadline, reminders, attendance."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from clair_portal.accounts.roles import JET_PARTICIPANT
from clair_portal.notifications.models import Notification
from conftest import make_user
from jet import registrations
from jet.models import SeminarRegistration
from jet.registrations import RegistrationError
from jet.tests import factories

State = SeminarRegistration.State


def placed(n, year=2026):
    """``n`` participants with accounts, placed in Nagasaki City in ``year``."""
    people = []
    group = Group.objects.get(name=JET_PARTICIPANT)
    for i in range(n):
        user = make_user(f"reg{i}-{timezone.now().timestamp()}@example.org")
        user.groups.add(group)
        participant = factories.participant(user=user)
        factories.placement(participant, state="published", year=year)
        people.append(participant)
    return people


def seminar(**extra):
    start = timezone.now() + timedelta(days=10)
    fields = {
        "registration": True,
        "capacity": 2,
        "starts_at": start,
        "ends_at": start + timedelta(hours=6),
        "jet_year": 2026,
    }
    fields.update(extra)
    return factories.seminar(**fields)


def states(s):
    return list(
        SeminarRegistration.objects.filter(seminar=s)
        .order_by("created_at", "pk")
        .values_list("participant_id", "state")
    )


@pytest.mark.django_db
def test_places_then_the_waiting_list_promoted_in_order(cast):
    a, b, c, d = placed(4)
    s = seminar()
    for p in (a, b, c, d):
        registrations.register(p, s.pk)
    assert states(s) == [
        (a.pk, State.REGISTERED), (b.pk, State.REGISTERED),
        (c.pk, State.WAITING), (d.pk, State.WAITING),
    ]  # fmt: skip
    waiting_d = SeminarRegistration.objects.get(seminar=s, participant=d)
    assert registrations.waiting_position(waiting_d) == 2
    registrations.cancel(a, s.pk)
    assert SeminarRegistration.objects.get(seminar=s, participant=c).state == State.REGISTERED
    assert SeminarRegistration.objects.get(seminar=s, participant=d).state == State.WAITING
    assert Notification.objects.filter(user=c.user, subject__contains="A place for you").exists()
    assert not Notification.objects.filter(user=d.user).exists()
    # Leaving the waiting list promotes nobody; a second registration is refused.
    registrations.cancel(d, s.pk)
    with pytest.raises(RegistrationError):
        registrations.register(b, s.pk)
    # Registering again after cancelling goes to the end of the queue.
    registrations.register(a, s.pk)
    assert SeminarRegistration.objects.get(seminar=s, participant=a, state=State.WAITING)


@pytest.mark.django_db
def test_the_deadline_and_the_seminars_targets(cast):
    (p,) = placed(1)
    (other_year,) = placed(1, year=2025)
    closed = seminar(registration_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(RegistrationError, match="closed"):
        registrations.register(p, closed.pk)
    s = seminar()
    from django.http import Http404

    with pytest.raises(Http404):
        registrations.register(other_year, s.pk)  # a seminar for 2026's participants
    without = seminar(registration=False)
    with pytest.raises(Http404):
        registrations.register(p, without.pk)


@pytest.mark.django_db
def test_the_participant_registers_and_cancels_on_the_seminars_page(client, cast):
    participant = factories.participant(user=cast.participant)
    factories.placement(participant, state="published")
    s = seminar(capacity=1)
    client.force_login(cast.participant)
    text = client.get(reverse("jet:seminars")).content.decode()
    assert "0 of 1 places taken" in text and "Register" in text
    response = client.post(reverse("jet:register_seminar", args=[s.pk]), follow=True)
    assert "You are registered for the seminar." in response.content.decode()
    assert "You are registered." in response.content.decode()
    response = client.post(reverse("jet:register_seminar", args=[s.pk]), follow=True)
    assert "You are already registered for this seminar." in response.content.decode()
    client.post(reverse("jet:cancel_seminar", args=[s.pk]))
    assert SeminarRegistration.objects.get().state == State.CANCELLED


@pytest.mark.django_db
def test_the_seminar_as_ics(client, cast):
    participant = factories.participant(user=cast.participant)
    factories.placement(participant, state="published")
    s = seminar(title_en="Mid-year seminar in Nagasaki")
    client.force_login(cast.participant)
    response = client.get(reverse("jet:seminar_calendar", args=[s.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "BEGIN:VEVENT" in text and "Mid-year seminar in Nagasaki" in text
    assert text.count("BEGIN:VEVENT") == 1
    other = seminar(jet_year=2020)
    assert client.get(reverse("jet:seminar_calendar", args=[other.pk])).status_code == 404


@pytest.mark.django_db
def test_reminders_the_day_before_once(cast):
    a, b = placed(2)
    tomorrow = timezone.localtime() + timedelta(days=1)
    s = seminar(starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=2), capacity=1)
    later = seminar()
    registrations.register(a, s.pk)
    registrations.register(b, s.pk)  # waiting: not reminded
    registrations.register(a, later.pk)
    assert registrations.send_reminders() == 1
    assert registrations.send_reminders() == 0
    assert Notification.objects.filter(user=a.user, subject__startswith="Tomorrow").count() == 1
    assert not Notification.objects.filter(user=b.user).exists()


@pytest.mark.django_db
def test_hq_records_attendance_and_sees_counts(client, cast):
    a, b, c = placed(3)
    s = seminar(title_en="Skills conference")
    for p in (a, b, c):
        registrations.register(p, s.pk)
    client.force_login(cast.hq)
    ids = list(
        SeminarRegistration.objects.filter(participant__in=[a, c]).values_list("pk", flat=True)
    )
    response = client.post(
        reverse("admin:jet_seminarregistration_changelist"),
        {"action": "mark_attended", "_selected_action": ids},
    )
    assert response.status_code == 302
    # The waiting one (c) is not a place: only a is recorded.
    assert list(
        SeminarRegistration.objects.filter(attended=True).values_list("participant", flat=True)
    ) == [a.pk]
    text = client.get(reverse("admin:jet_seminar_changelist")).content.decode()
    assert "Skills conference" in text
    row = registrations.counts(type(s).objects.filter(pk=s.pk)).get()
    assert (row.registered_count, row.waiting_count, row.attended_count) == (2, 1, 1)
    with pytest.raises(RegistrationError):
        registrations.record_attendance(a.user, ids, attended=True)


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook(cast):
    people = placed(8)
    s = seminar(capacity=3)
    barrier = threading.Barrier(len(people))
    errors = []

    def register(participant):
        try:
            barrier.wait(timeout=10)
            registrations.register(participant, s.pk)
        except Exception as error:  # reported below, with the thread's own traceback gone
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    rows = SeminarRegistration.objects.filter(seminar=s)
    assert rows.filter(state=State.REGISTERED).count() == 3
    assert rows.filter(state=State.WAITING).count() == 5
    # And concurrent cancellations promote exactly as many as left.
    leaving = [r.participant for r in rows.filter(state=State.REGISTERED)[:2]]
    barrier = threading.Barrier(len(leaving))

    def cancel(participant):
        try:
            barrier.wait(timeout=10)
            registrations.cancel(participant, s.pk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(p,)) for p in leaving]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert rows.filter(state=State.REGISTERED).count() == 3
    assert rows.filter(state=State.WAITING).count() == 3
