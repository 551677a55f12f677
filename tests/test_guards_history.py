import pytest

from clair_portal.accounts.models import User

pytestmark = pytest.mark.django_db


def test_admin_changes_to_a_person_are_recorded_with_who_and_when(client, cast):
    client.force_login(cast.superuser)
    person = cast.participant
    response = client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {
            "email": person.email,
            "full_name": "Pat Participant-Renamed",
            "language": "ja",
            "is_active": "on",
            "groups": list(person.groups.values_list("pk", flat=True)),
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = User.history.filter(id=person.pk).latest("history_date")
    assert latest.full_name == "Pat Participant-Renamed"
    assert latest.language == "ja"
    assert latest.history_user == cast.superuser
    assert latest.history_type == "~"
    assert not hasattr(latest, "password")
    history_page = client.get(f"/admin/accounts/user/{person.pk}/history/")
    assert "Pat Participant-Renamed" in history_page.content.decode()


def test_office_membership_changes_are_recorded(cast):
    from offices.models import Office, OfficeMembership

    membership = OfficeMembership.objects.get(user=cast.office_a)
    membership.office = Office.objects.get(code="paris")
    membership.save()
    offices = [h.office.code for h in membership.history.order_by("history_date")]
    assert offices == ["london", "paris"]
