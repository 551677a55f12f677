"""Free text (a publication's title and summary) is found by a word typed in any script."""

import pytest

from reference.search import text_key, text_terms

TEXT = "英国の地方自治：ロンドン事務所からの報告\nLocal government in the UK, St. Paul and Zürich"


def found(query: str) -> bool:
    key = text_key(TEXT)
    return all(any(k in key for k in keys) for keys in text_terms(query))


@pytest.mark.parametrize(
    "typed",
    ["英国", "えいこく", "エイコク", "ｴｲｺｸ", "eikoku", "地方自治", "ちほうじち", "chihou jichi",
     "ロンドン", "ろんどん", "rondon", "Local Government", "saint paul", "St Paul",
     "zurich", "報告", "ほうこく"],
)  # fmt: skip
def test_a_word_in_any_script_finds_the_text(typed):
    assert found(typed)


@pytest.mark.parametrize("typed", ["東京", "とうきょう", "paris", "英国 paris"])
def test_words_not_in_the_text_find_nothing(typed):
    assert not found(typed)


def test_a_long_text_keeps_every_part_searchable():
    long = "。".join(f"第{n}章の調査" for n in range(200)) + "。最後に長崎市の事例"
    key = text_key(long)
    assert "長崎" in key and "nagasaki" in key


def test_nothing_searchable_in_the_query_means_no_terms():
    assert text_terms("  ・・ ") == []
