from io import StringIO

import pytest
from django.core.management import call_command

from clair_portal.testing import reference
from reference.localgov import romaji
from reference.models import LocalGovernment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_database(db):
    """These tests are about the first load: start without the session's reference data."""
    reference.empty()


def load() -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_loads_every_japanese_local_government_with_its_kind():
    load()
    kinds = LocalGovernment.objects.values_list("kind", flat=True)
    assert len(kinds) == 1788
    counts = {kind: list(kinds).count(kind) for kind in LocalGovernment.Kind.values}
    assert counts == {
        "prefecture": 47,
        "designated_city": 20,
        "city": 772,
        "special_ward": 23,
        "town": 743,
        "village": 183,
    }
    assert LocalGovernment.objects.municipalities().count() == 1741


def test_names_in_kanji_katakana_and_romaji():
    load()
    nagasaki = LocalGovernment.objects.get(code="422011")
    assert (nagasaki.name_kanji, nagasaki.name_kana, nagasaki.name_romaji) == (
        "長崎市",
        "ナガサキシ",
        "Nagasaki",
    )
    assert nagasaki.prefecture.name_kanji == "長崎県"
    assert str(nagasaki.prefecture) == "Nagasaki Prefecture"
    tokyo = LocalGovernment.objects.get(code="130001")
    assert tokyo.name_romaji == "Tokyo"
    chiyoda = LocalGovernment.objects.get(code="131016")
    assert chiyoda.kind == "special_ward"
    assert chiyoda.prefecture_id == "130001"


def test_designated_cities_are_flagged_including_kumamoto():
    load()
    designated = set(
        LocalGovernment.objects.filter(kind="designated_city").values_list("name_kanji", flat=True)
    )
    assert len(designated) == 20
    assert {"熊本市", "横浜市", "札幌市", "北九州市", "さいたま市"} <= designated
    assert LocalGovernment.objects.get(code="431001").is_designated_city


@pytest.mark.parametrize(
    ("kana", "expected"),
    [
        ("トウキョウ", "Tokyo"),
        ("オオサカ", "Osaka"),
        ("ヒョウゴ", "Hyogo"),
        ("チュウオウ", "Chuo"),
        ("サッポロ", "Sapporo"),
        ("ナガサキ", "Nagasaki"),
    ],
)
def test_romaji_is_hepburn_without_long_vowels(kana, expected):
    assert romaji(kana) == expected


def test_second_load_changes_nothing_and_says_so():
    assert "Reference data loaded." in load()
    before = list(LocalGovernment.objects.values_list("code", "name_romaji", "kind"))
    output = load()
    assert "nothing changed" in output
    assert "0 created, 0 updated, 1788 unchanged" in output
    assert list(LocalGovernment.objects.values_list("code", "name_romaji", "kind")) == before


def test_a_corrected_name_is_restored_by_the_next_load():
    load()
    LocalGovernment.objects.filter(code="422011").update(name_romaji="Wrong")
    assert "1 updated" in load()
    assert LocalGovernment.objects.get(code="422011").name_romaji == "Nagasaki"


def test_every_local_government_is_loaded_with_its_search_key():
    load()
    nagasaki = LocalGovernment.objects.get(code="422011")
    assert nagasaki.search_key == "長崎 nagasakishi nagasaki 長崎市"
    assert not LocalGovernment.objects.filter(search_key="").exists()
    # The key is part of the load: a damaged one is repaired by the next load.
    LocalGovernment.objects.filter(code="422011").update(search_key="")
    assert "1 updated" in load()
