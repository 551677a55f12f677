"""Invented records for trying the cooperation pages (``manage.py load_demo_data``, DEBUG only).

Every record here is flagged ``is_demo`` and every page showing one says so.
The demo specialist signs in as ``specialist@clair-demo.test`` with the
portal's demo password; the demo HQ account joins HQ's cooperation staff.
"""

import datetime
import random

from django.contrib.auth.models import Group
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.demo import DEMO_PASSWORD
from cooperation import services
from cooperation.models import (
    Availability,
    DispatchRequest,
    Field,
    HostOffer,
    Programme,
    Specialist,
    SpecialistLanguage,
    Trainee,
    TravelDocument,
)
from cooperation.permissions import COOPERATION_STAFF
from reference.loading import Outcome
from reference.models import ForeignLocalGovernment, LocalGovernment

DEMO_SPECIALIST = "specialist@clair-demo.test"

FAMILY = ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
          "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue"]  # fmt: skip
GIVEN = ["Hiroshi", "Keiko", "Takashi", "Yumiko", "Makoto", "Naoko", "Kenji", "Akiko", "Satoshi",
         "Tomoko", "Masaru", "Michiko"]  # fmt: skip
LANGUAGES = ["en", "fr", "zh", "ko", "es", "pt", "vi", "id", "th", "de"]
# (English name, region, country) of invented requesting local governments.
GOVERNMENTS = [
    ("Demo County of Westshire", "England", "GB"),
    ("Demo City of Northbridge", "Scotland", "GB"),
    ("Demo Commune de Belleville-sur-Loire", "Pays de la Loire", "FR"),
    ("Demo Province of Dong Nam", "", "VN"),
]
HOSTS = ["422011", "011002", "271004", "401005"]  # Nagasaki, Sapporo, Osaka, Kitakyushu


def load() -> list[Outcome]:
    outcome = Outcome("demo cooperation records")
    # Apart from the rest, so that a database loaded before the survey existed gets it too.
    if _demo_survey(timezone.localdate()):
        outcome.created += 1
    if Specialist.objects.filter(is_demo=True).exists():
        outcome.unchanged += 1
        return [outcome]
    rng = random.Random(2026)  # the same invented data on every machine
    fields = list(Field.objects.all())
    governments = {g.code: g for g in LocalGovernment.objects.filter(code__in=HOSTS)}
    municipalities = list(LocalGovernment.objects.municipalities().order_by("code")[:400])
    if not fields or len(governments) < len(HOSTS):
        return [outcome]  # reference data first

    _demo_accounts(fields, governments)
    today = timezone.localdate()
    for i in range(60):
        person = Specialist.objects.create(
            email=f"demo.specialist{i:02d}@clair-demo.test",
            full_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} (demo)",
            status=rng.choice(["serving", "retired"]),
            home_government=rng.choice(municipalities),
            years_of_experience=rng.randint(0, 38) if i % 9 else 0,  # some incomplete
            consent_to_contact=i % 7 != 0,
            profile_updated_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 800)),
            is_demo=True,
        )
        person.fields.set(rng.sample(fields, rng.randint(1, 3)))
        for code in rng.sample(LANGUAGES, rng.randint(1, 2)):
            SpecialistLanguage.objects.create(
                specialist=person, language=code, level=rng.randint(1, 4)
            )
        start = today + datetime.timedelta(days=rng.randint(0, 200))
        Availability.objects.create(
            specialist=person,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=rng.randint(30, 180)),
        )
        outcome.created += 1

    entered_by = (
        User.objects.filter(email="london@clair-demo.test").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if entered_by is not None:
        for n, (name, region, country) in enumerate(GOVERNMENTS):
            government, _ = ForeignLocalGovernment.objects.get_or_create(
                country=country, region=region, name_en=name
            )
            start = today + datetime.timedelta(days=60 + 30 * n)
            request = DispatchRequest.objects.create(
                foreign_government=government,
                country=country,
                language="fr" if country == "FR" else "en",
                starts_on=start,
                ends_on=start + datetime.timedelta(days=59),
                description="Invented request: advice on reducing leakage and on "
                "asset management in the water network.",
                entered_by=entered_by,
                is_demo=True,
            )
            request.fields.set(fields[4:7] if n % 2 else fields[6:9])
            outcome.created += 1

    _demo_programme(rng, fields, governments, today)
    return [outcome]


def _demo_accounts(fields, governments):
    user = User.objects.filter(email=DEMO_SPECIALIST).first()
    if user is None:
        user = User.objects.create_user(
            DEMO_SPECIALIST, DEMO_PASSWORD, full_name="Ichiro Demo (specialist)", language="ja",
            is_demo=True,
        )  # fmt: skip
        user.groups.add(Group.objects.get(name=roles.SPECIALIST))
    person = Specialist.objects.create(
        user=user,
        email=DEMO_SPECIALIST,
        full_name="Ichiro Demo",
        status=Specialist.Status.RETIRED,
        home_government=governments["422011"],
        position="Former director, Waterworks Bureau (invented)",
        years_of_experience=32,
        consent_to_contact=True,
        is_demo=True,
    )
    person.fields.set([f for f in fields if f.code in {"water-supply", "sewerage"}])
    SpecialistLanguage.objects.create(specialist=person, language="en", level=3)
    today = timezone.localdate()
    Availability.objects.create(
        specialist=person, starts_on=today, ends_on=today + datetime.timedelta(days=365)
    )
    hq = User.objects.filter(email="hq@clair-demo.test").first()
    if hq is not None:
        hq.groups.add(Group.objects.get(name=COOPERATION_STAFF))


def _demo_survey(today) -> bool:
    """Next fiscal year's demand survey, open now: Nagasaki's demo officer answers it."""
    year = (today.year if today.month >= 4 else today.year - 1) + 1
    _programme, created = Programme.objects.get_or_create(
        fiscal_year=year,
        defaults={
            "survey_opens_on": today - datetime.timedelta(days=7),
            "survey_closes_on": today + datetime.timedelta(days=60),
            "notes": "Demo: the demand survey local governments answer on the portal.",
        },
    )
    return created


def _demo_programme(rng, fields, governments, today):
    year = today.year if today.month >= 4 else today.year - 1
    programme, _ = Programme.objects.get_or_create(fiscal_year=year)
    offers = [
        HostOffer.objects.get_or_create(
            programme=programme, local_government=governments[code], field=fields[i % len(fields)],
            defaults={"capacity": 2},
        )[0]
        for i, code in enumerate(HOSTS)
    ]  # fmt: skip
    arrival = datetime.date(year, 10, 1)
    people = [("Nguyen Thi Demo", "VN"), ("Maria Demo Santos", "PH"), ("Budi Demo", "ID"),
              ("Somchai Demo", "TH"), ("Chen Demo", "CN")]  # fmt: skip
    for n, (name, country) in enumerate(people):
        offer = offers[n % len(offers)]
        trainee = Trainee.objects.create(
            programme=programme,
            full_name=name,
            country=country,
            home_organisation="Invented provincial government",
            position="Officer",
            field=offer.field,
            languages=["en"],
            selection=Trainee.Selection.SELECTED if n < 4 else Trainee.Selection.NOMINATED,
            is_demo=True,
        )
        TravelDocument.objects.create(
            trainee=trainee,
            passport_number=f"DEMO{rng.randint(100000, 999999)}",
            passport_country=country,
            passport_expires_on=datetime.date(year + 6, 1, 1),
        )
        if n >= 4:
            continue
        # Through the services, so that the demo follows the same rules as real records.
        host_start = arrival + datetime.timedelta(days=45)
        services.assign_host(
            trainee, offer, starts_on=host_start, ends_on=host_start + datetime.timedelta(days=240)
        )
        services.plan_timeline(trainee, arrives_on=arrival)
