"""HQ's LGOTP pages: programme years, the demand survey, trainees, selection and passports."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from cooperation import services
from cooperation.models import (
    ChecklistItem,
    HostAssignment,
    HostOffer,
    Programme,
    Trainee,
    TravelDocument,
)
from cooperation.tests import factories

pytestmark = pytest.mark.django_db

HOST = {"starts_on": datetime.date(2026, 6, 1), "ends_on": datetime.date(2027, 1, 31)}
ARRIVES = datetime.date(2026, 4, 20)


def offer_data(**overrides):
    data = {"local_government": "422011", "field": factories.field("water-supply").pk,
            "capacity": 2, "notes": "Waterworks bureau"}  # fmt: skip
    data.update(overrides)
    return data


def test_hq_opens_a_programme_year_once(client, cast):
    client.force_login(cast.hq)
    url = reverse("cooperation:programme_list")
    response = client.post(url, {"fiscal_year": "2027"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:offer_list", args=[2027])
    response = client.post(url, {"fiscal_year": "2027"})
    assert response.status_code == 200
    assert "already open" in str(response.context["form"].errors["fiscal_year"])
    response = client.post(url, {"fiscal_year": "27"})
    assert response.context["form"].errors["fiscal_year"]
    assert list(Programme.objects.values_list("fiscal_year", flat=True)) == [2027]


def test_hq_enters_and_changes_a_host_offer(client, cast):
    programme = factories.programme(2026)
    client.force_login(cast.hq)
    response = client.post(reverse("cooperation:offer_create", args=[2026]), offer_data())
    assert response.status_code == 302
    offer = HostOffer.objects.get()
    assert (offer.programme, offer.local_government_id, offer.capacity) == (programme, "422011", 2)
    # The same host and field twice is refused, with the reason, and nothing is added.
    response = client.post(reverse("cooperation:offer_create", args=[2026]), offer_data())
    assert response.status_code == 200
    assert "already offered" in str(response.context["form"].non_field_errors())
    # No place at all is a field error.
    response = client.post(
        reverse("cooperation:offer_edit", args=[offer.pk]), offer_data(capacity=0)
    )
    assert response.status_code == 200 and response.context["form"].errors["capacity"]
    response = client.post(
        reverse("cooperation:offer_edit", args=[offer.pk]), offer_data(capacity=3)
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.capacity == 3 and HostOffer.objects.count() == 1


def test_an_offers_capacity_cannot_fall_below_its_trainees(client, cast):
    offer = factories.offer(capacity=2)
    for name in ("First", "Second"):
        services.assign_host(factories.trainee(name), offer, **HOST)
    client.force_login(cast.hq)
    url = reverse("cooperation:offer_edit", args=[offer.pk])
    response = client.post(url, offer_data(capacity=1))
    assert "2 trainee(s) are already assigned" in str(response.context["form"].non_field_errors())
    response = client.post(url, offer_data(field=factories.field("tourism").pk))
    assert "cannot change" in str(response.context["form"].non_field_errors())
    offer.refresh_from_db()
    assert (offer.capacity, offer.field.code) == (2, "water-supply")


@pytest.mark.django_db(transaction=True)
def test_lowering_a_capacity_waits_for_an_assignment_in_progress(reference_data):
    """The offer's row lock: the capacity check sees the assignment the other one commits."""
    offer = factories.offer(capacity=2)
    services.assign_host(factories.trainee("First"), offer, **HOST)
    second = factories.trainee("Second")
    hq = factories.cooperation_staff()
    holding, release = threading.Event(), threading.Event()

    def assign_slowly():
        try:
            with transaction.atomic():
                services.assign_host(second, offer, **HOST)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    other = threading.Thread(target=assign_slowly)
    other.start()
    assert holding.wait(10)
    threading.Timer(0.5, release.set).start()  # commits while save_offer waits for the lock
    with translation.override("en"), pytest.raises(services.CooperationError, match="2 trainee"):
        services.save_offer(hq, offer.programme, offer=offer, local_government=offer.local_government,
                            field=offer.field, capacity=1)  # fmt: skip
    other.join(10)
    offer.refresh_from_db()
    assert offer.capacity == 2 and HostAssignment.objects.count() == 2


def test_the_demand_survey_pages_in_fixed_queries(client, cast, django_assert_max_num_queries):
    codes = ["422011", "131016", "011002", "141003", "231002", "271004", "401005", "261009"]
    fields = ["water-supply", "tourism", "health", "agriculture"]
    offers = [factories.offer(host=c, field_code=f, capacity=3) for c in codes[:2] for f in fields]
    services.assign_host(factories.trainee("Placed"), offers[0], **HOST)
    client.force_login(cast.hq)
    url = reverse("cooperation:offer_list", args=[2026])
    # session, user, groups (is_hq), the programme, the fields for the filter, the count
    # and the page of offers (hosts, prefectures, fields, places taken), the inbox count,
    # the user's and groups' permissions (the section's menu).
    with django_assert_max_num_queries(10):
        small = client.get(url)
    for code in codes[2:]:
        for field_code in fields:
            factories.offer(host=code, field_code=field_code)
    with django_assert_max_num_queries(10):
        large = client.get(url)
    assert (
        len(small.context["page"].object_list) == 8 and len(large.context["page"].object_list) == 25
    )
    taken = {o.pk: o.taken for o in small.context["page"].object_list}
    assert taken[offers[0].pk] == 1 and sum(taken.values()) == 1


def test_hq_enters_a_nominated_trainee_and_corrects_them(client, cast):
    programme = factories.programme(2026)
    client.force_login(cast.hq)
    data = {"programme": programme.pk, "full_name": "Maria Santos", "email": "maria@example.org",
            "country": "PH", "home_organisation": "Cebu City Government", "position": "Planner",
            "field": factories.field("tourism").pk, "languages": ["en", "es"]}  # fmt: skip
    response = client.post(reverse("cooperation:trainee_create"), {**data, "full_name": ""})
    assert response.status_code == 200 and response.context["form"].errors["full_name"]
    assert not Trainee.objects.exists()
    response = client.post(reverse("cooperation:trainee_create"), data)
    trainee = Trainee.objects.get()
    assert response["Location"] == reverse("cooperation:trainee_detail", args=[trainee.pk])
    assert (trainee.selection, trainee.country.code, trainee.languages) == (
        "nominated",
        "PH",
        ["en", "es"],
    )
    response = client.post(reverse("cooperation:trainee_edit", args=[trainee.pk]),
                           {**data, "position": "Chief planner"})  # fmt: skip
    trainee.refresh_from_db()
    assert trainee.position == "Chief planner" and trainee.history.count() == 2


def test_the_trainee_list_pages_in_fixed_queries(client, cast, django_assert_max_num_queries):
    offer = factories.offer(capacity=40)
    for i in range(3):
        services.assign_host(factories.trainee(f"Small {i}"), offer, **HOST)
    client.force_login(cast.hq)
    url = reverse("cooperation:trainee_list")
    # session, user, groups (is_hq), the programmes, the count, the page of trainees
    # (programme, field, host and its prefecture), the inbox count, the user's and
    # groups' permissions (the section's menu).
    with django_assert_max_num_queries(9):
        small = client.get(url)
    for i in range(30):
        trainee = factories.trainee(f"Large {i:02d}")
        if i % 2:
            services.assign_host(trainee, offer, **HOST)
    with django_assert_max_num_queries(9):
        large = client.get(url)
    assert (
        len(small.context["page"].object_list) == 3 and len(large.context["page"].object_list) == 25
    )


def test_selection_moves_only_by_the_allowed_steps(client, cast):
    trainee = factories.trainee(selection="nominated")
    client.force_login(cast.hq)
    url = reverse("cooperation:trainee_selection", args=[trainee.pk])
    client.post(url, {"selection": "completed"})  # only the final report completes
    trainee.refresh_from_db()
    assert trainee.selection == "nominated"
    client.post(url, {"selection": "selected"})
    trainee.refresh_from_db()
    assert trainee.selection == "selected"
    page = client.get(reverse("cooperation:trainee_detail", args=[trainee.pk]))
    assert [c[0] for c in page.context["selection_form"].fields["selection"].choices] == [
        "withdrawn"
    ]
    with pytest.raises(services.CooperationError, match="cannot go from"):
        services.set_selection(cast.hq, trainee, "nominated")


def test_a_withdrawal_gives_the_host_place_back(client, cast):
    offer = factories.offer(capacity=1)
    leaving, waiting = factories.trainee("Leaving"), factories.trainee("Waiting")
    services.place_trainee(leaving, offer, arrives_on=ARRIVES, **HOST)
    ChecklistItem.objects.filter(trainee=leaving, kind="visa").update(done_on=ARRIVES)
    with pytest.raises(services.CooperationError, match="all are taken"):
        services.assign_host(waiting, offer, **HOST)
    client.force_login(cast.hq)
    client.post(
        reverse("cooperation:trainee_selection", args=[leaving.pk]), {"selection": "withdrawn"}
    )
    leaving.refresh_from_db()
    assert leaving.selection == "withdrawn"
    assert not HostAssignment.objects.filter(trainee=leaving).exists()
    assert not leaving.phases.exists()
    assert list(leaving.checklist.values_list("kind", flat=True)) == ["visa"]  # the done one stays
    assert services.assign_host(waiting, offer, **HOST).host_government_id == "422011"
    # A withdrawn trainee cannot be given a host again.
    with pytest.raises(services.CooperationError, match="Only a selected trainee"):
        services.assign_host(leaving, offer, **HOST)


def test_cooperation_staff_enter_the_passport_and_others_cannot(client, cast):
    trainee = factories.trainee()
    url = reverse("cooperation:trainee_passport", args=[trainee.pk])
    data = {"passport_number": "P1234567", "passport_country": "VN",
            "passport_expires_on": "2031-05-01", "visa_number": "V-77", "visa_expires_on": ""}  # fmt: skip
    client.force_login(cast.hq)
    assert client.post(url, data).status_code == 404
    assert not TravelDocument.objects.exists()
    client.force_login(factories.cooperation_staff())
    response = client.post(url, {**data, "passport_expires_on": "2026-12-31"})
    assert response.status_code == 200
    assert "expires before the programme ends on 31 March 2027" in str(
        response.context["form"].non_field_errors()
    )
    response = client.post(url, {**data, "visa_expires_on": "2032-01-01"})
    assert "outlast the passport" in str(response.context["form"].non_field_errors())
    assert not TravelDocument.objects.exists()
    assert client.post(url, data).status_code == 302
    assert TravelDocument.objects.get(trainee=trainee).passport_number == "P1234567"
    page = client.get(reverse("cooperation:trainee_detail", args=[trainee.pk])).content.decode()
    assert "P1234567" in page
    client.force_login(cast.hq)
    page = client.get(reverse("cooperation:trainee_detail", args=[trainee.pk])).content.decode()
    assert "P1234567" not in page and url not in page


def test_the_lgotp_pages_speak_japanese(client, cast):
    offer = factories.offer()
    trainee = factories.trainee()
    client.force_login(cast.hq)
    offers = client.get(f"/ja/cooperation/lgotp/{offer.programme.fiscal_year}/offers/")
    assert offers.status_code == 200
    assert "受入意向調査" in offers.content.decode()
    detail = client.get(f"/ja/cooperation/trainees/{trainee.pk}/").content.decode()
    assert "選考状況を変更" in detail


def test_the_programme_years_list_in_fixed_queries(client, cast, django_assert_max_num_queries):
    services.assign_host(factories.trainee("Placed"), factories.offer(capacity=2), **HOST)
    client.force_login(cast.hq)
    url = reverse("cooperation:programme_list")
    # session, user, groups (is_hq), the years with their offers and trainees counted,
    # the inbox count, the user's and groups' permissions (the section's menu).
    with django_assert_max_num_queries(7):
        small = client.get(url)
    for year in range(2015, 2025):
        factories.offer(year=year)
        factories.trainee(f"Trainee {year}", year=year)
    with django_assert_max_num_queries(7):
        large = client.get(url)
    assert [
        (p.fiscal_year, p.offers_count, p.trainees_count) for p in small.context["programmes"]
    ] == [(2026, 1, 1)]
    assert len(large.context["programmes"]) == 11


@pytest.mark.parametrize(
    "params",
    [{"year": "9" * 30}, {"year": "²"}, {"year": "-1"}, {"field": "9" * 30}, {"field": "x\x00"},
     {"selection": "\x00"}, {"q": "a\x00b"}, {"show": "\x00"}],
)  # fmt: skip
def test_hq_lists_shrug_off_odd_query_strings(client, cast, params):
    client.force_login(cast.hq)
    for url in ("/en/cooperation/trainees/", "/en/cooperation/specialists/",
                "/en/cooperation/trainees/new/"):  # fmt: skip
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
