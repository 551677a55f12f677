"""A grant programme's budget is changed under the lock an award takes, in the admin too.

Before, the admin's form summed the committed total without the programme's
row lock: an award being decided at that moment was not counted, and the
budget could end below what was awarded.
"""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from multicultural import services
from multicultural.models import GrantProgramme
from multicultural.tests import factories


def change_url(programme):
    return reverse("admin:multicultural_grantprogramme_change", args=[programme.pk])


def admin_form(client, programme, **changes):
    form = client.get(change_url(programme)).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "categories"}
    data.update(
        {
            "categories": [c.pk for c in programme.categories.all()],
            "opens_at_0": programme.opens_at.date().isoformat(),
            "opens_at_1": "00:00:00",
            "closes_at_0": programme.closes_at.date().isoformat(),
            "closes_at_1": "00:00:00",
            # The required documents' inline, with its rows as they are.
            "required_documents-TOTAL_FORMS": "0",
            "required_documents-INITIAL_FORMS": "0",
        }
    )
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_admin_saves_a_programme_through_the_service(client, grants):
    client.force_login(grants.hq)
    response = client.post(
        change_url(grants.programme), admin_form(client, grants.programme, budget="12000000")
    )
    assert response.status_code == 302
    grants.programme.refresh_from_db()
    assert grants.programme.budget == 12_000_000
    assert grants.programme.history.first().history_user == grants.hq


@pytest.mark.django_db
def test_a_lower_budget_is_refused_on_its_field_and_the_input_kept(client, grants):
    application = factories.submitted(grants.applicant_a, grants.programme, amount=2_000_000)
    services.decide(grants.hq, application.pk, award=True, amount=2_000_000)
    client.force_login(grants.hq)
    response = client.post(
        change_url(grants.programme),
        admin_form(client, grants.programme, budget="1999999", minimum_request="12345"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "¥2,000,000 has already been awarded" in str(form.errors["budget"])
    assert 'value="12345"' in response.content.decode()
    grants.programme.refresh_from_db()
    assert grants.programme.budget == 10_000_000


@pytest.mark.django_db(transaction=True)
def test_a_budget_edit_waits_for_an_award_being_decided_and_then_counts_it(grants):
    """The award holds the programme's row; the edit waits for it, then sees its amount."""
    application = factories.submitted(grants.applicant_a, grants.programme, amount=2_000_000)
    deciding, finish = threading.Event(), threading.Event()
    outcome = {}

    def award():
        try:
            with transaction.atomic():
                services.decide(grants.hq, application.pk, award=True, amount=2_000_000)
                deciding.set()
                finish.wait(10)
        finally:
            connection.close()

    def lower_budget():
        try:
            programme = GrantProgramme.objects.get(pk=grants.programme.pk)
            programme.budget = 1_000_000
            services.save_programme(grants.hq, programme)
            outcome["saved"] = True
        except services.GrantError as error:
            outcome["refused"] = str(error.message)
        finally:
            connection.close()

    deciding_thread = threading.Thread(target=award)
    deciding_thread.start()
    assert deciding.wait(10)
    editing_thread = threading.Thread(target=lower_budget)
    editing_thread.start()
    editing_thread.join(1)
    assert editing_thread.is_alive()  # waiting for the award's lock, not reading around it
    finish.set()
    deciding_thread.join(10)
    editing_thread.join(10)
    assert "¥2,000,000 has already been awarded" in outcome["refused"]
    grants.programme.refresh_from_db()
    assert grants.programme.budget == 10_000_000
    assert grants.programme.committed() == 2_000_000
