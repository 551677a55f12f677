"""Search keys: one normal form for stored names and for what people type.

The partner search has one text box. A Japanese local government may be typed
in kanji, hiragana, katakana (full- or half-width) or romaji, with or without
long-vowel marks, hyphens or its kind ("Nagasaki-shi", "Nagasaki City"); a
foreign one in English or its own script, with or without accents, "St." or
"Saint". Stored names and queries go through the same function here, so the
database compares keys with a plain ``LIKE '%key%'`` (served by a trigram
index) and never needs to know about scripts.
"""

import re
import unicodedata

import jaconv

from reference.itaiji import fold_variants
from reference.kana import kakasi

# Kana, including the prolonged sound mark and the half-width forms NFKC folds.
_KANA_RUN = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]+")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]+")
_NOT_KEY = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]")
# Words that name a kind of local government, dropped when written apart from the name.
_KIND_WORDS = {
    "city", "shi", "town", "machi", "cho", "chou", "village", "mura", "son", "ward", "ku",
    "prefecture", "pref", "ken", "metropolis", "to", "fu", "do",
}  # fmt: skip
_KANJI_KIND_SUFFIX = re.compile(r"(?<=[\u3400-\u9fff\u3005])[市区町村都道府県]$")
# Abbreviations foreign names are written with, and the one form each is kept in.
_ABBREVIATIONS = {
    "st": "saint",
    "ste": "sainte",
    "mt": "mount",
    "ft": "fort",
    "pt": "port",
}
_MAX_QUERY = 200  # nobody's name is longer; longer input is cut, not refused


def _nfkc(text: str) -> str:
    """NFKC, then variant kanji in one form (長﨑 → 長崎, 髙 → 高, 齋/齊/斎 → 斉)."""
    return fold_variants(unicodedata.normalize("NFKC", text or "")[: _MAX_QUERY * 4])


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept)


def fold_romaji(text: str) -> str:
    """Latin letters only, long vowels and n/m before b, p, m written one way.

    Tōkyō, Toukyou, Tookyoo and Tokyo all become ``tokyo``; Shimbashi and
    Shinbashi both ``shinbashi``.
    """
    text = _without_accents(text.lower())
    text = re.sub(r"[^a-z]", "", text)
    text = re.sub(r"m(?=[bpm])", "n", text)
    text = re.sub(r"ou|oo|oh(?![aeiou])", "o", text)
    return re.sub(r"([aeiu])\1", r"\1", text)


def _kana_to_romaji(kana: str) -> str:
    return "".join(item["hepburn"] for item in kakasi().convert(kana))


def japanese_key(text: str) -> str:
    """The key a Japanese name is stored and searched under.

    Kanji stay kanji (the kind suffix 市/町/村/区/都/道/府/県 is dropped); kana of
    any width become Hepburn romaji; romaji lose case, hyphens, spaces and
    long-vowel marks. A kind written apart ("Nagasaki-shi", "Nagasaki City")
    is dropped too.
    """
    text = jaconv.hira2kata(_nfkc(text)).lower()
    text = _KANA_RUN.sub(lambda m: " " + _kana_to_romaji(m.group()) + " ", text)
    words = [w for w in re.split(r"[\s\-‐‑–—_.,・･/()（）]+", text) if w]
    if len(words) > 1 and fold_romaji(words[-1]) in {fold_romaji(w) for w in _KIND_WORDS}:
        words = words[:-1]
    key = ""
    for word in words:
        if len(word) >= 3:  # 京都 and 津市 keep theirs: 京 or 津 alone finds too much
            word = _KANJI_KIND_SUFFIX.sub("", word)
        latin = fold_romaji(word) if re.search(r"[a-z]", word) else ""
        cjk = _NOT_KEY.sub("", re.sub(r"[0-9a-z]", "", word))
        key += cjk + latin
    return key[:_MAX_QUERY]


def foreign_key(text: str) -> str:
    """The key a foreign name is stored and searched under.

    Lower case, accents dropped, punctuation made spaces, abbreviations written
    out (St. Paul, St Paul and Saint Paul are all ``saint paul``). Scripts other
    than Latin are kept as they are (서울, 上海).
    """
    return _foreign_words(_nfkc(text))[:_MAX_QUERY]


def _foreign_words(text: str) -> str:
    words = re.findall(r"\w+", _without_accents(text.lower()))
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


# --- Free text: titles and summaries ------------------------------------------------

# Where a text is cut into runs that japanese_key can take one at a time.
_TEXT_BREAK = re.compile(r"[\s。、，．！？!?;；:：「」『』【】〈〉《》（）()\[\]\"“”‘’,.・/]+")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]")
_RUN = 60  # characters of one run: well inside japanese_key's limits


def _reading(run: str) -> str:
    """The Hepburn reading of a run holding kanji (長崎の姉妹都市 -> nagasakinoshimaitoshi)."""
    return fold_romaji("".join(item["hepburn"] for item in kakasi().convert(run)))


def text_key(text: str) -> str:
    """Every searchable form of a free text (a title, a summary), space-separated.

    The text's words as ``foreign_key`` writes them; then each run between
    punctuation as ``japanese_key`` writes it (kanji kept, kana as romaji),
    and, for a run with kanji, its romaji reading. A query term's key (see
    ``text_terms``) then matches inside one form whatever script it was typed
    in: 長崎, ながさき, ナガサキ and nagasaki all find 長崎市の報告.
    """
    text = unicodedata.normalize("NFKC", text or "")
    # Kana lose their voicing marks with the accents: those words are written below instead.
    forms = [" ".join(w for w in _foreign_words(text).split() if not _KANA_RUN.search(w))]
    for part in _TEXT_BREAK.split(text):
        for start in range(0, len(part), _RUN):
            run = part[start : start + _RUN]
            if not re.search(r"[^\x00-\x7f]", run):
                continue  # Latin only: its words are already there
            forms.append(japanese_key(run))
            if _KANJI.search(run):
                forms.append(_reading(run))
    return " ".join(dict.fromkeys(f for f in forms if f))


def text_terms(query: str) -> list[set[str]]:
    """The keys of each word typed: a text matches when, for every word, it holds one of them."""
    terms = []
    for word in _nfkc(query).split()[:10]:
        keys = {japanese_key(word), foreign_key(word)} - {""}
        if keys:
            terms.append(keys)
    return terms


def local_government_key(name_kanji: str, name_kana: str, name_romaji: str) -> str:
    """Every form of a Japanese local government's name, space-separated.

    A query key has no spaces, so it can only match inside one form.
    """
    forms = [
        japanese_key(name_kanji),
        japanese_key(name_kana),
        fold_romaji(name_romaji),
        _nfkc(name_kanji),  # with its suffix: 長崎市 finds 長崎市 even without the fold
    ]
    return " ".join(dict.fromkeys(f for f in forms if f))


def kana_key(text: str) -> str:
    """Katakana only, for a foreign name as Japanese write it: セント・ポール, せんとぽーる
    and ｾﾝﾄﾎﾟｰﾙ are all ``セントポール``. Empty when the text holds no kana."""
    text = jaconv.hira2kata(_nfkc(text))
    return "".join(_KATAKANA.findall(text))[:_MAX_QUERY]


def foreign_local_government_key(
    name_en: str, name_local: str, region: str = "", name_kana: str = ""
) -> str:
    """English name, own-script name, katakana name and region; a query matches
    inside one of them."""
    forms = [
        foreign_key(name_en),
        foreign_key(name_local),
        kana_key(name_kana),
        foreign_key(region),
    ]
    return " | ".join(dict.fromkeys(f for f in forms if f))
