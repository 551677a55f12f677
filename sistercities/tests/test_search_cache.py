"""The search's cached result sections: reused for the same search, never stale after a change."""

import io

import pytest

from sistercities.models import Affiliation
from sistercities.resources import AffiliationImport
from sistercities.tests import factories

pytestmark = pytest.mark.django_db

SEARCH = "/en/sister-cities/"
PORTLAND = {"q": "portland"}


def years(client, params=PORTLAND) -> list[int]:
    body = client.get(SEARCH, params).content.decode()
    return sorted(int(y) for y in ("1959", "2010", "2020") if f"<td>{y}</td>" in body)


def test_the_same_search_again_is_served_without_a_query(client, world, django_assert_num_queries):
    first = client.get(SEARCH, PORTLAND).content.decode()
    with django_assert_num_queries(0):  # the result section comes from the cache
        again = client.get(SEARCH, PORTLAND).content.decode()
    results = 'class="sc-results"'  # the page around it carries a fresh CSRF token each time
    assert again[again.index(results) :] == first[first.index(results) :]
    assert "2 affiliations" in again


def test_a_cached_section_is_kept_per_language_page_and_filters(client, world):
    english = client.get(SEARCH, PORTLAND).content.decode()
    japanese = client.get("/ja/sister-cities/", PORTLAND).content.decode()
    assert "2 affiliations" in english
    assert "2 affiliations" not in japanese and "2件" in japanese
    only_us_2010 = client.get(SEARCH, {**PORTLAND, "decade": "2010"}).content.decode()
    assert "1 affiliation" in only_us_2010


def test_an_edited_affiliation_shows_at_once(client, world, django_capture_on_commit_callbacks):
    assert years(client) == [1959, 2010]
    with django_capture_on_commit_callbacks(execute=True):
        world.joint.established_year = 2020
        world.joint.save()
    assert years(client) == [1959, 2020]


def test_a_new_deleted_or_relinked_affiliation_shows_at_once(
    client, world, django_capture_on_commit_callbacks
):
    towns = [str(lg) for lg in world.joint.japanese.all()]
    before = client.get(SEARCH, PORTLAND).content.decode()
    assert "2 affiliations" in before and all(town in before for town in towns)
    with django_capture_on_commit_callbacks(execute=True):
        world.sapporo_portland.delete()
    assert "1 affiliation" in client.get(SEARCH, PORTLAND).content.decode()
    # Moving the joint affiliation to Nagasaki city alone: the prefecture counts follow.
    nagasaki = world.nagasaki_st_paul.japanese.get()
    with django_capture_on_commit_callbacks(execute=True):
        world.joint.japanese.set([nagasaki])
    body = client.get(SEARCH, PORTLAND).content.decode()
    assert str(nagasaki) in body and not any(town in body for town in towns)


def test_a_renamed_partner_shows_at_once(client, world, django_capture_on_commit_callbacks):
    assert "Portland" in client.get(SEARCH, {"country": "US"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        world.portland.name_en = "Portland (Oregon)"
        world.portland.save()
    assert "Portland (Oregon)" in client.get(SEARCH, {"country": "US"}).content.decode()


def test_an_import_shows_at_once_and_a_preview_changes_nothing(
    client, world, django_capture_on_commit_callbacks
):
    assert "2 affiliations" in client.get(SEARCH, PORTLAND).content.decode()
    row = {
        "japanese_codes": "131016",
        "partner_name_en": "Portland",
        "partner_country": "US",
        "partner_region": "Oregon",
        "kind": "sister",
        "established_year": "1999",
        "status": "active",
        "fields": "culture",
    }
    data = ("\n".join([",".join(row), ",".join(row.values())]) + "\n").encode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert AffiliationImport().run(io.BytesIO(data), name="a.csv", dry_run=True).ok
    assert callbacks == []  # a preview writes nothing, so the cache stays
    with django_capture_on_commit_callbacks(execute=True):
        assert AffiliationImport().run(io.BytesIO(data), name="a.csv").ok
    assert Affiliation.objects.filter(partner=world.portland).count() == 3
    assert "3 affiliations" in client.get(SEARCH, PORTLAND).content.decode()


def test_a_new_exchange_project_is_linked_at_once(
    client, world, django_capture_on_commit_callbacks
):
    assert "Exchange projects" not in client.get(SEARCH, PORTLAND).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        factories.project(world.joint)
    body = client.get(SEARCH, PORTLAND).content.decode()
    assert f"?affiliation={world.joint.pk}" in body


def test_a_visitors_extra_parameters_never_reach_the_next_visitors_page(world):
    """The cached section is shared by everyone asking the same search: it holds the
    cleaned filters only, never what the first visitor added or how they typed it."""
    from django.test import Client

    first = Client().get(
        SEARCH, {"q": "  portland ", "decade": "2010", "foo": "evil", "page": "1", "x": '"><b>'}
    )
    assert first.status_code == 200
    second = Client().get(SEARCH, {"q": "portland", "decade": "2010"}).content.decode()
    assert "1 affiliation" in second
    for trace in ("foo=", "evil", "%22%3E", "&quot;&gt;", "  portland"):
        assert trace not in second, trace
    # The download links carry exactly the filters, in the form's order.
    assert 'href="/en/sister-cities/download.csv?q=portland&amp;decade=2010"' in second
    assert 'value="portland"' in second


def test_the_download_links_are_the_cleaned_filters_for_the_first_visitor_too(client, world):
    body = client.get(SEARCH, {"q": "portland", "foo": "evil", "year": "02010"}).content.decode()
    results = body[body.index('class="sc-search"') :]  # the language menu links the page itself
    assert "evil" not in results and "02010" not in results
    assert 'href="/en/sister-cities/download.xlsx?q=portland&amp;year=2010"' in body
