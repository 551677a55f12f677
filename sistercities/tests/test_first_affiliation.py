"""Japan's first sister-city affiliation is real reference data, holding only the booklet's facts."""

from io import StringIO

import pytest
from django.core.management import call_command

from reference.models import ForeignLocalGovernment
from sistercities import demo_data
from sistercities import reference_data as loader
from sistercities.models import Affiliation

pytestmark = pytest.mark.django_db


def load_reference() -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_nagasaki_and_saint_paul_1955_hold_only_what_the_booklet_states(reference_data):
    first = loader.first_affiliation()
    assert [lg.code for lg in first.japanese.all()] == ["422011"]
    partner = first.partner
    assert (partner.name_en, partner.region, partner.country.code) == (
        "Saint Paul",
        "Minnesota",
        "US",
    )
    assert (first.kind, first.established_year, first.status) == ("sister", 1955, "active")
    assert "friendship and world peace" in first.notes_en
    assert "友好と世界平和" in first.notes_ja
    # Nothing the booklet does not give.
    assert first.fields == [] and first.established_on is None and first.activities == ""
    assert not (
        first.signed_by_both_heads
        or first.exchange_in_several_fields
        or first.budget_approved_by_assembly
    )
    assert partner.website == "" and partner.name_local == ""
    assert not first.is_demo


@pytest.mark.parametrize("typed", ["St Paul", "St. Paul", "Saint Paul"])
def test_it_is_found_by_nagasaki_city_and_st_paul_as_the_booklet_writes_it(
    client, reference_data, typed
):
    response = client.get("/en/sister-cities/", {"q": typed})
    assert response.status_code == 200
    assert f"/sister-cities/{loader.first_affiliation().pk}/" in response.content.decode()


def test_the_loader_is_idempotent_and_runs_with_debug_off(reference_data, settings):
    settings.DEBUG = False
    Affiliation.objects.all().delete()
    ForeignLocalGovernment.objects.filter(name_en="Saint Paul").delete()
    assert "first sister-city affiliation: 1 created" in load_reference()
    assert "first sister-city affiliation: 0 created, 0 updated, 1 unchanged" in load_reference()
    assert Affiliation.objects.count() == 1
    assert ForeignLocalGovernment.objects.filter(region="Minnesota").count() == 1


def test_a_partner_already_stored_as_st_paul_is_reused(reference_data):
    Affiliation.objects.all().delete()
    ForeignLocalGovernment.objects.filter(name_en="Saint Paul").update(name_en="St. Paul")
    ForeignLocalGovernment.objects.get(name_en="St. Paul").save()  # its search key
    loader.load_first_affiliation()
    assert loader.first_affiliation().partner.name_en == "St. Paul"
    assert ForeignLocalGovernment.objects.filter(region="Minnesota").count() == 1


def test_an_affiliation_hq_has_edited_is_left_as_it_is(reference_data):
    first = loader.first_affiliation()
    Affiliation.objects.filter(pk=first.pk).update(fields=["culture"], surveyed_year=2025)
    assert loader.load_first_affiliation().unchanged == 1
    first.refresh_from_db()
    assert (first.fields, first.surveyed_year) == (["culture"], 2025)


def test_the_demo_loader_adds_nothing_on_top_of_it(reference_data):
    before = Affiliation.objects.values().get(pk=loader.first_affiliation().pk)
    demo_data.load()
    first = loader.first_affiliation()
    assert Affiliation.objects.values().get(pk=first.pk) == before
    assert first.partner.website == ""
    nagasaki_pairs = Affiliation.objects.filter(japanese__code="422011")
    assert list(nagasaki_pairs) == [first]
