"""The host local government answers the LGOTP demand survey itself and sees its trainees.

Nagasaki City's officer (``cast.org_a``) answers for Nagasaki; Sapporo City's
officer (``cast.org_b``) never sees or changes Nagasaki's offers or trainees.
"""

import datetime

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from cooperation import organisation as hooks
from cooperation import services
from cooperation.models import ChecklistItem, HostOffer, Programme
from cooperation.services import CooperationError
from cooperation.tests import factories

pytestmark = pytest.mark.django_db

HOST = {"starts_on": datetime.date(2026, 6, 1), "ends_on": datetime.date(2027, 1, 31)}
ARRIVES = datetime.date(2026, 4, 20)


def survey(year=2030, *, opens=-7, closes=30) -> Programme:
    """A programme whose demand survey runs from ``opens`` to ``closes`` days from today."""
    today = timezone.localdate()
    return Programme.objects.create(
        fiscal_year=year,
        survey_opens_on=today + datetime.timedelta(days=opens),
        survey_closes_on=today + datetime.timedelta(days=closes),
    )


def offer_places(user, programme, field_code="tourism", capacity=2, **extra):
    return services.answer_demand_survey(
        user, programme, field=factories.field(field_code), capacity=capacity, notes="", **extra
    )


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"cooperation:{name}", args=args)


# --- The service -----------------------------------------------------------------------


def test_the_officer_offers_places_in_its_own_name_within_the_window(cast):
    offer = offer_places(cast.org_a, survey())
    assert offer.local_government.code == "422011"
    assert offer.source == HostOffer.Source.ORGANISATION
    assert offer.entered_by == cast.org_a and offer.entered_at is not None
    changed = offer_places(cast.org_a, offer.programme, capacity=5, offer=offer)
    assert changed.pk == offer.pk and HostOffer.objects.get(pk=offer.pk).capacity == 5


@pytest.mark.parametrize(
    "window", [{"opens": 1, "closes": 30}, {"opens": -30, "closes": -1}, None], ids=str
)
def test_outside_the_window_the_officer_is_refused_and_nothing_is_written(cast, window):
    programme = survey(**window) if window else factories.programme(2030)
    with pytest.raises(CooperationError) as refused:
        offer_places(cast.org_a, programme)
    assert "FY2030" in str(refused.value.message)
    assert not HostOffer.objects.exists()


def test_a_changed_offer_outside_the_window_keeps_what_it_was(cast):
    offer = offer_places(cast.org_a, survey(), capacity=2)
    Programme.objects.filter(pk=offer.programme_id).update(
        survey_closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(CooperationError):
        offer_places(
            cast.org_a, Programme.objects.get(pk=offer.programme_id), capacity=9, offer=offer
        )
    assert HostOffer.objects.get(pk=offer.pk).capacity == 2


def test_only_officers_of_a_local_government_answer_and_only_for_their_own_offers(cast):
    programme = survey()
    for outsider in (cast.hq, cast.participant, cast.office_a, cast.superuser):
        with pytest.raises(Http404):
            offer_places(outsider, programme)
    offer = offer_places(cast.org_a, programme)
    with pytest.raises(Http404):
        offer_places(cast.org_b, programme, capacity=9, offer=offer)
    with pytest.raises(Http404):
        services.get_host_offer_for_user(cast.org_b, offer.pk)
    assert HostOffer.objects.get(pk=offer.pk).capacity == 2


def test_one_offer_per_field_and_never_below_the_trainees_placed(cast):
    programme = survey(year=2026)
    offer = offer_places(cast.org_a, programme, field_code="water-supply", capacity=2)
    with pytest.raises(CooperationError):
        offer_places(cast.org_a, programme, field_code="water-supply", capacity=1)
    services.assign_host(factories.trainee("Placed"), offer, **HOST)
    services.assign_host(factories.trainee("Placed too"), offer, **HOST)
    with pytest.raises(CooperationError):
        offer_places(cast.org_a, programme, field_code="water-supply", capacity=1, offer=offer)
    assert HostOffer.objects.get(pk=offer.pk).capacity == 2


def test_hq_typing_an_offer_in_is_recorded_as_entered_by_hq(cast):
    offer = services.save_offer(
        cast.hq,
        factories.programme(2026),
        local_government=factories.LocalGovernment.objects.get(code="011002"),
        field=factories.field("tourism"),
        capacity=1,
    )
    assert offer.source == HostOffer.Source.HQ and offer.entered_by == cast.hq


# --- The pages ---------------------------------------------------------------------------


def test_the_officer_offers_a_place_on_the_page_in_japanese_and_hq_sees_who_answered(client, cast):
    programme = survey()
    client.force_login(cast.org_a)
    form = client.get(url("host_offer_create", 2030, language="ja")).content.decode()
    assert "受入れ" in form
    response = client.post(
        url("host_offer_create", 2030, language="ja"),
        {"field": factories.field("tourism").pk, "capacity": "3", "notes": "観光課で受け入れます"},
    )
    assert response.status_code == 302
    offer = HostOffer.objects.get(programme=programme)
    assert offer.capacity == 3 and offer.entered_by == cast.org_a
    client.force_login(cast.hq)
    listing = client.get(url("offer_list", 2030)).content.decode()
    assert "by the local government on the portal (Nagasaki Officer)" in listing


def test_a_post_outside_the_window_is_refused_in_japanese_and_writes_nothing(client, cast):
    survey(opens=-30, closes=-1)
    client.force_login(cast.org_a)
    page = client.get(url("host_offer_create", 2030, language="ja")).content.decode()
    assert "クレアまでご連絡ください" in page and 'name="capacity"' not in page
    response = client.post(
        url("host_offer_create", 2030, language="ja"),
        {"field": factories.field("tourism").pk, "capacity": "3", "notes": ""},
    )
    assert response.status_code == 400
    assert "クレアまでご連絡ください" in response.content.decode()
    assert not HostOffer.objects.exists()


def test_bad_input_is_refused_with_the_form_kept(client, cast):
    survey()
    client.force_login(cast.org_a)
    response = client.post(
        url("host_offer_create", 2030, language="ja"),
        {"field": factories.field("tourism").pk, "capacity": "0", "notes": "keep me"},
    )
    assert response.status_code == 400
    assert "keep me" in response.content.decode()
    assert not HostOffer.objects.exists()


def test_sapporo_gets_404_for_nagasakis_offer_and_changes_nothing(client, cast):
    offer = offer_places(cast.org_a, survey())
    client.force_login(cast.org_b)
    assert client.get(url("host_offer_edit", offer.pk)).status_code == 404
    response = client.post(
        url("host_offer_edit", offer.pk),
        {"field": factories.field("tourism").pk, "capacity": "9", "notes": ""},
    )
    assert response.status_code == 404
    assert HostOffer.objects.get(pk=offer.pk).capacity == 2
    assert "Tourism" not in client.get(url("host_home")).content.decode()


def test_the_host_page_lists_its_own_offers_in_fixed_queries(
    client, cast, django_assert_max_num_queries
):
    survey()
    fields = ["water-supply", "tourism", "health", "agriculture"]
    for year in range(2001, 2008):
        for code in fields:
            factories.offer(host="422011", field_code=code, year=year)
    factories.offer(host="011002", field_code="tourism", year=2001)
    client.force_login(cast.org_a)
    # session, user, roles, membership with its local government; the open surveys;
    # the count and the page of offers (programme, field, who entered, places taken);
    # the layout's inbox count
    with django_assert_max_num_queries(8):
        response = client.get(url("host_home"))
    page = response.context["page"]
    assert page.paginator.count == 28 and len(page.object_list) == 25
    assert {o.local_government.code for o in page.object_list} == {"422011"}


def test_the_trainees_page_shows_its_trainees_timeline_and_reminders_in_fixed_queries(
    client, cast, django_assert_max_num_queries
):
    nagasaki = factories.offer(host="422011", capacity=40)
    sapporo = factories.offer(host="011002", field_code="water-supply", capacity=5)
    for n in range(30):
        trainee = factories.trainee(f"Trainee {n:02d}")
        services.place_trainee(trainee, nagasaki, arrives_on=ARRIVES, **HOST)
    services.place_trainee(
        factories.trainee("Sapporo's trainee"), sapporo, arrives_on=ARRIVES, **HOST
    )
    services.remind_checklist(today=ARRIVES - datetime.timedelta(days=60))
    client.force_login(cast.org_a)
    # session, user, roles, membership with its local government; the count and the
    # page of trainees (programme, field, assignment); their phases; their checklists;
    # the layout's inbox count and office membership
    with django_assert_max_num_queries(10):
        page = client.get(url("host_trainees")).content.decode()
    assert "Trainee 00" in page and "Sapporo&#x27;s trainee" not in page
    assert "reminder sent" in page and "language study in central Japan" in page
    assert ChecklistItem.objects.filter(reminded_at__isnull=False).exists()
    client.force_login(cast.org_b)
    other = client.get(url("host_trainees")).content.decode()
    assert "Sapporo&#x27;s trainee" in other and "Trainee 00" not in other


def test_the_home_asks_for_the_survey_until_it_is_answered(
    client, cast, django_assert_max_num_queries
):
    programme = survey()
    organisation = cast.org_a_organisation
    (task,) = hooks.tasks(organisation, cast.org_a)
    assert task.count == 1
    client.force_login(cast.org_a)
    home = client.get("/en/my-organisation/").content.decode()
    assert "The LGOTP demand survey to answer" in home
    assert url("host_offer_create", 2030) in home
    offer_places(cast.org_a, programme)
    assert hooks.tasks(organisation, cast.org_a)[0].count == 0
    # The section's own: the open surveys, the offers in them, the trainees assigned.
    with django_assert_max_num_queries(3):
        (section,) = hooks.sections(organisation, cast.org_a)
    assert [o.field.code for o in section.context["offers"]] == ["tourism"]
    # Sapporo's home asks Sapporo too, but shows none of Nagasaki's offers.
    (sapporo_task,) = hooks.tasks(cast.org_b_organisation, cast.org_b)
    assert sapporo_task.count == 1
    assert hooks.sections(cast.org_b_organisation, cast.org_b)[0].context["offers"] == []


def test_no_lgotp_section_without_an_open_survey_or_trainees(cast):
    survey(opens=-30, closes=-1)
    assert hooks.sections(cast.org_a_organisation, cast.org_a) == []
    assert hooks.tasks(cast.org_a_organisation, cast.org_a)[0].count == 0


def test_hq_sets_the_window_in_the_admin_and_a_half_window_is_refused(client, cast):
    programme = factories.programme(2031)
    client.force_login(cast.superuser)
    change = reverse("admin:cooperation_programme_change", args=[programme.pk])
    data = {
        "fiscal_year": "2031",
        "notes": "",
        "survey_opens_on": "2030-10-01",
        "survey_closes_on": "",
        "offers-TOTAL_FORMS": "0",
        "offers-INITIAL_FORMS": "0",
    }
    assert client.post(change, data).status_code == 200  # the form again, with the error
    programme.refresh_from_db()
    assert programme.survey_opens_on is None
    data["survey_closes_on"] = "2030-11-30"
    assert client.post(change, data).status_code == 302
    programme.refresh_from_db()
    assert programme.survey_closes_on == datetime.date(2030, 11, 30)


def test_nagasakis_demo_officer_has_an_open_survey_to_answer(client, reference_data, settings):
    from io import StringIO

    from django.core.management import call_command

    from clair_portal.accounts.models import User

    settings.DEBUG = True
    call_command("load_demo_data", stdout=StringIO())
    officer = User.objects.get(email="nagasaki@clair-demo.test")
    client.force_login(officer)
    home = client.get("/ja/my-organisation/").content.decode()
    assert Programme.objects.survey_open().count() == 1
    assert "回答が必要なLGOTP受入意向調査" in home
    assert url("host_home", language="ja") in home
