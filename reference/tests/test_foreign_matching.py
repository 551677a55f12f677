"""reference.models.holding_any over the partners, and the word-similarity threshold: partners found through their indexes."""

import pytest

from reference.models import ForeignLocalGovernment, holding_any
from reference.search import foreign_key, kana_key

pytestmark = pytest.mark.django_db


REGION = "Matching test"  # apart from the reference data's partners


@pytest.fixture
def partners():
    made = {
        "seoul": ForeignLocalGovernment.objects.create(
            country="KR",
            region=REGION,
            name_en="Seoul",
            name_local="서울특별시",
            name_kana="ソウル",
        ),
        "shanghai": ForeignLocalGovernment.objects.create(
            country="CN",
            region=REGION,
            name_en="Shanghai",
            name_local="上海市",
            name_kana="シャンハイ",
        ),
        "hai_shang": ForeignLocalGovernment.objects.create(
            country="CN", region=REGION, name_en="Haishang", name_local="海上"
        ),
        "st_paul": ForeignLocalGovernment.objects.create(
            country="US", region=REGION, name_en="Saint Paul", name_kana="セントポール"
        ),
    }
    return made


def matching(typed: str) -> set[str]:
    keys = [k for k in dict.fromkeys((foreign_key(typed), kana_key(typed))) if k]
    found = holding_any(ForeignLocalGovernment.objects.filter(region=REGION), keys)
    return set(found.values_list("name_en", flat=True))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("서울", {"Seoul"}),  # shorter than a trigram: found by its characters
        ("上海", {"Shanghai"}),  # the same characters the other way round are not a match
        ("海上", {"Haishang"}),
        ("海", {"Shanghai", "Haishang"}),
        ("ソウ", {"Seoul"}),  # katakana, two characters
        ("ポー", {"Saint Paul"}),
        ("上海市", {"Shanghai"}),  # a trigram: the trigram index
        ("セント・ポール", {"Saint Paul"}),
        ("st paul", {"Saint Paul"}),
        ("東京", set()),
    ],
)
def test_a_key_of_any_length_and_script_finds_its_partners(partners, typed, expected):
    assert matching(typed) == expected


def test_short_latin_keys_are_matched_inside_names(partners):
    assert matching("ul") == {"Seoul", "Saint Paul"}


def test_connections_use_the_suggestion_threshold_for_word_similarity():
    """did_you_mean finds names through ``%>``, which compares with this setting."""
    from django.db import connection

    from reference.apps import SUGGESTION_THRESHOLD

    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) == SUGGESTION_THRESHOLD
        # A name 0.4 to 0.6 close: found by the operator as by the function.
        cursor.execute("SELECT word_similarity('portlund', 'portland'), 'portland' %> 'portlund'")
        similarity, found = cursor.fetchone()
    assert SUGGESTION_THRESHOLD <= similarity < 0.6 and found
