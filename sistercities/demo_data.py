"""Invented sister-city affiliations for demonstration (DEBUG only).

Real foreign cities are paired at random with real Japanese local governments,
so the pairs, years and details are invented and flagged ``is_demo``; pages
showing them carry the demo notice. The one real affiliation, the first of all
(Nagasaki and Saint Paul, Minnesota, USA, 1955), is reference data
(``sistercities.reference_data``): nothing here adds to it, and Nagasaki City
is left out of the invented pairs.
"""

import random

from django.db import transaction

from clair_portal.accounts import roles
from clair_portal.demo import demo_account
from clair_portal.organisations.models import Organisation
from clair_portal.organisations.services import enrol
from reference.loading import Outcome
from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities import demo_partnering
from sistercities.models import Affiliation, Field
from sistercities.reference_data import NAGASAKI
from sistercities.services import create_affiliation

COUNT = 400

# country, region, name in English, name in its own script
PARTNERS = [
    ("US", "California", "San Francisco", ""), ("US", "California", "Los Angeles", ""),
    ("US", "Washington", "Seattle", ""), ("US", "Oregon", "Portland", ""),
    ("US", "Texas", "San Antonio", ""), ("US", "Hawaii", "Honolulu", ""),
    ("US", "Massachusetts", "Boston", ""), ("US", "Georgia", "Savannah", ""),
    ("US", "Illinois", "Springfield", ""), ("US", "Colorado", "Boulder", ""),
    ("US", "Missouri", "St. Louis", ""), ("US", "Florida", "St. Petersburg", ""),
    ("CN", "Shanghai", "Shanghai", "上海市"), ("CN", "Zhejiang", "Hangzhou", "杭州市"),
    ("CN", "Liaoning", "Dalian", "大连市"), ("CN", "Jiangsu", "Suzhou", "苏州市"),
    ("CN", "Shaanxi", "Xi'an", "西安市"), ("CN", "Sichuan", "Chengdu", "成都市"),
    ("CN", "Fujian", "Fuzhou", "福州市"), ("CN", "Shandong", "Qingdao", "青岛市"),
    ("KR", "Seoul", "Seoul", "서울특별시"), ("KR", "Busan", "Busan", "부산광역시"),
    ("KR", "Gyeongsangbuk-do", "Gyeongju", "경주시"), ("KR", "Jeju", "Jeju", "제주시"),
    ("KR", "Jeollanam-do", "Mokpo", "목포시"), ("KR", "Gangwon-do", "Chuncheon", "춘천시"),
    ("AU", "New South Wales", "Wollongong", ""), ("AU", "Victoria", "Ballarat", ""),
    ("AU", "Queensland", "Cairns", ""), ("AU", "Western Australia", "Fremantle", ""),
    ("CA", "British Columbia", "Vancouver", ""), ("CA", "Quebec", "Québec", "Québec"),
    ("CA", "Alberta", "Lethbridge", ""), ("CA", "Nova Scotia", "Halifax", ""),
    ("FR", "Île-de-France", "Saint-Denis", "Saint-Denis"), ("FR", "Auvergne-Rhône-Alpes", "Saint-Étienne", "Saint-Étienne"),
    ("FR", "Grand Est", "Nancy", "Nancy"), ("FR", "Occitanie", "Montpellier", "Montpellier"),
    ("DE", "Bayern", "Würzburg", "Würzburg"), ("DE", "Nordrhein-Westfalen", "Düsseldorf", "Düsseldorf"),
    ("DE", "Hessen", "Kassel", "Kassel"), ("IT", "Toscana", "Florence", "Firenze"),
    ("IT", "Veneto", "Venice", "Venezia"), ("GB", "England", "Exeter", ""),
    ("GB", "Scotland", "Aberdeen", ""), ("NZ", "Canterbury", "Christchurch", ""),
    ("NZ", "Otago", "Dunedin", ""), ("BR", "São Paulo", "Santos", "Santos"),
    ("BR", "Paraná", "Curitiba", "Curitiba"), ("MX", "Jalisco", "Guadalajara", "Guadalajara"),
    ("PH", "Cebu", "Cebu City", ""), ("TH", "Chiang Mai", "Chiang Mai", "เชียงใหม่"),
    ("VN", "Hue", "Huế", "Huế"), ("RU", "Primorsky Krai", "Vladivostok", "Владивосток"),
    ("ES", "Andalucía", "Sevilla", "Sevilla"), ("AT", "Salzburg", "Salzburg", "Salzburg"),
    ("NL", "Zuid-Holland", "Leiden", "Leiden"), ("FI", "Uusimaa", "Espoo", "Espoo"),
    ("IN", "Karnataka", "Mysuru", "ಮೈಸೂರು"), ("ID", "Bali", "Denpasar", ""),
]  # fmt: skip

# How Japanese pages write the demo partners (Korean and Chinese cities keep their own
# script, as Japanese readers know them in kanji or hangul, except where katakana is usual).
KATAKANA = {
    "San Francisco": "サンフランシスコ", "Los Angeles": "ロサンゼルス", "Seattle": "シアトル",
    "Portland": "ポートランド", "San Antonio": "サンアントニオ", "Honolulu": "ホノルル",
    "Boston": "ボストン", "Savannah": "サバンナ", "Springfield": "スプリングフィールド",
    "Boulder": "ボルダー", "St. Louis": "セントルイス", "St. Petersburg": "セントピーターズバーグ",
    "Seoul": "ソウル", "Busan": "プサン", "Wollongong": "ウーロンゴン", "Ballarat": "バララット",
    "Cairns": "ケアンズ", "Fremantle": "フリーマントル", "Vancouver": "バンクーバー",
    "Québec": "ケベック", "Lethbridge": "レスブリッジ", "Halifax": "ハリファックス",
    "Saint-Denis": "サン＝ドニ", "Saint-Étienne": "サン＝テティエンヌ", "Nancy": "ナンシー",
    "Montpellier": "モンペリエ", "Würzburg": "ヴュルツブルク", "Düsseldorf": "デュッセルドルフ",
    "Kassel": "カッセル", "Florence": "フィレンツェ", "Venice": "ヴェネツィア",
    "Exeter": "エクセター", "Aberdeen": "アバディーン", "Christchurch": "クライストチャーチ",
    "Dunedin": "ダニーデン", "Santos": "サントス", "Curitiba": "クリチバ",
    "Guadalajara": "グアダラハラ", "Cebu City": "セブ", "Chiang Mai": "チェンマイ",
    "Huế": "フエ", "Vladivostok": "ウラジオストク", "Sevilla": "セビリア",
    "Salzburg": "ザルツブルク", "Leiden": "ライデン", "Espoo": "エスポー",
    "Mysuru": "マイソール", "Denpasar": "デンパサール",
}  # fmt: skip


def _partner(country, region, name_en, name_local="", **extra):
    partner = ForeignLocalGovernment.objects.filter(
        country=country, region=region, name_en=name_en
    ).first()
    if partner is None:
        partner = ForeignLocalGovernment(
            country=country,
            region=region,
            name_en=name_en,
            name_local=name_local,
            name_kana=KATAKANA.get(name_en, ""),
            **extra,
        )
        partner.save()
    return partner


def accounts(outcome) -> None:
    """An officer of Nagasaki Prefecture, who follows its municipalities' survey answers."""
    user, _created = demo_account(
        "nagasaki-pref@clair-demo.test",
        "長崎 県子 (Nagasaki Prefecture)",
        "ja",
        role=roles.ORGANISATION_OFFICER,
        outcome=outcome,
    )
    enrol(user, Organisation.objects.of_local_government("420000"), department="国際課")


@transaction.atomic
def load() -> list[Outcome]:
    outcome = Outcome("sister-city affiliations")
    if Affiliation.objects.filter(is_demo=True).exists():
        outcome.unchanged += Affiliation.objects.filter(is_demo=True).count()
        return [outcome, *demo_partnering.load(), *demo_partnering.load_nagasaki()]

    rng = random.Random(1955)
    partners = [_partner(c, r, n, local) for c, r, n, local in PARTNERS]
    municipalities = list(LocalGovernment.objects.exclude(code=NAGASAKI).order_by("code"))
    statuses = [("active", 80), ("dormant", 10), ("fixed_term", 5), ("ended", 5)]
    pairs = set()
    while len(pairs) < COUNT:
        pairs.add((rng.choice(municipalities).code, rng.randrange(len(partners))))
    by_code = {lg.code: lg for lg in municipalities}
    for code, index in sorted(pairs):
        year = rng.randint(1957, 2024)
        status = rng.choices([s for s, _w in statuses], [w for _s, w in statuses])[0]
        japanese = [by_code[code]]
        if rng.random() < 0.03:  # a few towns affiliate together
            japanese.append(rng.choice(municipalities))
        fields = rng.sample(Field.values, rng.randint(1, 4))
        affiliation = create_affiliation(
            japanese=japanese,
            partner=partners[index],
            kind=rng.choices(["sister", "friendship", "other"], [70, 25, 5])[0],
            established_year=year,
            status=status,
            ended_on=(
                None
                if status in ("active", "dormant")
                else f"{min(year + rng.randint(5, 30), 2025)}-03-31"
            ),
            fields=fields,
            notes_en="Invented for the demonstration.",
            notes_ja="デモ用の架空のデータです。",
            signed_by_both_heads=rng.random() < 0.9,
            exchange_in_several_fields=len(fields) > 1,
            budget_approved_by_assembly=rng.random() < 0.7,
        )
        Affiliation.objects.filter(pk=affiliation.pk).update(is_demo=True)
        outcome.created += 1
    return [outcome, *demo_partnering.load(), *demo_partnering.load_nagasaki()]
