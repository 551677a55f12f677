"""The booklet's sister-city facts as real reference data: the first affiliation, and
CLAIR's exchange-event series with the editions the booklet dates.

The first sister-city agreement, "formed between Nagasaki, and St Paul, Minnesota,
USA, in 1955", holds what the booklet states and nothing more: the two cities, the
kind, the year, and why (a mutual desire for friendship and world peace, ten years
after the war). No fields of exchange, no date, no criteria, no website: the booklet
gives none. The partner is stored under the city's name, Saint Paul (the search
folds "St Paul" and "St. Paul" to it). An affiliation of Nagasaki City with that
partner that already exists is left as HQ keeps it.

From the booklet: the Local Government Exchange and Cooperation Seminar; the
Japan–China–South Korea Trilateral Local Government Exchange Symposium, held
every year since 1999 with rotating hosts (CLAIR is the Japanese secretariat);
the Japan–France Local Government Exchange Conference, Nancy in October 2008
and Kanazawa in May 2010 (CLAIR and Kanazawa City its secretariat). Editions
the booklet does not date are HQ's to add; nothing here is invented. Existing
rows are left as HQ edited them.
"""

from django.db.models import Q

from clair_portal.names import fill_names
from reference.loading import Outcome
from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities.models import Affiliation, EventSeries, ExchangeEvent
from sistercities.services import create_affiliation

KANAZAWA = "172014"
NAGASAKI = "422011"

FIRST_AFFILIATION = {
    "partner": {"country": "US", "region": "Minnesota", "name_en": "Saint Paul"},
    "kind": Affiliation.Kind.SISTER,
    "established_year": 1955,
    "notes_en": (
        "Japan's first sister-city agreement. The two cities based their relationship on a "
        "mutual desire for friendship and world peace, only ten years after the end of "
        "World War II."
    ),
    "notes_ja": (
        "日本で最初の姉妹都市提携。第二次世界大戦の終結からわずか10年後、両市は友好と世界平和への"
        "共通の願いを基に関係を結びました。"
    ),
}

SERIES = [
    {
        "slug": "exchange-cooperation-seminar",
        "kind": EventSeries.Kind.SEMINAR,
        "position": 1,
        "name_en": "Local Government Exchange and Cooperation Seminar",
        "name_ja": "自治体交流・協力セミナー",
        "description_en": (
            "CLAIR invites local government officials from around the world to Japan: lectures "
            "in Tokyo on Japanese local government, then visits to the regions to see it at "
            "work. For more information, contact the CLAIR office closest to you."
        ),
        "description_ja": (
            "クレアが世界各国の自治体職員を日本に招くセミナーです。東京で日本の地方自治に関する"
            "講義を受けた後、地方を訪れて自治体の実際を視察します。詳しくは最寄りのクレア海外"
            "事務所にお問い合わせください。"
        ),
    },
    {
        "slug": "trilateral-symposium",
        "kind": EventSeries.Kind.SYMPOSIUM,
        "position": 2,
        "since_year": 1999,
        "name_en": "Japan–China–South Korea Trilateral Local Government Exchange Symposium",
        "name_ja": "日中韓3か国地方政府交流会議",
        "description_en": (
            "Brings local governments of Japan, China and South Korea together to strengthen "
            "cooperation and exchange at the local level. Held every year since 1999, hosted "
            "by each country in turn; CLAIR is the Japanese secretariat."
        ),
        "description_ja": (
            "日本・中国・韓国の地方政府が集い、地域レベルでの協力と交流を深める会議です。"
            "1999年から毎年、3か国の持ち回りで開催されています。クレアは日本側事務局です。"
        ),
    },
    {
        "slug": "japan-france-conference",
        "kind": EventSeries.Kind.CONFERENCE,
        "position": 3,
        "since_year": 2008,
        "name_en": "Japan–France Local Government Exchange Conference",
        "name_ja": "日仏自治体交流会議",
        "description_en": (
            "First held for the 150th anniversary of Japanese–French relations in 2008, it "
            "brings local governments of both countries together to discuss matters of "
            "mutual interest."
        ),
        "description_ja": (
            "日仏交流150周年の2008年に始まり、両国の自治体が共通の関心事について話し合う会議です。"
        ),
    },
]

# The series' names in the community languages (clair_portal/names.py), by slug.
SERIES_NAMES = {
    "exchange-cooperation-seminar": {
        "zh-hans": "地方政府交流与合作研讨会",
        "ko": "지방자치단체 교류·협력 세미나",
        "pt-br": "Seminário de Intercâmbio e Cooperação entre Governos Locais",
        "es": "Seminario de Intercambio y Cooperación entre Gobiernos Locales",
        "vi": "Hội thảo Giao lưu và Hợp tác giữa các Chính quyền Địa phương",
        "tl": "Seminar sa Palitan at Pagtutulungan ng mga Lokal na Pamahalaan",
    },
    "trilateral-symposium": {
        "zh-hans": "中日韩三国地方政府交流会议",
        "ko": "한중일 3국 지방정부 교류회의",
        "pt-br": "Simpósio Trilateral de Intercâmbio entre Governos Locais do Japão, da China "
        "e da Coreia do Sul",
        "es": "Simposio Trilateral de Intercambio entre Gobiernos Locales de Japón, China "
        "y Corea del Sur",
        "vi": "Hội nghị Giao lưu Chính quyền Địa phương ba nước Nhật Bản – Trung Quốc – Hàn Quốc",
        "tl": "Simposyum ng Palitan ng mga Lokal na Pamahalaan ng Japan, China at South Korea",
    },
    "japan-france-conference": {
        "zh-hans": "日法地方政府交流会议",
        "ko": "일본·프랑스 지방자치단체 교류회의",
        "pt-br": "Conferência de Intercâmbio entre Governos Locais do Japão e da França",
        "es": "Conferencia de Intercambio entre Gobiernos Locales de Japón y Francia",
        "vi": "Hội nghị Giao lưu Chính quyền Địa phương Nhật Bản – Pháp",
        "tl": "Kumperensya ng Palitan ng mga Lokal na Pamahalaan ng Japan at France",
    },
}

EDITIONS = [
    {
        "series": "japan-france-conference",
        "edition": 1,
        "year": 2008,
        "month": 10,
        "country": "FR",
        "place_en": "Nancy",
        "place_ja": "ナンシー",
    },
    {
        "series": "japan-france-conference",
        "edition": 2,
        "year": 2010,
        "month": 5,
        "country": "JP",
        "place_en": "Kanazawa",
        "place_ja": "金沢市",
        "secretariat_en": "CLAIR and Kanazawa City",
        "secretariat_ja": "クレア、金沢市",
        "participants": [KANAZAWA],
    },
]


def first_affiliation_partner() -> ForeignLocalGovernment | None:
    """Saint Paul, Minnesota, however it was written when it was stored (St Paul, St. Paul)."""
    wanted = FIRST_AFFILIATION["partner"]
    return (
        ForeignLocalGovernment.objects.filter(country=wanted["country"], region=wanted["region"])
        .filter(Q(name_en__iregex=r"^(saint|st\.?) paul$") | Q(search_key__startswith="saint paul"))
        .order_by("pk")
        .first()
    )


def first_affiliation() -> Affiliation | None:
    """Japan's first sister-city affiliation, Nagasaki City and Saint Paul, if loaded."""
    partner = first_affiliation_partner()
    if partner is None:
        return None
    return (
        Affiliation.objects.filter(partner=partner)
        .with_japanese(LocalGovernment.objects.filter(code=NAGASAKI))
        .order_by("pk")
        .first()
    )


def load_first_affiliation() -> Outcome:
    outcome = Outcome("first sister-city affiliation")
    if first_affiliation() is not None:
        outcome.unchanged += 1
        return outcome
    partner = first_affiliation_partner()
    if partner is None:
        partner = ForeignLocalGovernment(**FIRST_AFFILIATION["partner"])
        partner.save()  # computes the search key
    values = {k: v for k, v in FIRST_AFFILIATION.items() if k != "partner"}
    create_affiliation(
        japanese=[LocalGovernment.objects.get(code=NAGASAKI)],
        partner=partner,
        notes=values["notes_en"],
        **values,
    )
    outcome.created += 1
    return outcome


def load() -> list[Outcome]:
    return [load_first_affiliation(), load_events(), load_series_names()]


def load_series_names() -> Outcome:
    outcome = Outcome("exchange event series: names")
    outcome.created, outcome.unchanged = fill_names(EventSeries, SERIES_NAMES, key="slug")
    return outcome


def load_events() -> Outcome:
    outcome = Outcome("exchange events")
    series = {}
    for row in SERIES:
        row = dict(row)
        slug = row.pop("slug")
        row["name"], row["description"] = row["name_en"], row["description_en"]
        series[slug], created = EventSeries.objects.get_or_create(slug=slug, defaults=row)
        outcome.created += created
        outcome.unchanged += not created
    for row in EDITIONS:
        row = dict(row)
        participants = row.pop("participants", [])
        parent = series[row.pop("series")]
        row["place"] = row["place_en"]
        event, created = ExchangeEvent.objects.get_or_create(
            series=parent, year=row.pop("year"), defaults=row
        )
        if created:
            event.participants.add(*LocalGovernment.objects.filter(code__in=participants))
        outcome.created += created
        outcome.unchanged += not created
    return outcome
