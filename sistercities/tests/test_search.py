"""The public partner search page, its detail pages and downloads, on PostgreSQL."""

import csv
import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from reference.search import foreign_key, japanese_key
from sistercities.models import Affiliation

pytestmark = pytest.mark.django_db

SEARCH = "/en/sister-cities/"


def found(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {a["pk"] for a in response.context["rows"]}


@pytest.mark.parametrize(
    "typed",
    ["長崎", "長崎市", "ながさき", "ナガサキ", "ﾅｶﾞｻｷ", "nagasaki", "Nagasaki", "NAGASAKI",
     "Nagasaki-shi", "Nagasaki City", "ながさきし", "  nagasaki  ", "長﨑", "長﨑市", "長嵜"],
)  # fmt: skip
def test_every_script_and_spelling_finds_nagasaki_and_nothing_else(client, world, typed):
    assert found(client.get(SEARCH, {"q": typed})) == {world.nagasaki_st_paul.pk}


@pytest.mark.parametrize("typed", ["Saint Paul", "St. Paul", "st paul", "ST PAUL", "St Paul"])
def test_foreign_names_ignore_case_and_abbreviations(client, world, typed):
    assert found(client.get(SEARCH, {"q": typed})) == {world.nagasaki_st_paul.pk}


@pytest.mark.parametrize("typed", ["saint etienne", "St-Etienne", "SAINT-ÉTIENNE", "étienne"])
def test_foreign_names_ignore_accents(client, world, typed):
    assert found(client.get(SEARCH, {"q": typed})) == {world.kyoto_etienne.pk}


def test_foreign_names_in_their_own_script(client, world):
    assert found(client.get(SEARCH, {"q": "서울"})) == {world.chiyoda_seoul.pk}


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("トウキョウ", "Tōkyō"), ("トウキョウ", "Tookyoo"), ("トウキョウ", "トーキョー"),
     ("シンバシ", "Shimbashi"), ("オオサカ", "Ōsaka")],
)  # fmt: skip
def test_long_vowels_and_hepburn_variants_fold_together(stored, typed):
    assert japanese_key(stored) == japanese_key(typed)


@pytest.mark.parametrize(
    ("standard", "variants"),
    [("高松", ["髙松"]), ("斉藤", ["齋藤", "齊藤", "斎藤"]), ("浜松", ["濵松", "濱松"]),
     ("渡辺", ["渡邊", "渡邉"]), ("竜ケ崎", ["龍ケ﨑"]), ("桜川", ["櫻川"])],
)  # fmt: skip
def test_variant_kanji_fold_to_one_form(standard, variants):
    for variant in variants:
        assert japanese_key(variant) == japanese_key(standard), variant
        assert foreign_key(variant) == foreign_key(standard), variant


def test_a_misspelt_name_finding_nothing_suggests_the_nearest_one(client, world):
    response = client.get(SEARCH, {"q": "nagasky", "country": "US"})
    assert found(response) == set()
    html = response.content.decode()
    match = re.search(r'Did you mean <a href="([^"]+)">Nagasaki City</a>\?', html)
    assert match, html
    # The link keeps the other filters and finds the affiliation.
    again = match.group(1).replace("&amp;", "&")
    assert "country=US" in again and "q=Nagasaki+City" in again
    assert found(client.get(SEARCH + again)) == {world.nagasaki_st_paul.pk}


def test_the_suggestion_is_in_the_readers_language(client, world):
    html = client.get("/ja/sister-cities/", {"q": "nagasky"}).content.decode()
    assert re.search(r'<a href="\?q=%E9%95%B7%E5%B4%8E%E5%B8%82">長崎市</a>', html), html
    html = client.get(SEARCH, {"q": "St Pual"}).content.decode()
    assert ">Saint Paul</a>?" in html


def test_nothing_close_suggests_nothing(client, world):
    html = client.get(SEARCH, {"q": "qwxzv"}).content.decode()
    assert "No affiliation matches" in html and "Did you mean" not in html


def test_a_key_never_mixes_japanese_and_foreign_rules():
    assert foreign_key("St. Paul") == foreign_key("saint paul") == "saint paul"
    assert japanese_key("京都") == "京都"  # two kanji keep their suffix-like last kanji
    assert japanese_key("長崎市") == "長崎"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"prefecture": "420000"}, {"nagasaki_st_paul", "joint"}),
        ({"lg_kind": "special_ward"}, {"chiyoda_seoul"}),
        ({"lg_kind": "prefecture"}, {"kyoto_etienne"}),
        ({"country": "US"}, {"nagasaki_st_paul", "sapporo_portland", "joint"}),
        ({"region": "oregon"}, {"sapporo_portland", "joint"}),
        ({"kind": "friendship"}, {"chiyoda_seoul"}),
        ({"status": "ended"}, {"kyoto_etienne"}),
        ({"field": "culture"}, {"nagasaki_st_paul", "kyoto_etienne"}),
        ({"year": "1959"}, {"sapporo_portland"}),
        ({"decade": "1950"}, {"nagasaki_st_paul", "sapporo_portland"}),
        ({"q": "portland", "prefecture": "420000"}, {"joint"}),
        ({"q": "札幌", "country": "KR"}, set()),
    ],
)
def test_each_filter_narrows_to_exactly_its_affiliations(client, world, params, expected):
    assert found(client.get(SEARCH, params)) == {getattr(world, n).pk for n in expected}


def test_the_count_and_the_per_country_and_prefecture_counts_describe_the_result(client, world):
    response = client.get(SEARCH, {"country": "US"})
    assert response.context["total"] == 3
    assert [(c["code"], c["count"]) for c in response.context["by_country"]] == [("US", 3)]
    by_prefecture = {p["code"]: p["count"] for p in response.context["by_prefecture"]}
    # The joint affiliation of two Nagasaki towns counts once for Nagasaki.
    assert by_prefecture == {"420000": 2, "010006": 1}
    assert "3 affiliations" in response.content.decode()


def test_sorting_and_pages_are_in_the_url(client, world, settings, monkeypatch):
    monkeypatch.setattr("sistercities.views.PAGE_SIZE", 2)
    first = client.get(SEARCH, {"sort": "-established"})
    assert [a["year"] for a in first.context["rows"]] == [2010, 2003]
    assert first.context["pages"] == 3
    body = first.content.decode()
    assert 'href="?sort=-established&amp;page=2"' in body
    second = client.get(SEARCH, {"sort": "-established", "page": "2"})
    assert [a["year"] for a in second.context["rows"]] == [1988, 1959]
    # A page number past the end, or not a number, shows a real page.
    assert client.get(SEARCH, {"page": "999"}).context["page_number"] == 3
    assert client.get(SEARCH, {"page": "abc"}).context["page_number"] == 1


def test_the_results_have_page_numbers_that_keep_the_search(client, world, monkeypatch):
    monkeypatch.setattr("sistercities.views.PAGE_SIZE", 1)
    body = client.get(SEARCH, {"country": "US", "sort": "-established", "page": "2"})
    body = body.content.decode()
    assert "2–2 of 3" in body
    assert 'href="?country=US&amp;sort=-established&amp;page=1"' in body
    assert 'href="?country=US&amp;sort=-established&amp;page=3" rel="next"' in body
    current = re.search(r'<a href="([^"]*)" aria-current="page"', body).group(1)
    assert current == "?country=US&amp;sort=-established&amp;page=2"
    japanese = client.get("/ja/sister-cities/", {"country": "US", "page": "2"}).content.decode()
    assert "3件中 2–2件" in japanese and "2ページ目" in japanese


def test_cached_results_link_with_the_cleaned_search_only(client, world, monkeypatch):
    monkeypatch.setattr("sistercities.views.PAGE_SIZE", 1)
    # The first request fills the cache; its stray parameter and spacing must not leak
    # into the links the second (same search, cleaned) is served from the cache.
    first = client.get(SEARCH, {"q": "  portland ", "utm_source": "mail", "page": "2"})
    second = client.get(SEARCH, {"q": "portland", "page": "2"})
    assert "rows" in first.context and "rows" not in second.context  # from the cache

    def results(response) -> str:  # the cached section (the language switcher keeps the URL)
        return re.search(r'<section aria-labelledby="results-heading".*?</section>',
                         response.content.decode(), re.DOTALL).group(0)  # fmt: skip

    assert "utm_source" not in results(first)
    body = results(second)
    assert "utm_source" not in body and "++portland" not in body
    assert 'href="?q=portland&amp;page=1"' in body
    assert 'href="/en/sister-cities/download.csv?q=portland"' in body


def test_search_page_queries_do_not_grow_with_the_results(
    client, world, django_assert_max_num_queries
):
    client.get(SEARCH, {"sort": "partner"})  # warm per-process caches (translations)
    # A search not asked before (the result section is not cached yet):
    # 1 the per-country and per-prefecture counts and the page's ids, in one scan;
    # 2 the page's affiliations with partners; 3 their Japanese parties with prefectures.
    with django_assert_max_num_queries(3):
        response = client.get(SEARCH, {"q": "portland", "country": "US", "decade": "2010"})
    assert found(response) == {world.joint.pk}
    with django_assert_max_num_queries(3):
        assert len(found(client.get(SEARCH))) == 5


@pytest.mark.parametrize(
    "params",
    [{"country": "XX"}, {"prefecture": "999999"}, {"year": "abc"}, {"year": "1800"},
     {"decade": "1955"}, {"status": "gone"}, {"sort": "random()"}, {"q": "x" * 10_000},
     {"q": "nagasaki\x00"}, {"field": ["culture", "'; DROP TABLE x; --"]}],
)  # fmt: skip
def test_invalid_filters_answer_400_with_a_message(client, world, params):
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    assert 'class="error" role="alert"' in response.content.decode()
    assert Affiliation.objects.count() == 5


@pytest.mark.parametrize("q", ["", "   ", "'; DROP TABLE sistercities_affiliation; --", "%", "_",
                               "\\", "🙂", "\u202e", "ー", "-", "ｰ", "\u3000"])  # fmt: skip
def test_odd_queries_give_a_normal_page(client, world, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    assert Affiliation.objects.count() == 5


def test_the_page_is_in_japanese_with_every_control_labelled(client, world):
    body = client.get("/ja/sister-cities/", {"q": "長崎"}).content.decode()
    assert "姉妹都市" in body
    for name in ["q", "prefecture", "lg_kind", "country", "region", "kind", "status", "field",
                 "year", "decade", "sort"]:  # fmt: skip
        assert f'<label for="id_{name}">' in body, name
    assert "長崎県" in body  # prefecture names in kanji on the Japanese page


def test_detail_page_shows_everything_public(client, world, django_assert_max_num_queries):
    a = world.nagasaki_st_paul
    client.get(f"/en/sister-cities/{a.pk}/")
    # 1 the affiliation with its partner, 2 its Japanese parties with prefectures.
    with django_assert_max_num_queries(2):
        body = client.get(f"/en/sister-cities/{a.pk}/").content.decode()
    assert "Saint Paul" in body and "Minnesota" in body and "1955" in body
    assert "Nagasaki City" in body and "422011" in body
    assert client.get("/en/sister-cities/999999/").status_code == 404


def test_demo_records_carry_the_notice_and_real_ones_do_not(
    client, world, django_capture_on_commit_callbacks
):
    assert "demo-notice" not in client.get(SEARCH).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        world.joint.is_demo = True
        world.joint.save()
    assert "demo-notice" in client.get(SEARCH).content.decode()
    assert "demo-notice" in client.get(f"/en/sister-cities/{world.joint.pk}/").content.decode()


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_download_is_exactly_the_filtered_set(client, world):
    response = client.get(
        "/en/sister-cities/download.csv", {"country": "US", "sort": "-established"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _csv(response)
    assert [int(r["record number"]) for r in rows] == [world.joint.pk, world.sapporo_portland.pk,
                                                       world.nagasaki_st_paul.pk]  # fmt: skip
    joint = rows[0]
    assert joint["Japanese local government codes"] == "423076;423084"
    assert joint["prefectures"] == "Nagasaki"
    # Labels for people, and beside them the codes open-data users read.
    assert joint["partner country"] == "United States of America"
    assert joint["partner country (code)"] == "US" and joint["partner region"] == "Oregon"
    assert (joint["kind of affiliation"], joint["kind of affiliation (code)"]) == (
        "sister city",
        "sister",
    )


def test_xlsx_download_is_exactly_the_filtered_set(client, world):
    response = client.get("/en/sister-cities/download.xlsx", {"q": "ながさき"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("record number", "Japanese local government codes")
    assert [r[0] for r in rows[1:]] == [world.nagasaki_st_paul.pk]
    assert rows[1][4] == "Saint Paul"


def test_a_japanese_download_has_japanese_headers_and_labels_beside_the_codes(client, world):
    with translation.override("ja"):
        response = client.get("/ja/sister-cities/download.csv", {"country": "US"})
        rows = _csv(response)
    nagasaki = next(r for r in rows if r["日本の地方公共団体コード"] == "422011")
    assert nagasaki["都道府県"] == "長崎県" and nagasaki["日本の自治体"] == "長崎市"
    assert (nagasaki["相手国"], nagasaki["相手国（コード）"]) == ("アメリカ合衆国", "US")
    assert (nagasaki["提携の種別"], nagasaki["提携の種別（コード）"]) == ("姉妹都市", "sister")


def test_download_of_an_unknown_format_or_bad_filter_is_refused(client, world):
    assert client.get("/en/sister-cities/download.pdf").status_code == 404
    assert client.get("/en/sister-cities/download.csv", {"year": "x"}).status_code == 400


def test_gap_view_counts_local_governments_without_affiliations(
    client, world, django_assert_max_num_queries
):
    client.get("/en/sister-cities/gaps/")
    # 1 local governments per prefecture, 2 those with an affiliation per prefecture,
    # 3 the chosen prefecture's unaffiliated ones, 4 affiliations per country.
    with django_assert_max_num_queries(4):
        response = client.get("/en/sister-cities/gaps/", {"prefecture": "420000"})
    assert response.status_code == 200
    nagasaki = next(p for p in response.context["prefectures"] if p["code"] == "420000")
    assert nagasaki["with"] == 3  # Nagasaki City and the two towns of the joint one
    # 21 municipalities and the prefecture itself, which may affiliate too.
    assert nagasaki["without"] == nagasaki["total"] - 3 == 22 - 3
    shown = {lg.code for lg in response.context["unaffiliated"]}
    assert "422029" in shown and "422011" not in shown and "423076" not in shown
    countries = [(c["code"], c["count"]) for c in response.context["by_country"]]
    assert countries == [("US", 3), ("FR", 1), ("KR", 1)]
    assert "<svg" in response.content.decode()
    assert client.get("/en/sister-cities/gaps/", {"prefecture": "nonsense"}).status_code == 200


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Free to reuse under"), ("ja", "のもとで自由に再利用できます")],
)
def test_the_licence_is_shown_beside_the_downloads_and_sent_with_them(
    client, world, language, words
):
    page = client.get(f"/{language}/sister-cities/").content.decode()
    assert words in page and 'rel="license"' in page
    assert page.index("download.csv") < page.index('rel="license"') < page.index("<table")
    link = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert client.get(f"/{language}/sister-cities/download.csv")["Link"] == link
    assert client.get("/api/v1/sister-cities/")["Link"] == link
