"""Accounts without paperwork: HQ invites one officer or many, an officer a colleague;
the one-time link is in the invitee's language, and HQ deactivates without deleting."""

import re

import pytest
from django.core import mail

from clair_portal.accounts.models import User
from clair_portal.organisations import services
from clair_portal.organisations.access import organisation_of
from clair_portal.organisations.models import Membership, Organisation
from clair_portal.organisations.services import OrganisationError

pytestmark = pytest.mark.django_db
LINK = re.compile(r"/(?:en|ja)/accounts/invitation/\S+")


def _link(message) -> str:
    return LINK.search(message.body).group(0)


def test_hq_invites_an_officer_in_japanese_and_the_link_works_once(
    client, cast, django_capture_on_commit_callbacks
):
    nagasaki = cast.org_a_organisation
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.invite(
            nagasaki,
            email_address="Kokusai@City.Nagasaki.example.jp",
            full_name="長崎 花子",
            language="ja",
            department="国際課",
            by=cast.hq,
        )
    (message,) = mail.outbox
    assert message.to == ["kokusai@city.nagasaki.example.jp"]
    assert "長崎市" in message.subject and "パスワード" in message.body
    path = _link(message)
    assert path.startswith("/ja/accounts/invitation/")
    membership.refresh_from_db()
    assert membership.invitation_sent_at is not None and membership.invited_by == cast.hq

    assert client.get(path).status_code == 200
    response = client.post(
        path, {"new_password1": "a-long-new-pass-phrase", "new_password2": "a-long-new-pass-phrase"}
    )
    assert response.status_code == 302 and response["Location"] == "/ja/my-organisation/"
    assert client.get("/ja/my-organisation/").status_code == 200
    client.logout()
    assert "この招待リンクは無効です" in client.get(path).content.decode()


def test_an_invitation_task_delivered_twice_sends_once(cast, django_capture_on_commit_callbacks):
    from clair_portal.organisations.tasks import send_invitations

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.invite(
            cast.org_a_organisation, email_address="new@example.jp", by=cast.hq
        )
    assert send_invitations(membership.pk) == 0
    assert len(mail.outbox) == 1


def test_an_officer_invites_a_colleague_of_their_own_organisation_only(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.invite(
            cast.org_a_organisation, email_address="colleague@example.jp", by=cast.org_a
        )
    assert membership.invited_by == cast.org_a
    assert organisation_of(membership.user) == cast.org_a_organisation
    with pytest.raises(OrganisationError):
        services.invite(cast.org_b_organisation, email_address="spy@example.jp", by=cast.org_a)
    assert not User.objects.filter(email="spy@example.jp").exists()
    assert len(mail.outbox) == 1


def test_someone_acting_for_another_organisation_is_not_invited(cast):
    with pytest.raises(OrganisationError, match="already acts for"):
        services.invite(cast.org_a_organisation, email_address=cast.org_b.email, by=cast.hq)
    with pytest.raises(OrganisationError, match="already an officer"):
        services.invite(cast.org_a_organisation, email_address=cast.org_a.email, by=cast.hq)
    with pytest.raises(OrganisationError, match="staff"):
        services.invite(cast.org_a_organisation, email_address=cast.hq.email, by=cast.hq)
    assert Membership.objects.filter(user=cast.org_b).get().organisation == cast.org_b_organisation
    assert mail.outbox == []


def test_several_officers_share_one_organisation(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            services.invite(
                cast.org_a_organisation, email_address=f"officer{n}@example.jp", by=cast.hq
            )
    assert Membership.objects.active().of(cast.org_a_organisation).count() == 4


def test_hq_invites_in_bulk_in_chunks_and_skips_who_already_acts(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "INVITE_CHUNK", 2)
    rows = [
        {"local_government_id": "422011", "email": "a@nagasaki.example.jp", "language": "ja"},
        {"local_government_id": "011002", "email": "b@sapporo.example.jp", "language": "en"},
        {"local_government_id": "131016", "email": "c@chiyoda.example.jp"},
        {"local_government_id": "422011", "email": cast.org_a.email},  # already a member
        {"local_government_id": "011002", "email": cast.org_a.email},  # acts for Nagasaki
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invited, skipped = services.invite_many(iter(rows), by=cast.hq)
    assert (invited, skipped) == (3, 2)
    assert len(callbacks) == 2  # one e-mail task per chunk that invited someone
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a@nagasaki.example.jp",
        "b@sapporo.example.jp",
        "c@chiyoda.example.jp",
    ]
    english = next(m for m in mail.outbox if m.to == ["b@sapporo.example.jp"])
    assert "/en/accounts/invitation/" in english.body and "Sapporo City" in english.subject
    chiyoda = Organisation.objects.get(local_government_id="131016")
    assert Membership.objects.active().of(chiyoda).get().user.email == "c@chiyoda.example.jp"


def test_only_hq_invites_in_bulk(cast):
    with pytest.raises(OrganisationError):
        services.invite_many([{"local_government_id": "422011", "email": "x@y.jp"}], by=cast.org_a)
    assert not User.objects.filter(email="x@y.jp").exists()


def test_hq_invites_the_survey_contacts_from_their_admin(client, cast):
    from sistercities.models import PartnershipContact

    contact = PartnershipContact.objects.create(
        local_government_id="422029", email="kokusai@sasebo.example.jp", language="ja"
    )
    client.force_login(cast.hq)
    response = client.post(
        "/admin/sistercities/partnershipcontact/",
        {"action": "invite_officers", "_selected_action": [contact.pk]},
        follow=True,
    )
    assert response.status_code == 200
    membership = Membership.objects.get(user__email="kokusai@sasebo.example.jp")
    assert membership.organisation.local_government_id == "422029"
    assert membership.user.language == "ja"


def test_hq_deactivates_an_account_and_keeps_its_history(
    client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.invite(
            cast.org_a_organisation, email_address="leaving@example.jp", by=cast.hq
        )
    path = _link(mail.outbox[0])
    with pytest.raises(OrganisationError):
        services.deactivate(membership.pk, by=cast.org_a)  # officers do not deactivate
    services.deactivate(membership.pk, by=cast.hq)
    membership.refresh_from_db()
    assert not membership.is_active and membership.ended_by == cast.hq
    assert not membership.user.is_active
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert membership.history.count() == 2  # invited, then ended
    assert (
        "This invitation link no longer works"
        in client.get(path.replace("/ja/", "/en/")).content.decode()
    )
    with pytest.raises(OrganisationError):
        services.deactivate(membership.pk, by=cast.hq)


def test_a_deactivated_officer_can_be_invited_again(cast, django_capture_on_commit_callbacks):
    services.deactivate(Membership.objects.get(user=cast.org_b).pk, by=cast.hq)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.invite(cast.org_a_organisation, email_address=cast.org_b.email, by=cast.hq)
    again.user.refresh_from_db()
    assert again.user.is_active and again.is_active
    assert Membership.objects.filter(user=cast.org_b).count() == 2


def test_the_deactivate_admin_action_goes_through_the_service(client, cast):
    membership = Membership.objects.get(user=cast.org_b)
    client.force_login(cast.hq)
    client.post(
        "/admin/organisations/membership/",
        {"action": "deactivate", "_selected_action": [membership.pk]},
    )
    membership.refresh_from_db()
    assert not membership.is_active and membership.ended_by == cast.hq
