"""LGOTP: hosts from the demand survey, timelines, checklists, reports, statistics, passports."""

import datetime

import pytest
from django.urls import reverse

from clair_portal.notifications.models import Notification
from cooperation import services
from cooperation.models import ChecklistItem, TravelDocument
from cooperation.models.lgotp import fiscal_year_of
from cooperation.tests import factories

pytestmark = pytest.mark.django_db

HOST_START, HOST_END = datetime.date(2026, 6, 1), datetime.date(2027, 1, 31)
ARRIVES = datetime.date(2026, 4, 20)


def test_fiscal_years_run_april_to_march():
    assert fiscal_year_of(datetime.date(2026, 3, 31)) == 2025
    assert fiscal_year_of(datetime.date(2026, 4, 1)) == 2026
    programme = factories.programme(2026)
    assert (programme.starts_on, programme.ends_on) == (
        datetime.date(2026, 4, 1),
        datetime.date(2027, 3, 31),
    )


def test_assignments_fill_a_host_offer_up_to_its_capacity(reference_data):
    offer = factories.offer(capacity=1)
    first, second = factories.trainee("First"), factories.trainee("Second")
    assignment = services.assign_host(first, offer, starts_on=HOST_START, ends_on=HOST_END)
    assert assignment.host_government_id == "422011"
    with pytest.raises(services.CooperationError, match="all are taken"):
        services.assign_host(second, offer, starts_on=HOST_START, ends_on=HOST_END)
    assert not hasattr(second, "assignment") or second.assignment is None


def test_only_selected_trainees_for_six_to_ten_months(reference_data):
    offer = factories.offer(capacity=3)
    nominee = factories.trainee("Nominee", selection="nominated")
    with pytest.raises(services.CooperationError):
        services.assign_host(nominee, offer, starts_on=HOST_START, ends_on=HOST_END)
    selected = factories.trainee("Selected")
    with pytest.raises(services.CooperationError, match="six to ten months"):
        services.assign_host(
            selected, offer, starts_on=HOST_START, ends_on=datetime.date(2026, 9, 1)
        )


def test_the_timeline_and_checklist_follow_the_arrival(reference_data):
    trainee = factories.trainee()
    services.assign_host(trainee, factories.offer(), starts_on=HOST_START, ends_on=HOST_END)
    phases = services.plan_timeline(trainee, arrives_on=ARRIVES)
    assert [(p.kind, p.starts_on, p.ends_on) for p in phases] == [
        ("orientation", ARRIVES, datetime.date(2026, 4, 26)),
        ("language", datetime.date(2026, 4, 27), datetime.date(2026, 5, 26)),
        ("host", HOST_START, HOST_END),
    ]
    due = dict(trainee.checklist.values_list("kind", "due_on"))
    assert due["visa"] == ARRIVES - datetime.timedelta(days=60)
    assert len(due) == 4
    # A host starting during the language study is refused.
    with pytest.raises(services.CooperationError, match="after the language study"):
        services.plan_timeline(trainee, arrives_on=datetime.date(2026, 5, 20))


def test_checklist_reminders_go_to_cooperation_staff_once(cast):
    coop = factories.cooperation_staff()
    trainee = factories.trainee()
    today = datetime.date(2026, 3, 1)
    ChecklistItem.objects.create(
        trainee=trainee, kind="visa", due_on=today + datetime.timedelta(days=5)
    )
    ChecklistItem.objects.create(
        trainee=trainee, kind="flights", due_on=today + datetime.timedelta(days=30)
    )
    ChecklistItem.objects.create(trainee=trainee, kind="insurance", due_on=today, done_on=today)
    assert services.remind_checklist(today) == 1
    assert services.remind_checklist(today) == 0
    notes = Notification.objects.filter(user=coop)
    assert notes.count() == 1 and "Nguyen Van An" in notes.get().subject
    assert not Notification.objects.filter(user=cast.hq).exists()


def test_a_final_report_completes_the_programme(client, cast):
    trainee = factories.trainee()
    client.force_login(cast.hq)
    url = reverse("cooperation:trainee_detail", args=[trainee.pk])
    response = client.post(url, {"report": "  ", "received_on": "2027-02-10"})
    assert response.status_code == 200
    trainee.refresh_from_db()
    assert trainee.selection == "selected"
    client.post(url, {"report": "What I learnt about water.", "received_on": "2027-02-10"})
    trainee.refresh_from_db()
    assert trainee.selection == "completed" and trainee.final_report_received_on == datetime.date(
        2027, 2, 10
    )


def test_statistics_by_country_field_and_host(client, cast, django_assert_max_num_queries):
    offer = factories.offer(capacity=5)
    for name, country in [("A", "VN"), ("B", "VN"), ("C", "PH")]:
        services.assign_host(factories.trainee(name, country=country), offer,
                             starts_on=HOST_START, ends_on=HOST_END)  # fmt: skip
    factories.trainee("D", country="TH", field_code="tourism", selection="withdrawn")
    client.force_login(cast.hq)
    # session, user, groups, programme, countries, fields + their names, hosts + names, inbox.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cooperation:statistics", args=[2026]))
    assert [(str(r["country_name"]), r["n"]) for r in response.context["by_country"]] == [
        ("Vietnam", 2),
        ("Philippines", 1),
    ]
    assert [(r["field"].code, r["n"]) for r in response.context["by_field"]] == [
        ("water-supply", 3)
    ]
    assert [r["n"] for r in response.context["by_host"]] == [3]


@pytest.fixture
def passport(reference_data):
    trainee = factories.trainee()
    TravelDocument.objects.create(
        trainee=trainee,
        passport_number="C7788991",
        passport_country="VN",
        passport_expires_on=datetime.date(2031, 1, 1),
        visa_number="VZ-55120",
    )
    return trainee


def test_passport_data_only_for_hq_cooperation_staff(client, cast, passport):
    coop = factories.cooperation_staff()
    url = reverse("cooperation:trainee_detail", args=[passport.pk])
    client.force_login(coop)
    assert b"C7788991" in client.get(url).content
    client.force_login(cast.hq)
    page = client.get(url)
    assert (
        page.status_code == 200
        and b"C7788991" not in page.content
        and b"VZ-55120" not in page.content
    )
    assert not cast.hq.has_perm("cooperation.view_passport")


def test_the_admin_does_not_leak_passports_to_other_hq_staff(client, cast, passport):
    client.force_login(cast.hq)
    change = client.get(reverse("admin:cooperation_trainee_change", args=[passport.pk]))
    assert change.status_code == 200 and b"C7788991" not in change.content
    listing = client.get(reverse("admin:cooperation_trainee_changelist"), {"q": "C7788991"})
    assert listing.status_code == 200
    assert b"Nguyen Van An" not in listing.content  # the number is not searchable
    history = client.get(reverse("admin:cooperation_trainee_history", args=[passport.pk]))
    assert b"C7788991" not in history.content
    coop = factories.cooperation_staff()
    client.force_login(coop)
    assert (
        b"C7788991"
        in client.get(reverse("admin:cooperation_trainee_change", args=[passport.pk])).content
    )


def test_hq_assigns_a_host_and_plans_the_timeline_on_the_trainee_page(client, cast):
    offer = factories.offer(capacity=1)
    trainee, other = factories.trainee("Placed"), factories.trainee("Waiting")
    client.force_login(cast.hq)
    data = {"offer": offer.pk, "starts_on": "2026-06-01", "ends_on": "2027-01-31",
            "arrives_on": "2026-04-20"}  # fmt: skip
    response = client.post(reverse("cooperation:trainee_detail", args=[trainee.pk]), data)
    assert response.status_code == 302
    assert trainee.phases.count() == 3 and trainee.checklist.count() == 4
    # The offer is full: the second trainee gets the reason, and no half-done timeline.
    response = client.post(reverse("cooperation:trainee_detail", args=[other.pk]), data)
    assert response.status_code == 200
    assert "all are taken" in str(response.context["host_form"].non_field_errors())
    assert not other.phases.exists() and not hasattr(other, "assignment")
