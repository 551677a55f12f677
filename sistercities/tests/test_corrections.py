"""A local government corrects its affiliations from its home; HQ accepts or declines."""

from datetime import date

import pytest
from django.http import Http404

from clair_portal.notifications.models import Notification
from sistercities import caching, proposals
from sistercities.models import Affiliation, AffiliationProposal, SurveyAnswer
from sistercities.proposals import ProposalError
from sistercities.reference_data import first_affiliation
from sistercities.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def st_paul(reference_data):
    """Nagasaki City's Saint Paul affiliation is the real first one (reference data), given
    a field of exchange here (the booklet gives none) for the corrections to change."""
    first = first_affiliation()
    Affiliation.objects.filter(pk=first.pk).update(fields=["culture"])
    first.refresh_from_db()
    return first


def test_the_home_lists_the_governments_affiliations_and_not_anothers(client, cast, st_paul):
    sapporo = factories.affiliation("011002", partner=factories.foreign(name="Portland"))
    client.force_login(cast.org_a)
    page = client.get("/ja/my-organisation/").content.decode()
    assert "Saint Paul" in page and "1955" in page and "Portland" not in page
    assert f"/ja/sister-cities/my-affiliations/{st_paul.pk}/correct/" in page
    client.force_login(cast.org_b)
    page = client.get("/en/my-organisation/").content.decode()
    assert "Portland" in page and "Saint Paul" not in page
    assert client.get(f"/en/sister-cities/my-affiliations/{st_paul.pk}/correct/").status_code == 404
    assert client.get(f"/en/sister-cities/my-affiliations/{sapporo.pk}/correct/").status_code == 200


def test_an_officer_proposes_new_fields_and_nothing_changes_before_hq(client, cast, st_paul):
    client.force_login(cast.org_a)
    response = client.post(
        f"/ja/sister-cities/my-affiliations/{st_paul.pk}/correct/",
        {"status": "active", "fields": ["education", "youth"], "activities": "中学生の相互派遣"},
    )
    assert response.status_code == 302 and response["Location"] == "/ja/my-organisation/"
    proposal = AffiliationProposal.objects.get()
    assert proposal.organisation == cast.org_a_organisation and proposal.fields == [
        "education",
        "youth",
    ]
    st_paul.refresh_from_db()
    assert st_paul.fields == ["culture"]  # unchanged until HQ accepts
    assert "correction waiting for HQ" in client.get("/en/my-organisation/").content.decode()


def test_another_government_cannot_propose_for_it_and_nothing_is_written(client, cast, st_paul):
    client.force_login(cast.org_b)
    response = client.post(
        f"/en/sister-cities/my-affiliations/{st_paul.pk}/correct/",
        {"status": "ended", "ended_on": "2020-01-01"},
    )
    assert response.status_code == 404
    assert not AffiliationProposal.objects.exists()
    with pytest.raises(Http404):
        proposals.propose_change(
            cast.org_b, st_paul.pk, status="active", ended_on=None, fields=[], activities=""
        )


def test_an_ended_affiliation_needs_its_date_and_keeps_the_input(client, cast, st_paul):
    client.force_login(cast.org_a)
    response = client.post(
        f"/en/sister-cities/my-affiliations/{st_paul.pk}/correct/",
        {"status": "ended", "activities": "kept text"},
    )
    assert response.status_code == 400
    assert "Give the date an ended affiliation ended." in response.content.decode()
    assert "kept text" in response.content.decode()
    assert not AffiliationProposal.objects.exists()


def test_hq_accepts_and_the_affiliation_is_written_with_history_and_a_new_cache_generation(
    client, cast, st_paul, django_capture_on_commit_callbacks
):
    proposal = proposals.propose_change(
        cast.org_a,
        st_paul.pk,
        status="ended",
        ended_on=date(2024, 3, 31),
        fields=["education"],
        activities="",
    )
    before = caching.generation()
    versions = st_paul.history.count()
    client.force_login(cast.hq)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/sister-cities/corrections/{proposal.pk}/decide/", {"decision": "accept"}
        )
    assert response.status_code == 302
    st_paul.refresh_from_db()
    assert st_paul.status == "ended" and st_paul.ended_on == date(2024, 3, 31)
    assert st_paul.fields == ["education"]
    latest = st_paul.history.first()
    assert latest.history_user == cast.hq and "Correction proposed by Nagasaki City" in (
        latest.history_change_reason
    )
    assert st_paul.history.count() == versions + 1
    assert caching.generation() != before
    proposal.refresh_from_db()
    assert proposal.state == "accepted" and proposal.result == st_paul
    note = Notification.objects.get(user=cast.org_a)
    assert "Saint Paul" in note.subject  # in the officer's language (Japanese)
    with pytest.raises(ProposalError):
        proposals.accept(proposal.pk, by=cast.hq)


def test_hq_declines_with_a_reason_the_officer_reads(cast, st_paul):
    proposal = proposals.propose_change(
        cast.org_a, st_paul.pk, status="dormant", ended_on=None, fields=[], activities=""
    )
    with pytest.raises(ProposalError):
        proposals.decline(proposal.pk, by=cast.hq, reason=" ")
    with pytest.raises(Http404):
        proposals.decline(proposal.pk, by=cast.org_a, reason="no")
    proposals.decline(proposal.pk, by=cast.hq, reason="協定書の写しをお送りください。")
    proposal.refresh_from_db()
    st_paul.refresh_from_db()
    assert proposal.state == "declined" and st_paul.status == "active"
    assert "協定書の写しをお送りください。" in Notification.objects.get(user=cast.org_a).body


def test_a_new_affiliation_is_made_when_hq_accepts_it(client, cast, reference_data):
    client.force_login(cast.org_a)
    response = client.post(
        "/en/sister-cities/my-affiliations/new/",
        {
            "partner_country": "BR",
            "partner_region": "São Paulo",
            "partner_name": "Santos",
            "established_year": "1972",
            "fields": ["economy"],
        },
    )
    assert response.status_code == 302
    proposal = AffiliationProposal.objects.get()
    assert proposal.is_new and not Affiliation.objects.filter(partner__name_en="Santos").exists()
    proposals.accept(proposal.pk, by=cast.hq)
    made = Affiliation.objects.get(partner__name_en="Santos")
    assert made.established_year == 1972 and list(made.japanese.values_list("pk", flat=True)) == [
        "422011"
    ]


def test_hqs_moderation_list_pins_its_queries(client, cast, st_paul, django_assert_max_num_queries):
    for n in range(25):
        partner = factories.foreign(name=f"Town {n}")
        affiliation = factories.affiliation("422011", partner=partner)
        proposals.propose_change(
            cast.org_a, affiliation.pk, status="active", ended_on=None, fields=[], activities=""
        )
    client.force_login(cast.hq)
    # session, user, count, the page with its government, affiliation, partner and
    # officer; the layout's own (roles, inbox count)
    with django_assert_max_num_queries(8):
        page = client.get("/en/sister-cities/corrections/")
    assert page.status_code == 200 and page.content.decode().count('name="decision"') == 40
    client.force_login(cast.org_a)
    assert client.get("/en/sister-cities/corrections/").status_code == 404


def test_the_signed_in_survey_writes_the_same_answer_as_the_link(client, cast, st_paul):
    factories.contact("422011")
    survey = factories.open_survey(cast.hq)
    invitation = survey.invitations.get(local_government_id="422011")
    client.force_login(cast.org_a)
    home = client.get("/ja/my-organisation/").content.decode()
    assert "回答が必要な事項が1件あります" in home
    prefix = f"a{st_paul.pk}"
    response = client.post(
        "/ja/sister-cities/my-survey/",
        {
            f"{prefix}-status": "active",
            f"{prefix}-fields": ["sports"],
            f"{prefix}-activities": "野球",
        },
    )
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get(invitation=invitation, affiliation=st_paul)
    assert answer.fields == ["sports"] and answer.activities == "野球"
    invitation.refresh_from_db()
    assert invitation.responded_at is not None
    assert "回答が必要な事項はありません" in client.get("/ja/my-organisation/").content.decode()
    # The personal link shows and changes the same answer.
    client.logout()
    client.post(
        f"/en/sister-cities/survey/{invitation.token}/",
        {f"{prefix}-status": "active", f"{prefix}-fields": ["culture"], f"{prefix}-activities": ""},
    )
    assert SurveyAnswer.objects.get(invitation=invitation).fields == ["culture"]
