"""Overbooking is impossible: concurrent selections and withdrawals on real PostgreSQL."""

import threading

import pytest
from django.db import connection

from training import services
from training.models import Application
from training.tests import factories


def _run_together(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_selections_never_give_more_places_than_the_course_has(cast):
    approver = factories.officer("approver.cc@example.org")
    factories.approver(approver)
    course = factories.course(capacity=3)
    applications = [
        factories.endorsed(factories.officer(f"cc{i}@example.org"), course, approver_user=approver)
        for i in range(8)
    ]
    errors = _run_together([lambda pk=a.pk: services.select(cast.hq, pk) for a in applications])
    assert errors == []
    states = list(Application.objects.filter(course=course).values_list("state", flat=True))
    assert sorted(states) == ["selected"] * 3 + ["waiting"] * 5


@pytest.mark.django_db(transaction=True)
def test_a_place_freed_while_others_are_selected_goes_to_one_person_only(cast):
    approver = factories.officer("approver.cw@example.org")
    factories.approver(approver)
    course = factories.course(capacity=2)
    officers = [factories.officer(f"cw{i}@example.org") for i in range(6)]
    applications = [factories.endorsed(user, course, approver_user=approver) for user in officers]
    services.select(cast.hq, applications[0].pk)
    services.select(cast.hq, applications[1].pk)
    services.select(cast.hq, applications[2].pk)  # waiting, first in line
    calls = [lambda: services.withdraw(officers[0], applications[0].pk)] + [
        lambda pk=a.pk: services.select(cast.hq, pk) for a in applications[3:]
    ]
    assert _run_together(calls) == []
    selected = Application.objects.filter(course=course, state="selected")
    assert selected.count() == 2
    # The first on the waiting list got the freed place, whatever the order of the rest.
    assert applications[2].pk in set(selected.values_list("pk", flat=True))
