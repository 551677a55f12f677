"""The contracting organisation on the portal: its participants, seminars and reappointments.

Nagasaki City's officer (``cast.org_a``) answers for the city and for its board of
education (a board acts through its local government); Sapporo City's officer
(``cast.org_b``) sees none of it.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from jet import organisation as hooks
from jet import services
from jet.models import ContractingOrganisation, Placement, Reappointment
from jet.services import JetError
from jet.tests import factories

pytestmark = pytest.mark.django_db


def this_year() -> int:
    """The JET year under way today (contracts run from August)."""
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


def board() -> ContractingOrganisation:
    return factories.organisation(
        "422011-BOE",
        kind=ContractingOrganisation.Kind.BOARD_OF_EDUCATION,
        name_en="Nagasaki City Board of Education",
        name_ja="長崎市教育委員会",
    )


def employed(org=None, *, state="published", year=None, **extra) -> Placement:
    return factories.placement(
        factories.participant(), state=state, year=year or this_year(), org=org or board(), **extra
    )


def reappointment_of(placement, *, days=30) -> Reappointment:
    return Reappointment.objects.create(
        placement=placement, deadline=timezone.localdate() + timedelta(days=days)
    )


def answer_url(reappointment, language="en") -> str:
    with translation.override(language):
        return reverse("jet:organisation_reappointment", args=[reappointment.pk])


# --- The service -----------------------------------------------------------------------


def test_the_officer_answers_for_its_board_of_education_and_is_recorded_as_the_organisation(
    cast,
):
    reappointment = reappointment_of(employed())
    services.answer_for_organisation(cast.org_a, reappointment.pk, consent=False)
    reappointment.refresh_from_db()
    assert reappointment.organisation_decision == Reappointment.Decision.DECLINED
    assert reappointment.organisation_decision_source == Reappointment.Source.ORGANISATION
    assert reappointment.organisation_decided_by == cast.org_a
    assert reappointment.organisation_decided_at is not None
    # Declining makes this year the participant's last, as HQ's entry always did.
    assert reappointment.placement.participant.last_jet_year == reappointment.placement.jet_year
    assert reappointment.history.count() == 2  # opened, answered


def test_both_consents_make_next_years_draft_when_the_officer_answers_last(cast):
    placement = factories.placement(
        factories.participant(user=cast.participant),
        state="published",
        year=this_year(),
        org=board(),
    )
    reappointment = reappointment_of(placement)
    services.decide_reappointment(cast.participant, reappointment.pk, consent=True)
    services.answer_for_organisation(cast.org_a, reappointment.pk, consent=True)
    reappointment.refresh_from_db()
    assert reappointment.next_placement.jet_year == placement.jet_year + 1
    assert reappointment.next_placement.state == Placement.State.DRAFT


def test_another_organisations_reappointment_answers_404_and_changes_nothing(cast):
    from django.http import Http404

    reappointment = reappointment_of(employed())
    for outsider in (cast.org_b, cast.participant, cast.hq, cast.office_a):
        with pytest.raises(Http404):
            services.answer_for_organisation(outsider, reappointment.pk, consent=True)
    reappointment.refresh_from_db()
    assert reappointment.organisation_decision == Reappointment.Decision.PENDING


def test_a_draft_placements_reappointment_is_not_the_organisations_to_see(cast):
    from django.http import Http404

    reappointment = reappointment_of(employed())
    Placement.objects.filter(pk=reappointment.placement_id).update(state="withdrawn")
    with pytest.raises(Http404):
        services.get_reappointment_for_organisation(cast.org_a, reappointment.pk)


def test_after_the_deadline_the_officer_is_refused_and_nothing_changes(cast):
    reappointment = reappointment_of(employed())
    Reappointment.objects.filter(pk=reappointment.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(JetError) as refused:
        services.answer_for_organisation(cast.org_a, reappointment.pk, consent=True)
    assert "deadline" in str(refused.value.message)
    reappointment.refresh_from_db()
    assert reappointment.organisation_decision == Reappointment.Decision.PENDING
    assert reappointment.organisation_decided_by is None


def test_an_answer_is_given_once_by_either_door(cast):
    reappointment = reappointment_of(employed())
    services.record_organisation_decision(reappointment, consent=True, by=cast.hq)
    reappointment.refresh_from_db()
    assert reappointment.organisation_decision_source == Reappointment.Source.HQ
    assert reappointment.organisation_decided_by == cast.hq
    with pytest.raises(JetError):
        services.answer_for_organisation(cast.org_a, reappointment.pk, consent=False)
    other = reappointment_of(employed())
    services.answer_for_organisation(cast.org_a, other.pk, consent=True)
    with pytest.raises(JetError):
        services.record_organisation_decision(other, consent=False, by=cast.hq)
    other.refresh_from_db()
    assert other.organisation_decision == Reappointment.Decision.CONSENTED
    assert other.organisation_decided_by == cast.org_a


# --- The pages -----------------------------------------------------------------------


def test_the_officer_answers_on_the_page_in_japanese(client, cast):
    reappointment = reappointment_of(employed())
    client.force_login(cast.org_a)
    page = client.get(answer_url(reappointment, "ja")).content.decode()
    assert "再任用" in page
    response = client.post(answer_url(reappointment), {"decision": "consent"})
    assert response.status_code == 302
    assert response.url == reverse("jet:organisation_reappointments")
    reappointment.refresh_from_db()
    assert reappointment.organisation_decision == Reappointment.Decision.CONSENTED
    listing = client.get(reverse("jet:organisation_reappointments")).content.decode()
    assert "answered by Nagasaki Officer" in listing


def test_a_post_without_a_choice_is_refused_with_a_translated_error_and_changes_nothing(
    client, cast
):
    reappointment = reappointment_of(employed())
    client.force_login(cast.org_a)
    response = client.post(answer_url(reappointment, "ja"), {})
    assert response.status_code == 400
    assert "組織としての回答を選んでください" in response.content.decode()
    reappointment.refresh_from_db()
    assert reappointment.organisation_decision == Reappointment.Decision.PENDING


def test_a_post_after_the_deadline_is_refused_in_japanese_and_changes_nothing(client, cast):
    reappointment = reappointment_of(employed())
    Reappointment.objects.filter(pk=reappointment.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(cast.org_a)
    response = client.post(answer_url(reappointment, "ja"), {"decision": "consent"})
    assert response.status_code == 400
    assert "回答期限を過ぎています" in response.content.decode()
    reappointment.refresh_from_db()
    assert reappointment.organisation_decision == Reappointment.Decision.PENDING


def test_sapporos_officer_gets_404_for_nagasakis_reappointment_and_changes_nothing(client, cast):
    reappointment = reappointment_of(employed())
    client.force_login(cast.org_b)
    assert client.get(answer_url(reappointment)).status_code == 404
    assert client.post(answer_url(reappointment), {"decision": "decline"}).status_code == 404
    reappointment.refresh_from_db()
    assert reappointment.organisation_decision == Reappointment.Decision.PENDING
    listing = client.get(reverse("jet:organisation_reappointments")).content.decode()
    assert reappointment.placement.participant.full_name not in listing


def test_the_placements_page_lists_only_the_organisations_published_placements(
    client, cast, django_assert_max_num_queries
):
    mine = [employed(supervisor_name=f"Supervisor {n}") for n in range(30)]
    employed(state="draft", supervisor_name="Draft supervisor")
    employed(factories.organisation("011002"), supervisor_name="Sapporo supervisor")
    client.force_login(cast.org_a)
    # session, user, roles, membership with its organisation; count and page of
    # placements with participant, organisation and reappointment; the layout's
    # inbox count
    with django_assert_max_num_queries(8):
        page = client.get(reverse("jet:organisation_placements")).content.decode()
    assert "Draft supervisor" not in page and "Sapporo supervisor" not in page
    assert "Nagasaki Minami High School" in page
    shown = page.count("Supervisor ")
    second = client.get(reverse("jet:organisation_placements") + "?page=2").content.decode()
    assert shown + second.count("Supervisor ") == len(mine)


def test_the_reappointments_page_shows_those_waiting_first_and_who_answered(
    client, cast, django_assert_max_num_queries
):
    answered_by_hq = reappointment_of(employed())
    services.record_organisation_decision(answered_by_hq, consent=True, by=cast.hq)
    waiting = [reappointment_of(employed(), days=10 + n) for n in range(30)]
    client.force_login(cast.org_a)
    # session, user, roles, membership with its organisation; count and page of
    # reappointments with placement, participant, organisation and who answered;
    # the layout's inbox count
    with django_assert_max_num_queries(8):
        page = client.get(reverse("jet:organisation_reappointments")).content.decode()
    assert answer_url(waiting[0]) in page
    assert "entered by HQ" not in page  # answered ones come after the 25 waiting
    second = client.get(reverse("jet:organisation_reappointments") + "?page=2").content.decode()
    assert "entered by HQ" in second


def test_the_home_shows_the_task_the_participants_and_their_seminars(
    client, cast, django_assert_max_num_queries
):
    from reference.models import LocalGovernment

    placement = employed()
    reappointment_of(placement)
    nagasaki_prefecture = LocalGovernment.objects.get(code="422011").prefecture
    factories.seminar(
        this_year(), prefecture=nagasaki_prefecture, title_en="Nagasaki mid-year seminar"
    )
    factories.seminar(this_year(), roles=["CIR"], title_en="CIR-only seminar")
    factories.seminar(this_year() - 1, title_en="Last year's orientation")
    client.force_login(cast.org_a)
    page = client.get("/en/my-organisation/").content.decode()
    assert "Reappointments to answer" in page
    assert placement.participant.full_name in page and "Suzuki Ichiro" in page
    assert "Nagasaki mid-year seminar" in page
    assert "CIR-only seminar" not in page and "Last year" not in page

    # The section's own queries: the placements under contract with participant,
    # organisation and reappointment; the seminars' targets; the seminars.
    organisation = cast.org_a_organisation
    with django_assert_max_num_queries(3):
        sections = hooks.sections(organisation, cast.org_a)
    assert len(sections[0].context["placements"]) == 1
    with CaptureQueriesContext(connection) as queries:
        (task,) = hooks.tasks(organisation, cast.org_a)
    assert task.count == 1 and len(queries) == 1


def test_sapporos_home_shows_nothing_of_nagasakis_participants(client, cast):
    placement = employed()
    reappointment_of(placement)
    client.force_login(cast.org_b)
    page = client.get("/en/my-organisation/").content.decode()
    assert placement.participant.full_name not in page
    assert "Reappointments to answer" not in page
    assert hooks.sections(cast.org_b_organisation, cast.org_b) == []


def test_a_contract_that_ended_leaves_the_home_but_stays_on_the_placements_page(client, cast):
    ended = timezone.localdate() - timedelta(days=1)
    old = employed(
        year=ended.year - 1,
        contract_start=date(ended.year - 1, ended.month, 1),
        contract_end=ended,
    )
    client.force_login(cast.org_a)
    assert hooks.sections(cast.org_a_organisation, cast.org_a) == []
    assert (
        old.participant.full_name
        in client.get(reverse("jet:organisation_placements")).content.decode()
    )


def test_hq_sees_who_gave_each_answer_in_the_admin(client, cast):
    by_officer = reappointment_of(employed())
    services.answer_for_organisation(cast.org_a, by_officer.pk, consent=True)
    by_hq = reappointment_of(employed())
    client.force_login(cast.hq)
    response = client.post(
        reverse("admin:jet_reappointment_changelist"),
        {"action": "organisation_declines", "_selected_action": [by_hq.pk]},
    )
    assert response.status_code == 302
    by_hq.refresh_from_db()
    assert by_hq.organisation_decided_by == cast.hq
    assert by_hq.organisation_decision_source == Reappointment.Source.HQ
    listing = client.get(reverse("admin:jet_reappointment_changelist")).content.decode()
    assert "answered by the organisation on the portal (Nagasaki Officer)" in listing
    assert "entered by HQ on the organisation" in listing


def test_nagasakis_demo_officer_answers_the_demo_participants_reappointment(client, reference_data):
    from clair_portal import demo
    from clair_portal.accounts.models import User
    from jet import demo_data

    demo.load()
    demo_data.load()
    officer = User.objects.get(email="nagasaki@clair-demo.test")
    client.force_login(officer)
    home = client.get("/ja/my-organisation/").content.decode()
    assert "回答が必要な再任用" in home and "Alex Taylor" in home
    reappointment = Reappointment.objects.get(placement__participant__jet_number="DEMO-0001")
    response = client.post(answer_url(reappointment, "ja"), {"decision": "consent"})
    assert response.status_code == 302
    reappointment.refresh_from_db()
    assert reappointment.organisation_decided_by == officer
