"""The search's facts on each affiliation's row stay true however the parties change.

``Affiliation.SEARCH_FACTS`` are kept by PostgreSQL's triggers (migration 0010),
so these tests write the way the portal's users and tools do (forms and services,
bulk writes that send no signal, stale instances saved again) and read the row
back, then search for it.
"""

import pytest

from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities.models import Affiliation
from sistercities.services import create_affiliation

pytestmark = pytest.mark.django_db

SEARCH = "/en/sister-cities/"


def facts(affiliation) -> tuple[list[str], str, list[str]]:
    row = Affiliation.objects.values(*Affiliation.SEARCH_FACTS).get(pk=affiliation.pk)
    return row["search_key"].split("\n"), row["partner_country"], sorted(row["prefectures"])


def found(client, **params) -> set[int]:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return {row["pk"] for row in response.context["rows"]}


@pytest.fixture
def ballarat(reference_data):
    return ForeignLocalGovernment.objects.create(
        country="AU", region="Victoria", name_en="Ballarat"
    )


def test_a_new_affiliation_holds_its_parties_keys_a_line_each(ballarat):
    sapporo, otaru = LocalGovernment.objects.in_bulk(["011002", "012033"]).values()
    affiliation = create_affiliation(
        japanese=[sapporo, otaru], partner=ballarat, established_year=1990
    )
    lines, country, prefectures = facts(affiliation)
    assert lines == [sapporo.search_key, otaru.search_key, ballarat.search_key]
    assert country == "AU"
    assert prefectures == ["010006"]  # both in Hokkaidō: counted once


def test_what_the_portal_writes_in_them_is_replaced(ballarat):
    sapporo = LocalGovernment.objects.get(code="011002")
    affiliation = create_affiliation(japanese=[sapporo], partner=ballarat, established_year=1990)
    stale = Affiliation.objects.get(pk=affiliation.pk)
    stale.search_key, stale.partner_country, stale.prefectures = "nothing", "ZZ", ["999999"]
    stale.status = Affiliation.Status.DORMANT
    stale.save()
    assert facts(affiliation) == ([sapporo.search_key, ballarat.search_key], "AU", ["010006"])


def test_linking_and_unlinking_parties_changes_the_prefectures(ballarat):
    sapporo, naha = LocalGovernment.objects.in_bulk(["011002", "472018"]).values()
    affiliation = create_affiliation(japanese=[sapporo], partner=ballarat, established_year=1990)
    affiliation.japanese.add(naha)
    assert facts(affiliation)[2] == ["010006", "470007"]
    affiliation.japanese.remove(sapporo)
    assert facts(affiliation) == ([naha.search_key, ballarat.search_key], "AU", ["470007"])


def test_links_written_in_bulk_without_signals_are_seen(ballarat):
    naha = LocalGovernment.objects.get(code="472018")
    affiliation = Affiliation.objects.create(partner=ballarat, established_year=1990)
    through = Affiliation.japanese.through
    through.objects.bulk_create([through(affiliation=affiliation, localgovernment=naha)])
    assert facts(affiliation) == ([naha.search_key, ballarat.search_key], "AU", ["470007"])


def test_a_renamed_or_moved_partner_is_found_under_its_new_name_and_country(client, ballarat):
    sapporo = LocalGovernment.objects.get(code="011002")
    affiliation = create_affiliation(japanese=[sapporo], partner=ballarat, established_year=1990)
    assert found(client, q="ballarat", country="AU") == {affiliation.pk}

    ballarat.name_en, ballarat.country = "Bendigo", "NZ"
    ballarat.save()

    assert found(client, q="ballarat") == set()
    assert found(client, q="bendigo", country="NZ") == {affiliation.pk}
    assert facts(affiliation)[1] == "NZ"


def test_a_local_government_renamed_in_the_reference_data_is_found_under_its_new_key(
    client, ballarat
):
    otaru = LocalGovernment.objects.get(code="012033")
    affiliation = create_affiliation(japanese=[otaru], partner=ballarat, established_year=1990)
    LocalGovernment.objects.filter(code="012033").update(search_key="浜茄子 hamanasu")
    assert found(client, q="hamanasu") == {affiliation.pk}
    assert found(client, q="otaru", prefecture="010006") == set()


def test_the_history_keeps_hqs_edits_not_the_facts(ballarat):
    sapporo = LocalGovernment.objects.get(code="011002")
    affiliation = create_affiliation(japanese=[sapporo], partner=ballarat, established_year=1990)
    history = {f.name for f in affiliation.history.model._meta.get_fields()}
    assert "status" in history
    assert history.isdisjoint(Affiliation.SEARCH_FACTS)
