"""Dispatch requests: who may enter which, the three-month limit, and the dispatch record."""

import datetime

import pytest
from django.urls import reverse

from cooperation import services
from cooperation.models import Dispatch, DispatchRequest, Field
from cooperation.tests import factories

pytestmark = pytest.mark.django_db


def form_data(government, **overrides):
    data = {
        "foreign_government": government.pk,
        "fields": [Field.objects.get(code="tourism").pk],
        "language": "en",
        "starts_on": "2027-05-01",
        "ends_on": "2027-07-31",
        "description": "Help to plan a tourism strategy.",
    }
    data.update(overrides)
    return data


def test_an_office_enters_a_request_for_its_country(client, cast):
    bristol = factories.foreign_government()
    client.force_login(cast.office_a)
    response = client.post(reverse("cooperation:request_create"), form_data(bristol))
    request = DispatchRequest.objects.get()
    assert response.status_code == 302
    assert (request.country.code, request.entered_by, request.state) == (
        "GB",
        cast.office_a,
        "open",
    )
    assert [f.code for f in request.fields.all()] == ["tourism"]


def test_an_office_cannot_enter_a_request_for_another_office_country(client, cast):
    lyon = factories.foreign_government("Lyon", "FR")
    client.force_login(cast.office_a)
    response = client.post(reverse("cooperation:request_create"), form_data(lyon))
    assert response.status_code == 200
    assert "foreign_government" in response.context["form"].errors
    assert not DispatchRequest.objects.exists()
    with pytest.raises(services.CooperationError):
        factories.dispatch_request(cast.office_a, government=lyon)


def test_a_dispatch_lasts_at_most_three_months(client, cast):
    client.force_login(cast.hq)
    bristol = factories.foreign_government()
    response = client.post(
        reverse("cooperation:request_create"), form_data(bristol, ends_on="2027-08-15")
    )
    assert response.status_code == 200
    assert "at most three months" in str(response.context["form"].non_field_errors())
    assert response.context["form"]["description"].value() == "Help to plan a tourism strategy."
    assert not DispatchRequest.objects.exists()


@pytest.fixture
def dispatch(cast):
    specialist = factories.specialist("d@example.org")
    return services.select_specialist(
        factories.dispatch_request(cast.office_a), specialist, by=cast.hq
    )


def test_the_dispatch_is_recorded_through_its_states_with_costs_in_yen(client, cast, dispatch):
    client.force_login(cast.hq)
    url = reverse("cooperation:dispatch_detail", args=[dispatch.pk])
    base = {
        "agreement_reference": "CLAIR-2027-014",
        "starts_on": "2027-05-01",
        "ends_on": "2027-06-30",
        "cost_clair_yen": "1200000",
        "cost_host_yen": "350000",
    }
    # An agreement needs its signing date: refused, nothing stored.
    response = client.post(url, {**base, "state": "agreed"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    dispatch.refresh_from_db()
    assert dispatch.state == "planned" and dispatch.cost_clair_yen == 0
    client.post(url, {**base, "state": "agreed", "agreement_signed_on": "2027-03-15"})
    dispatch.refresh_from_db()
    assert (dispatch.state, dispatch.total_cost_yen) == ("agreed", 1_550_000)
    # Skipping a step is refused.
    client.post(url, {**base, "state": "completed", "agreement_signed_on": "2027-03-15"})
    dispatch.refresh_from_db()
    assert dispatch.state == "agreed"
    for state in ("under_way", "completed"):
        client.post(url, {**base, "state": state, "agreement_signed_on": "2027-03-15"})
    client.post(url, {**base, "state": "reported", "agreement_signed_on": "2027-03-15",
                      "report": "Leakage halved in the pilot district.", "reported_on": "2027-07-20"})  # fmt: skip
    dispatch.refresh_from_db()
    assert dispatch.state == "reported" and dispatch.report.startswith("Leakage")
    dispatch.request.refresh_from_db()
    assert dispatch.request.state == "closed"


def test_cancelling_reopens_the_request_for_another_specialist(cast, dispatch):
    services.update_dispatch(dispatch, by=cast.hq, state="cancelled")
    request = DispatchRequest.objects.get(pk=dispatch.request_id)
    assert request.state == "open" and request.selected_specialist is None
    other = factories.specialist("other@example.org")
    second = services.select_specialist(request, other, by=cast.hq)
    assert Dispatch.objects.filter(request=request).count() == 2
    assert second.state == "planned"


def test_office_staff_read_the_dispatch_but_cannot_change_it(client, cast, dispatch):
    client.force_login(cast.office_a)
    url = reverse("cooperation:dispatch_detail", args=[dispatch.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(url, {"state": "cancelled"}).status_code == 404
    dispatch.refresh_from_db()
    assert dispatch.state == "planned"


def test_the_dispatch_list_pages_with_fixed_queries(client, cast, django_assert_max_num_queries):
    for i in range(30):
        specialist = factories.specialist(f"s{i}@example.org")
        request = factories.dispatch_request(
            cast.office_a, starts_on=datetime.date(2027, 1, 1) + datetime.timedelta(days=i),
            ends_on=datetime.date(2027, 2, 1) + datetime.timedelta(days=i),
        )  # fmt: skip
        services.select_specialist(request, specialist, by=cast.hq)
    client.force_login(cast.office_a)
    # session, user, groups, office membership, count, one page joined with request,
    # government and specialist, inbox count; the office membership once more for the
    # header's sections.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cooperation:dispatch_list"))
    assert len(response.context["page"].object_list) == 25
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cooperation:request_list"), {"page": 2})
    assert len(response.context["page"].object_list) == 5
