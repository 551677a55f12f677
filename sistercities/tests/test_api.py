"""Open data API: the same filters and text search as the page, public fields only."""

import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1/sister-cities/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {a["id"] for a in response.json()["results"]}


@pytest.mark.parametrize("q", ["長崎", "ﾅｶﾞｻｷ", "Nagasaki-shi", "St. Paul"])
def test_text_search_finds_nagasaki_in_every_script(client, world, q):
    assert ids(client.get(API, {"q": q})) == {world.nagasaki_st_paul.pk}


def test_filters_and_sorting_match_the_page(client, world):
    assert ids(client.get(API, {"country": "US", "decade": "1950"})) == {
        world.nagasaki_st_paul.pk,
        world.sapporo_portland.pk,
    }
    body = client.get(API, {"sort": "-established"}).json()
    assert body["count"] == 5
    assert [a["established_year"] for a in body["results"]] == [2010, 2003, 1988, 1959, 1955]


def test_an_affiliation_holds_only_public_fields(client, world):
    body = client.get(f"{API}{world.nagasaki_st_paul.pk}/").json()
    assert body["partner"] == {
        "name_en": "Saint Paul", "name_local": "", "name_kana": "", "country": "US",
        "region": "Minnesota", "kind": "city", "website": None,
    }  # fmt: skip
    assert body["japanese"][0]["code"] == "422011"
    assert {"is_demo", "created_at", "updated_at", "search_key"}.isdisjoint(body)
    assert "search_key" not in body["japanese"][0]


def test_list_queries_do_not_grow_with_the_page(client, world, django_assert_max_num_queries):
    client.get(API)
    # 1 the count, 2 the page with partners, 3 the Japanese parties with prefectures,
    # 4 the dataset's Last-Modified.
    with django_assert_max_num_queries(4):
        assert len(ids(client.get(API))) == 5


@pytest.mark.parametrize("params", [{"country": "XX"}, {"year": "x"}, {"q": "a" * 5000}])
def test_invalid_filters_are_a_400_naming_the_parameter(client, world, params):
    response = client.get(API, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_local_governments_by_script_prefecture_and_kind(client, reference_data):
    body = client.get("/api/v1/local-governments/", {"q": "ながさき"}).json()
    assert [lg["code"] for lg in body["results"]] == ["420000", "422011"]
    body = client.get("/api/v1/local-governments/", {"prefecture": "420000", "lg_kind": "town"})
    assert body.json()["count"] == 8
    one = client.get("/api/v1/local-governments/422011/").json()
    assert one == {
        "code": "422011", "kind": "city", "prefecture": "420000", "name_kanji": "長崎市",
        "name_kana": "ナガサキシ", "name_romaji": "Nagasaki",
    }  # fmt: skip


def test_the_schema_describes_both_endpoints_and_their_filters(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for text in ["/api/v1/sister-cities/", "/api/v1/local-governments/{code}/", "decade"]:
        assert text in schema
