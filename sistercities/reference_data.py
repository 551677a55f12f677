"""CLAIR's exchange-event series and the editions the booklet dates, as real reference data.

From the booklet: the Local Government Exchange and Cooperation Seminar; the
Japan–China–South Korea Trilateral Local Government Exchange Symposium, held
every year since 1999 with rotating hosts (CLAIR is the Japanese secretariat);
the Japan–France Local Government Exchange Conference, Nancy in October 2008
and Kanazawa in May 2010 (CLAIR and Kanazawa City its secretariat). Editions
the booklet does not date are HQ's to add; nothing here is invented. Existing
rows are left as HQ edited them.
"""

from reference.loading import Outcome
from reference.models import LocalGovernment
from sistercities.models import EventSeries, ExchangeEvent

KANAZAWA = "172014"

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


def load() -> list[Outcome]:
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
    return [outcome]
