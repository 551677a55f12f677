"""The organisation's pages: each officer sees their own organisation only."""

import pytest
from django.http import Http404

from clair_portal.organisations import services
from clair_portal.organisations.access import get_for_organisation, organisation_of
from clair_portal.organisations.models import AccountRequest, Membership

pytestmark = pytest.mark.django_db


def test_the_home_is_the_officers_own_organisation(client, cast):
    client.force_login(cast.org_a)
    page = client.get("/ja/my-organisation/").content.decode()
    assert "<h1>長崎市</h1>" in page
    assert "札幌市" not in page
    client.force_login(cast.org_b)
    assert "<h1>Sapporo City</h1>" in client.get("/en/my-organisation/").content.decode()


def test_colleagues_are_those_of_the_own_organisation_only(
    client, cast, django_assert_max_num_queries
):
    for n in range(30):
        services.invite(cast.org_a_organisation, email_address=f"a{n}@example.jp", by=cast.hq)
    services.invite(cast.org_b_organisation, email_address="b-colleague@example.jp", by=cast.hq)
    client.force_login(cast.org_a)
    # session, user, membership with its organisation, count, page of members with
    # accounts and inviters; the layout's own (inbox count, roles)
    with django_assert_max_num_queries(9):
        page = client.get("/en/my-organisation/colleagues/").content.decode()
    assert "a0@example.jp" in page and "b-colleague@example.jp" not in page
    assert cast.org_b.email not in page
    second = client.get("/en/my-organisation/colleagues/?page=2").content.decode()
    assert "a9@example.jp" in second  # 31 members, 25 a page, ordered by e-mail


def test_an_officer_invites_a_colleague_from_the_page(client, cast, mailoutbox):
    client.force_login(cast.org_a)
    response = client.post(
        "/ja/my-organisation/colleagues/",
        {"email": "kouhai@example.jp", "full_name": "後輩", "language": "ja", "department": ""},
    )
    assert response.status_code == 302
    assert (
        organisation_of(Membership.objects.get(user__email="kouhai@example.jp").user)
        == cast.org_a_organisation
    )


def test_a_refused_invitation_changes_nothing(client, cast):
    client.force_login(cast.org_b)
    before = list(Membership.objects.values_list("pk", "user_id", "organisation_id", "is_active"))
    response = client.post(
        "/en/my-organisation/colleagues/",
        {"email": cast.org_a.email, "language": "en"},
    )
    assert response.status_code == 400
    assert "already acts for" in response.content.decode()
    after = list(Membership.objects.values_list("pk", "user_id", "organisation_id", "is_active"))
    assert before == after
    client.logout()
    anonymous = client.post("/en/my-organisation/colleagues/", {"email": "x@example.jp"})
    assert anonymous.status_code == 302
    client.force_login(cast.office_a)
    assert (
        client.post("/en/my-organisation/colleagues/", {"email": "x@example.jp"}).status_code == 404
    )
    assert not Membership.objects.filter(user__email="x@example.jp").exists()


def test_get_for_organisation_answers_another_organisations_object_with_404(cast):
    theirs = AccountRequest.objects.create(
        email="x@example.jp", full_name="x", organisation=cast.org_b_organisation
    )
    mine = AccountRequest.objects.create(
        email="y@example.jp", full_name="y", organisation=cast.org_a_organisation
    )
    assert get_for_organisation(cast.org_a, AccountRequest.objects.all(), pk=mine.pk) == mine
    with pytest.raises(Http404):
        get_for_organisation(cast.org_a, AccountRequest.objects.all(), pk=theirs.pk)
    with pytest.raises(Http404):
        get_for_organisation(cast.hq, AccountRequest.objects.all(), pk=mine.pk)


def test_a_deactivated_officer_has_no_organisation(cast):
    services.deactivate(Membership.objects.get(user=cast.org_a).pk, by=cast.hq)
    cast.org_a.refresh_from_db()
    assert organisation_of(cast.org_a) is None
