"""The cooperation admin goes through the services: dispatches, requests, passports, specialists.

Before, DispatchAdmin's stock form set the state, dates and costs past the
transitions, the three-month limit and the specialist's other dispatches; a
request's dates and country could be edited past create_request; the
passport inline skipped the validity checks; unticking "active" skipped the
check for unfinished dispatches.
"""

import datetime

import pytest
from django.urls import reverse

from cooperation import services
from cooperation.models import Dispatch, DispatchRequest, Field, Specialist, TravelDocument
from cooperation.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispatch(cast):
    specialist = factories.specialist("d@example.org")
    return services.select_specialist(
        factories.dispatch_request(cast.office_a), specialist, by=cast.hq
    )


def dispatch_form(**overrides):
    data = {
        "transition": "",
        "agreement_reference": "CLAIR-2027-014",
        "agreement_signed_on": "",
        "starts_on": "2027-05-01",
        "ends_on": "2027-06-30",
        "cost_clair_yen": "1200000",
        "cost_host_yen": "350000",
        "report": "",
        "reported_on": "",
    }
    data.update(overrides)
    return data


def change(client, dispatch, **overrides):
    url = reverse("admin:cooperation_dispatch_change", args=[dispatch.pk])
    return client.post(url, dispatch_form(**overrides))


def test_the_dispatch_form_moves_the_state_only_through_the_service(client, cast, dispatch):
    client.force_login(cast.hq)
    # The state is no field: posting one changes nothing.
    assert change(client, dispatch, state="completed").status_code == 302
    dispatch.refresh_from_db()
    assert dispatch.state == "planned" and dispatch.cost_clair_yen == 1_200_000
    # An agreement needs its signing date: the service refuses, the input stays, nothing is saved.
    response = change(client, dispatch, transition="agreed", cost_host_yen="999")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the date the agreement was signed." in page
    assert 'value="999"' in page
    dispatch.refresh_from_db()
    assert (dispatch.state, dispatch.cost_host_yen) == ("planned", 350_000)
    # A step the transitions do not allow is not offered.
    response = change(client, dispatch, transition="completed")
    assert response.status_code == 200
    dispatch.refresh_from_db()
    assert dispatch.state == "planned"
    assert (
        change(client, dispatch, transition="agreed", agreement_signed_on="2027-03-15").status_code
        == 302
    )
    dispatch.refresh_from_db()
    assert dispatch.state == "agreed"
    assert dispatch.history.first().history_user == cast.hq


def test_cancelling_in_the_admin_reopens_the_request(client, cast, dispatch):
    client.force_login(cast.hq)
    assert change(client, dispatch, transition="cancelled").status_code == 302
    request = DispatchRequest.objects.get(pk=dispatch.request_id)
    assert request.state == "open" and request.selected_specialist is None


def test_no_dispatch_is_added_in_the_admin(client, cast, dispatch):
    client.force_login(cast.superuser)
    url = reverse("admin:cooperation_dispatch_add")
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "request": dispatch.request_id,
            "specialist": dispatch.specialist_id,
            "state": "completed",
            "starts_on": "2027-05-01",
            "ends_on": "2027-05-02",
        },
    )
    assert response.status_code == 403
    assert Dispatch.objects.count() == 1


def request_form(government, **overrides):
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


def test_a_request_is_added_through_the_service_with_its_three_month_limit(client, cast):
    bristol = factories.foreign_government()
    client.force_login(cast.hq)
    url = reverse("admin:cooperation_dispatchrequest_add")
    response = client.post(url, request_form(bristol, ends_on="2027-08-15", country="JP"))
    assert response.status_code == 200
    assert "A dispatch lasts at most three months (92 days)." in response.content.decode()
    assert not DispatchRequest.objects.exists()
    assert client.post(url, request_form(bristol, country="JP", state="closed")).status_code == 302
    request = DispatchRequest.objects.get()
    assert (request.country.code, request.state, request.entered_by) == ("GB", "open", cast.hq)


def test_a_requests_dates_and_country_are_not_edited_in_the_admin(client, cast, dispatch):
    request = dispatch.request
    client.force_login(cast.hq)
    url = reverse("admin:cooperation_dispatchrequest_change", args=[request.pk])
    lyon = factories.foreign_government("Lyon", "FR")
    response = client.post(
        url,
        {
            **request_form(lyon, starts_on="2027-01-01", ends_on="2027-12-31", country="FR"),
            "description": "Revised description.",
            "state": "open",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.description == "Revised description."
    assert (request.starts_on, request.ends_on) == (
        datetime.date(2027, 5, 1),
        datetime.date(2027, 6, 30),
    )
    assert (request.country.code, request.foreign_government.name_en, request.state) == (
        "GB",
        "Bristol",
        "selected",
    )


def test_passport_staff_read_travel_documents_in_the_admin_but_record_them_on_their_page(
    client, cast
):
    staff = factories.cooperation_staff()
    trainee = factories.trainee()
    services.save_travel_document(
        staff,
        trainee,
        passport_number="P1234567",
        passport_country="VN",
        passport_expires_on=datetime.date(2035, 1, 1),
    )
    client.force_login(staff)
    url = reverse("admin:cooperation_trainee_change", args=[trainee.pk])
    page = client.get(url).content.decode()
    assert "P1234567" in page
    assert 'name="travel_document-0-passport_expires_on"' not in page


def test_unticking_active_in_the_admin_does_not_deactivate_a_specialist(client, cast, dispatch):
    specialist = dispatch.specialist
    client.force_login(cast.hq)
    url = reverse("admin:cooperation_specialist_change", args=[specialist.pk])
    page = client.get(url).content.decode()
    assert 'name="is_active"' not in page
    # The action goes through the service, which refuses while a dispatch is unfinished.
    changelist = reverse("admin:cooperation_specialist_changelist")
    response = client.post(
        changelist, {"action": "deactivate", "_selected_action": [specialist.pk]}, follow=True
    )
    assert "has a dispatch that is not finished" in response.content.decode()
    assert Specialist.objects.get(pk=specialist.pk).is_active
    assert TravelDocument.objects.count() == 0


def test_a_dispatch_stays_within_three_months_whichever_door(client, cast, dispatch):
    client.force_login(cast.hq)
    response = change(client, dispatch, ends_on="2027-08-15")
    assert response.status_code == 200
    assert "A dispatch lasts at most three months (92 days)." in response.content.decode()
    page = reverse("cooperation:dispatch_detail", args=[dispatch.pk])
    client.post(page, {**dispatch_form(ends_on="2027-08-15"), "state": "planned"})
    dispatch.refresh_from_db()
    assert dispatch.ends_on == datetime.date(2027, 6, 30)
    with pytest.raises(services.CooperationError):
        services.update_dispatch(
            dispatch, by=cast.hq, state="planned", ends_on=datetime.date(2027, 8, 15)
        )


def test_a_dispatch_cannot_be_moved_onto_the_specialists_other_dispatch(client, cast, dispatch):
    later = factories.dispatch_request(
        cast.office_a,
        government=factories.foreign_government("Leeds"),
        starts_on=datetime.date(2027, 9, 1),
        ends_on=datetime.date(2027, 9, 30),
    )
    services.select_specialist(later, dispatch.specialist, by=cast.hq)
    client.force_login(cast.hq)
    response = change(client, dispatch, starts_on="2027-08-20", ends_on="2027-09-10")
    assert response.status_code == 200
    assert "already dispatched or selected for an overlapping period" in response.content.decode()
    dispatch.refresh_from_db()
    assert (dispatch.starts_on, dispatch.ends_on) == (
        datetime.date(2027, 5, 1),
        datetime.date(2027, 6, 30),
    )
    # A cancelled dispatch is no obstacle, and moving within its own dates is fine.
    assert change(client, dispatch, starts_on="2027-05-02").status_code == 302


def test_an_import_cannot_deactivate_a_specialist_with_an_unfinished_dispatch(cast, dispatch):
    import io

    from cooperation.resources import SpecialistImport

    specialist = dispatch.specialist
    data = (
        "email,full_name,is_active\n"
        f"{specialist.email.upper()},{specialist.full_name},0\n"
        "someone.else@example.org,Someone Else,0\n"
    ).encode()
    result = SpecialistImport(user=cast.hq).run(io.BytesIO(data), name="specialists.csv")
    assert not result.ok
    (error,) = result.errors
    assert (error.row, error.column) == (2, "is_active")
    assert "has a dispatch that is not finished" in str(error.message)
    assert Specialist.objects.get(pk=specialist.pk).is_active
    assert not Specialist.objects.filter(email="someone.else@example.org").exists()
