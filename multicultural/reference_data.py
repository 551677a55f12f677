"""The grant categories, library topics and library languages CLAIR works with.

Loaded by ``manage.py load_reference_data``, with ``overwrite=False`` so that
names HQ has since edited in the admin stay as HQ left them. The categories,
topics and languages are those the CLAIR booklet and the portal's brief name.
"""

from multicultural.models import GrantCategory, LibraryLanguage, LivingTopic
from reference.loading import Outcome, sync

# code, English, Japanese
CATEGORIES = [
    ("multilingual-broadcasting", "Multilingual broadcasting", "多言語放送"),
    (
        "volunteer-interpreters",
        "Volunteer interpreting systems",
        "災害時・生活通訳ボランティア体制の整備",
    ),
    ("culture-festivals", "Multicultural festivals", "多文化共生フェスティバル"),
    (
        "disaster-seminars",
        "Multilingual disaster-preparedness seminars",
        "外国人住民向け多言語防災セミナー",
    ),
    ("disaster-relief", "Disaster relief for foreign residents", "外国人被災者への支援"),
    ("japanese-classes", "Japanese-language classes", "日本語教室"),
    ("consultation", "Multilingual consultation services", "多言語相談窓口"),
]

TOPICS = [
    ("visas-work-permits", "Visas and work permits", "在留資格・就労"),
    ("school-enrolment", "School enrolment", "就学・入学"),
    ("garbage-disposal", "Garbage disposal", "ごみの出し方"),
    ("health-insurance", "Health insurance", "健康保険"),
    ("government-services", "Government services", "行政サービス"),
    ("disaster-preparedness", "Disaster preparedness", "防災"),
]

# code, HTML lang, English, Japanese, native name
LANGUAGES = [
    ("ja", "ja", "Japanese", "日本語", "日本語"),
    ("ja-easy", "ja", "Easy Japanese", "やさしい日本語", "やさしい にほんご"),
    ("en", "en", "English", "英語", "English"),
    ("zh", "zh", "Chinese", "中国語", "中文"),
    ("ko", "ko", "Korean", "韓国語", "한국어"),
    ("pt", "pt", "Portuguese", "ポルトガル語", "Português"),
    ("tl", "tl", "Tagalog", "タガログ語", "Tagalog"),
    ("vi", "vi", "Vietnamese", "ベトナム語", "Tiếng Việt"),
    ("es", "es", "Spanish", "スペイン語", "Español"),
]  # fmt: skip


def _named(model, rows):
    return [
        model(code=code, name=en, name_en=en, name_ja=ja, sort_order=i)
        for i, (code, en, ja) in enumerate(rows)
    ]


def load() -> list[Outcome]:
    names = ["name", "name_en", "name_ja", "sort_order"]
    languages = [
        LibraryLanguage(
            code=code,
            html_lang=lang,
            name=en,
            name_en=en,
            name_ja=ja,
            native_name=native,
            is_source=code == "ja",
            sort_order=i,
        )
        for i, (code, lang, en, ja, native) in enumerate(LANGUAGES)
    ]
    return [
        sync(
            GrantCategory,
            _named(GrantCategory, CATEGORIES),
            key="code",
            fields=names,
            overwrite=False,
        ),
        sync(LivingTopic, _named(LivingTopic, TOPICS), key="code", fields=names, overwrite=False),
        sync(
            LibraryLanguage,
            languages,
            key="code",
            fields=[*names, "html_lang", "native_name", "is_source"],
            overwrite=False,
        ),
    ]
