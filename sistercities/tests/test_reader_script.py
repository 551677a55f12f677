"""Names in the reader's script (issue 19, item 2): romaji with kanji beside on English
pages, katakana with the Latin name beside on Japanese pages where the portal holds it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from clair_portal.charts import prefecture_label
from reference.models import ForeignLocalGovernment, LocalGovernment
from reference.names import in_reader_script
from reference.search import kana_key
from sistercities.forms import prefecture_name
from sistercities.tests.test_import import import_affiliations, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(world):
    world.saint_paul.name_kana = "セント・ポール"
    world.saint_paul.save()
    return world


def test_each_language_reads_names_in_its_own_script(reference_data, named):
    nagasaki = LocalGovernment.objects.get(code="422011")
    assert in_reader_script(nagasaki, "en") == 'Nagasaki City (<span lang="ja">長崎市</span>)'
    assert in_reader_script(nagasaki, "ja") == "長崎市"
    st_paul = named.saint_paul
    assert in_reader_script(st_paul, "ja") == 'セント・ポール（<span lang="en">Saint Paul</span>）'
    assert in_reader_script(st_paul, "en") == "Saint Paul"
    # without a katakana name, Japanese pages keep the Latin one, with nothing beside it
    assert in_reader_script(named.portland, "ja") == "Portland"


def test_names_are_escaped(reference_data):
    partner = ForeignLocalGovernment(country="US", name_en="<b>Town</b>", name_kana="タウン")
    assert "&lt;b&gt;" in in_reader_script(partner, "ja")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", 'Nagasaki City (<span lang="ja">長崎市</span>)'),
        ("ja", 'セント・ポール（<span lang="en">Saint Paul</span>）'),
    ],
)
def test_the_search_results_and_the_affiliation_page_show_them(client, named, language, shown):
    results = client.get(f"/{language}/sister-cities/", {"q": "nagasaki"}).content.decode()
    assert shown in results
    page = client.get(f"/{language}/sister-cities/{named.nagasaki_st_paul.pk}/").content.decode()
    assert shown in page


@pytest.mark.parametrize("typed", ["セントポール", "セント・ポール", "せんとぽーる", "ｾﾝﾄﾎﾟｰﾙ"])
def test_a_partner_is_found_by_its_katakana_name_however_it_is_typed(client, named, typed):
    assert kana_key(typed) == "セントポール"
    page = client.get("/ja/sister-cities/", {"q": typed}).content.decode()
    assert f"/sister-cities/{named.nagasaki_st_paul.pk}/" in page
    assert f"/sister-cities/{named.sapporo_portland.pk}/" not in page


@pytest.mark.parametrize("bad", ["Saint Paul", "せんとぽーる", "ｾﾝﾄﾎﾟｰﾙ", "聖パウロ"])
def test_only_full_width_katakana_is_kept_as_the_katakana_name(reference_data, bad):
    partner = ForeignLocalGovernment(country="US", name_en="Saint Paul", name_kana=bad)
    with translation.override("ja"):
        with pytest.raises(ValidationError) as refused:
            partner.full_clean()
        assert "全角カタカナ" in refused.value.message_dict["name_kana"][0]


def test_the_import_fills_names_a_katakana_column_and_refuses_other_scripts(reference_data):
    result = import_affiliations([row(partner_name_kana="セントポール")])
    # The row is Japan's first affiliation, already there as reference data: a change.
    assert result.ok and (result.added, result.changed) == (0, 1)
    assert ForeignLocalGovernment.objects.get(name_en="Saint Paul").name_kana == "セントポール"
    # a later file renames it; one that leaves the column out keeps it
    changed = import_affiliations([row(partner_name_kana="セント・ポール")])
    assert [c.fields for c in changed.changes] == [("partner_name_kana",)]
    import_affiliations([row()])
    partner = ForeignLocalGovernment.objects.get(name_en="Saint Paul")
    assert partner.name_kana == "セント・ポール"
    assert "セントポール" in partner.search_key
    refused = import_affiliations([row(partner_name_kana="Saint Paul")])
    assert [(e.row, e.column) for e in refused.errors] == [(2, "partner_name_kana")]
    assert ForeignLocalGovernment.objects.get(name_en="Saint Paul").name_kana == "セント・ポール"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        # Chinese readers read kanji: the kanji (Japanese), the romaji (English) beside.
        ("zh-hans", '<span lang="ja">長崎市</span>（<span lang="en">Nagasaki City</span>）'),
        ("ko", 'Nagasaki City (<span lang="ja">長崎市</span>)'),
        ("pt-br", 'Nagasaki City (<span lang="ja">長崎市</span>)'),
        ("es", 'Nagasaki City (<span lang="ja">長崎市</span>)'),
        ("vi", 'Nagasaki City (<span lang="ja">長崎市</span>)'),
        ("tl", 'Nagasaki City (<span lang="ja">長崎市</span>)'),
    ],
)
def test_community_languages_read_japanese_names_in_kanji_only_in_chinese(
    reference_data, named, language, shown
):
    nagasaki = LocalGovernment.objects.get(code="422011")
    assert in_reader_script(nagasaki, language) == shown
    # A partner abroad keeps its Latin name: katakana is for Japanese pages only.
    assert in_reader_script(named.saint_paul, language) == "Saint Paul"
    with translation.override(language):
        assert str(nagasaki) == ("長崎市" if language == "zh-hans" else "Nagasaki City")
        assert prefecture_name("420000") == ("長崎県" if language == "zh-hans" else "Nagasaki")
        assert prefecture_label(42) == ("長崎県" if language == "zh-hans" else "Nagasaki")


def test_a_chinese_page_shows_japanese_names_in_kanji(client, named):
    shown = '<span lang="ja">長崎市</span>（<span lang="en">Nagasaki City</span>）'
    results = client.get("/zh-hans/sister-cities/", {"q": "nagasaki"}).content.decode()
    assert shown in results
    page = client.get(f"/zh-hans/sister-cities/{named.nagasaki_st_paul.pk}/").content.decode()
    assert shown in page
