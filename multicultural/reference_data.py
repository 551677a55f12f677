"""The grant categories, library topics and library languages CLAIR works with.

Loaded by ``manage.py load_reference_data``, with ``overwrite=False`` so that
names HQ has since edited in the admin stay as HQ left them. The categories,
topics and languages are those the CLAIR booklet and the portal's brief name.
"""

from clair_portal.names import fill_names
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


# The names in the community languages (clair_portal/names.py), by code.
CATEGORY_NAMES = {
    "multilingual-broadcasting": {
        "zh-hans": "多语种广播",
        "ko": "다국어 방송",
        "pt-br": "Transmissões em vários idiomas",
        "es": "Radiodifusión multilingüe",
        "vi": "Phát thanh đa ngôn ngữ",
        "tl": "Pagsasahimpapawid sa iba't ibang wika",
    },
    "volunteer-interpreters": {
        "zh-hans": "志愿者口译体系",
        "ko": "자원봉사 통역 체제",
        "pt-br": "Sistemas de intérpretes voluntários",
        "es": "Sistemas de intérpretes voluntarios",
        "vi": "Hệ thống phiên dịch tình nguyện",
        "tl": "Mga sistema ng boluntaryong tagasalin",
    },
    "culture-festivals": {
        "zh-hans": "多元文化节",
        "ko": "다문화 축제",
        "pt-br": "Festivais multiculturais",
        "es": "Festivales multiculturales",
        "vi": "Lễ hội đa văn hóa",
        "tl": "Mga pista ng iba't ibang kultura",
    },
    "disaster-seminars": {
        "zh-hans": "多语种防灾讲座",
        "ko": "다국어 방재 세미나",
        "pt-br": "Seminários de prevenção de desastres em vários idiomas",
        "es": "Seminarios multilingües de prevención de desastres",
        "vi": "Hội thảo phòng chống thiên tai đa ngôn ngữ",
        "tl": "Mga seminar sa paghahanda sa sakuna sa iba't ibang wika",
    },
    "disaster-relief": {
        "zh-hans": "对受灾外国居民的援助",
        "ko": "재해 시 외국인 주민 지원",
        "pt-br": "Apoio a residentes estrangeiros em desastres",
        "es": "Ayuda a residentes extranjeros en caso de desastre",
        "vi": "Hỗ trợ cư dân nước ngoài khi có thiên tai",
        "tl": "Tulong sa mga dayuhang residente sa panahon ng sakuna",
    },
    "japanese-classes": {
        "zh-hans": "日语教室",
        "ko": "일본어 교실",
        "pt-br": "Aulas de língua japonesa",
        "es": "Clases de japonés",
        "vi": "Lớp học tiếng Nhật",
        "tl": "Mga klase sa wikang Hapon",
    },
    "consultation": {
        "zh-hans": "多语种咨询窗口",
        "ko": "다국어 상담 창구",
        "pt-br": "Atendimento em vários idiomas",
        "es": "Servicios de consulta multilingües",
        "vi": "Dịch vụ tư vấn đa ngôn ngữ",
        "tl": "Mga serbisyo ng konsultasyon sa iba't ibang wika",
    },
}

TOPIC_NAMES = {
    "visas-work-permits": {
        "zh-hans": "在留资格与就业",
        "ko": "체류 자격·취업",
        "pt-br": "Vistos e autorização de trabalho",
        "es": "Visados y permisos de trabajo",
        "vi": "Tư cách lưu trú và việc làm",
        "tl": "Visa at permiso sa pagtatrabaho",
    },
    "school-enrolment": {
        "zh-hans": "就学与入学",
        "ko": "취학·입학",
        "pt-br": "Matrícula escolar",
        "es": "Matrícula escolar",
        "vi": "Đi học và nhập học",
        "tl": "Pagpapatala sa paaralan",
    },
    "garbage-disposal": {
        "zh-hans": "垃圾的投放方法",
        "ko": "쓰레기 배출 방법",
        "pt-br": "Como descartar o lixo",
        "es": "Cómo sacar la basura",
        "vi": "Cách bỏ rác",
        "tl": "Pagtatapon ng basura",
    },
    "health-insurance": {
        "zh-hans": "健康保险",
        "ko": "건강보험",
        "pt-br": "Seguro de saúde",
        "es": "Seguro de salud",
        "vi": "Bảo hiểm y tế",
        "tl": "Segurong pangkalusugan",
    },
    "government-services": {
        "zh-hans": "行政服务",
        "ko": "행정 서비스",
        "pt-br": "Serviços públicos",
        "es": "Servicios de la administración",
        "vi": "Dịch vụ hành chính",
        "tl": "Mga serbisyo ng pamahalaan",
    },
    "disaster-preparedness": {
        "zh-hans": "防灾",
        "ko": "방재",
        "pt-br": "Prevenção de desastres",
        "es": "Prevención de desastres",
        "vi": "Phòng chống thiên tai",
        "tl": "Paghahanda sa sakuna",
    },
}

LANGUAGE_NAMES = {
    "ja": {
        "zh-hans": "日语",
        "ko": "일본어",
        "pt-br": "Japonês",
        "es": "Japonés",
        "vi": "Tiếng Nhật",
        "tl": "Hapon",
    },
    "ja-easy": {
        "zh-hans": "简明日语",
        "ko": "쉬운 일본어",
        "pt-br": "Japonês fácil",
        "es": "Japonés fácil",
        "vi": "Tiếng Nhật dễ hiểu",
        "tl": "Madaling Hapon",
    },
    "en": {
        "zh-hans": "英语",
        "ko": "영어",
        "pt-br": "Inglês",
        "es": "Inglés",
        "vi": "Tiếng Anh",
        "tl": "Ingles",
    },
    "zh": {
        "zh-hans": "中文",
        "ko": "중국어",
        "pt-br": "Chinês",
        "es": "Chino",
        "vi": "Tiếng Trung",
        "tl": "Tsino",
    },
    "ko": {
        "zh-hans": "韩语",
        "ko": "한국어",
        "pt-br": "Coreano",
        "es": "Coreano",
        "vi": "Tiếng Hàn",
        "tl": "Koreano",
    },
    "pt": {
        "zh-hans": "葡萄牙语",
        "ko": "포르투갈어",
        "pt-br": "Português",
        "es": "Portugués",
        "vi": "Tiếng Bồ Đào Nha",
        "tl": "Portuges",
    },
    "tl": {
        "zh-hans": "他加禄语",
        "ko": "타갈로그어",
        "pt-br": "Tagalo",
        "es": "Tagalo",
        "vi": "Tiếng Tagalog",
        "tl": "Tagalog",
    },
    "vi": {
        "zh-hans": "越南语",
        "ko": "베트남어",
        "pt-br": "Vietnamita",
        "es": "Vietnamita",
        "vi": "Tiếng Việt",
        "tl": "Vietnamese",
    },
    "es": {
        "zh-hans": "西班牙语",
        "ko": "스페인어",
        "pt-br": "Espanhol",
        "es": "Español",
        "vi": "Tiếng Tây Ban Nha",
        "tl": "Espanyol",
    },
}


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
    outcomes = [
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
    for model, names in (
        (GrantCategory, CATEGORY_NAMES),
        (LivingTopic, TOPIC_NAMES),
        (LibraryLanguage, LANGUAGE_NAMES),
    ):
        outcome = Outcome(f"{model._meta.verbose_name_plural}: names")
        outcome.created, outcome.unchanged = fill_names(model, names, key="code")
        outcomes.append(outcome)
    return outcomes
