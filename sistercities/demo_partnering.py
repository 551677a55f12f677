"""Invented partner-seeking requests, exchange projects, a seminar edition, survey
contacts and a draft survey, for demonstration (DEBUG only; see demo_data.py).

Every record is flagged ``is_demo`` so its pages carry the demo notice; the
addresses are on reserved example domains.
"""

import random
from datetime import timedelta

from django.utils import timezone

from reference.loading import Outcome
from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities.models import (
    Affiliation,
    EventSeries,
    ExchangeEvent,
    ExchangeProject,
    PartnerRequest,
    PartnershipContact,
    PartnershipSurvey,
)
from sistercities.models.partnering import PUBLISHED_FOR

# country, region, name, population, industries, fields, wanted countries
FOREIGN_REQUESTS = [
    ("AU", "Victoria", "City of Ballarat", 116_000, ["tourism", "agriculture"],
     ["education", "culture", "tourism"], ["JP"]),
    ("GB", "England", "Exeter City Council", 130_000, ["technology", "commerce"],
     ["education", "youth"], ["JP"]),
    ("FR", "Grand Est", "Ville de Nancy", 105_000, ["crafts", "commerce"],
     ["culture", "economy"], ["JP"]),
    ("KR", "Gyeongsangbuk-do", "Gyeongju-si", 250_000, ["tourism", "crafts"],
     ["culture", "tourism", "youth"], []),
    ("TH", "Chiang Mai", "Chiang Mai Municipality", 130_000, ["tourism", "agriculture"],
     ["environment", "tourism"], ["JP"]),
]  # fmt: skip
JAPANESE_REQUESTS = [
    (30_000, ["agriculture", "forestry"], ["education", "youth"], ["AU", "NZ", "CA"]),
    (120_000, ["crafts", "tourism"], ["culture", "economy"], ["FR", "IT"]),
    (8_000, ["fisheries", "tourism"], ["youth", "environment"], []),
]
PROJECTS = [
    ("Junior high school exchange by video and visits",
     "ビデオ通話と相互訪問による中学生交流",
     ["education", "youth"],
     "Pupils meet their partners online every month and visit each other in alternate years.",
     "生徒が毎月オンラインで交流し、隔年で相互に訪問しています。"),
    ("Joint promotion of local crafts", "伝統工芸の共同プロモーション", ["economy", "culture"],
     "Craftspeople of both cities exhibit together at each other's trade fairs.",
     "両市の職人が互いの見本市で共同出展しています。"),
    ("Disaster-prevention know-how exchange", "防災ノウハウの交流", ["disaster", "administration"],
     "Fire-service staff train together and share evacuation planning.",
     "消防職員が合同で訓練を行い、避難計画づくりの知見を共有しています。"),
    ("Sister-city marathon", "姉妹都市マラソン", ["sports", "tourism"],
     "Runners from the partner city join the annual marathon, with homestays.",
     "毎年のマラソン大会に提携先の市民ランナーが参加し、ホームステイで交流しています。"),
]  # fmt: skip


def load() -> list[Outcome]:
    outcome = Outcome("partner-seeking requests, projects, events and survey (demo)")
    if PartnerRequest.objects.filter(is_demo=True).exists():
        outcome.unchanged += 1
        return [outcome]
    rng = random.Random(2026)
    now = timezone.now()
    published = {
        "state": PartnerRequest.State.PUBLISHED,
        "is_demo": True,
        "confirmed_at": now,
        "published_at": now,
        "expires_at": now + PUBLISHED_FOR,
        "language": "en",
    }
    for country, region, name, population, industries, fields, wanted in FOREIGN_REQUESTS:
        PartnerRequest.objects.create(
            side=PartnerRequest.Side.FOREIGN,
            name=name,
            country=country,
            region=region,
            population=population,
            industries=industries,
            fields=fields,
            desired_countries=wanted,
            access="About an hour by road from the nearest international airport.",
            features="Invented for the demonstration.",
            expectations="Exchange of pupils and officials, and joint events.",
            pr_text="A friendly town looking for a partner in Japan (demo data).",
            contact_name="Demo Contact",
            contact_email=f"partners@{country.lower()}.example.org",
            updated_at=now - timedelta(days=rng.randint(1, 200)),
            **published,
        )
        outcome.created += 1
    towns = list(LocalGovernment.objects.municipalities().order_by("code"))
    for population, industries, fields, wanted in JAPANESE_REQUESTS:
        lg = rng.choice(towns)
        PartnerRequest.objects.create(
            side=PartnerRequest.Side.JAPANESE,
            local_government=lg,
            name=lg.name_kanji,
            country="JP",
            population=population,
            industries=industries,
            fields=fields,
            desired_countries=wanted,
            expectations="姉妹都市との青少年交流と経済交流を希望します（デモデータ）。",
            pr_text="デモ用の架空の申込です。",
            contact_name="デモ担当者",
            contact_email=f"kokusai@{lg.code}.example.jp",
            updated_at=now - timedelta(days=rng.randint(1, 200)),
            **{**published, "language": "ja"},
        )
        outcome.created += 1

    affiliations = list(
        Affiliation.objects.filter(is_demo=True, status="active").order_by("pk")[:50]
    )
    for (title_en, title_ja, fields, summary_en, summary_ja), affiliation in zip(
        PROJECTS, rng.sample(affiliations, len(PROJECTS)), strict=False
    ):
        ExchangeProject.objects.create(
            affiliation=affiliation,
            title_en=title_en,
            title_ja=title_ja,
            year=rng.randint(2015, 2025),
            fields=fields,
            summary_en=f"{summary_en} (Invented for the demonstration.)",
            summary_ja=f"{summary_ja}（デモ用の架空の事例です。）",
            is_demo=True,
        )
        outcome.created += 1

    seminar = EventSeries.objects.filter(slug="exchange-cooperation-seminar").first()
    if seminar is not None and not seminar.events.exists():
        edition = ExchangeEvent.objects.create(
            series=seminar,
            year=2025,
            month=10,
            place_en="Tokyo and Niigata Prefecture",
            place_ja="東京都、新潟県",
            country="JP",
            hosts_en="CLAIR",
            hosts_ja="クレア",
            description_en="Invented edition for the demonstration.",
            description_ja="デモ用の架空の開催回です。",
            is_demo=True,
        )
        edition.participants.add(*LocalGovernment.objects.filter(code__in=["150002", "152021"]))
        edition.foreign_participants.add(*ForeignLocalGovernment.objects.order_by("pk")[:4])
        outcome.created += 1

    holders = (
        Affiliation.japanese.through.objects.values_list("localgovernment_id", flat=True)
        .distinct()
        .order_by("localgovernment_id")
    )
    PartnershipContact.objects.bulk_create(
        [
            PartnershipContact(
                local_government_id=code, email=f"kokusai@{code}.example.jp", is_demo=True
            )
            for code in holders
        ],
        ignore_conflicts=True,
    )
    PartnershipSurvey.objects.get_or_create(
        year=timezone.localdate().year,
        defaults={"closes_on": timezone.localdate() + timedelta(days=60)},
    )
    return [outcome]


NAGASAKI_CITY = "422011"
NAGASAKI_OFFICER = "nagasaki@clair-demo.test"


def load_nagasaki() -> list[Outcome]:
    """Nagasaki City's own requests, kept by its demo officer: a draft still to be sent,
    and a published one that has received an inquiry; and last year's survey, closed,
    so that the demo prefecture sees its municipalities' answers."""
    from clair_portal.accounts.models import User
    from clair_portal.organisations.models import Organisation
    from sistercities.models import Inquiry, SurveyInvitation

    outcome = Outcome("Nagasaki City's partner-seeking requests and last year's survey (demo)")
    organisation = Organisation.objects.of_local_government(NAGASAKI_CITY)
    if PartnerRequest.objects.filter(organisation=organisation, is_demo=True).exists():
        outcome.unchanged += 1
        return [outcome]
    officer = User.objects.filter(email=NAGASAKI_OFFICER).first()
    now = timezone.now()
    common = {
        "side": PartnerRequest.Side.JAPANESE,
        "local_government_id": NAGASAKI_CITY,
        "organisation": organisation,
        "created_by": officer,
        "country": "JP",
        "region": "長崎県",
        "language": "ja",
        "contact_name": "長崎 市子",
        "contact_department": "国際課",
        "contact_email": NAGASAKI_OFFICER,
        "is_demo": True,
    }
    PartnerRequest.objects.create(
        **common,
        name="長崎市",
        population=400_000,
        industries=["tourism", "port", "fisheries"],
        fields=["youth", "culture"],
        desired_countries=["FR", "IT"],
        expectations="港町どうしの青少年交流と文化交流を希望します（デモデータ）。",
        features="坂と港の町。デモ用の架空の下書きです。",
        state=PartnerRequest.State.DRAFT,
        updated_at=now - timedelta(days=2),
    )
    listed = PartnerRequest.objects.create(
        **common,
        name="長崎市（医療・防災交流）",
        population=400_000,
        industries=["port", "tourism"],
        fields=["health", "disaster"],
        desired_countries=[],
        expectations="医療と防災の分野で知見を共有できる自治体を探しています（デモデータ）。",
        pr_text="デモ用の架空の申込です。",
        state=PartnerRequest.State.PUBLISHED,
        confirmed_at=now - timedelta(days=40),
        published_at=now - timedelta(days=38),
        expires_at=now - timedelta(days=38) + PUBLISHED_FOR,
        updated_at=now - timedelta(days=38),
    )
    Inquiry.objects.create(
        request=listed,
        sender_name="Demo Sender",
        organisation="City of Ballarat (demo)",
        sender_email="partners@au.example.org",
        message="We would like to learn from Nagasaki's disaster preparedness. (Demo data.)",
    )
    outcome.created += 3

    last_year = timezone.localdate().year - 1
    survey, created = PartnershipSurvey.objects.get_or_create(
        year=last_year,
        defaults={
            "closes_on": timezone.localdate().replace(year=last_year, month=6, day=30),
            "state": PartnershipSurvey.State.CLOSED,
        },
    )
    if created:
        sent = now - timedelta(days=365)
        rng = random.Random(last_year)
        holders = (
            Affiliation.japanese.through.objects.values_list("localgovernment_id", flat=True)
            .distinct()
            .order_by("localgovernment_id")
        )
        SurveyInvitation.objects.bulk_create(
            SurveyInvitation(
                survey=survey,
                local_government_id=code,
                email=f"kokusai@{code}.example.jp",
                sent_at=sent,
                reminded_at=sent + timedelta(days=30),
                responded_at=sent + timedelta(days=rng.randint(3, 60))
                if rng.random() < 0.6
                else None,
            )
            for code in holders
        )
        outcome.created += 1
    return [outcome]
