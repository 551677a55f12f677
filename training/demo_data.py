"""Invented demo courses and applications for the training pages; loaded only with DEBUG on.

The courses' titles, dates and places are invented (the pages carry the demo
notice); the two seminars for officials abroad are the ones the booklet names.
Nagasaki City's demo officer is the applicant; a colleague is the city's approver.
Everything is made through the services, so the demo obeys the same rules.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.demo import demo_account
from clair_portal.organisations.models import Membership, Organisation
from clair_portal.organisations.services import enrol
from offices.models import Office, OfficeMembership
from reference.loading import Outcome
from training import abroad, services, subsidies
from training.models import Approver, Course, ProgrammeItem, SubsidyProgramme
from training.models.subsidies import fiscal_year_of

NAGASAKI_CITY = "422011"
APPROVER = "nagasaki-approver@clair-demo.test"
SEOUL = "seoul@clair-demo.test"

# provider, (title en, ja), (summary en, ja), audience, mode, (venue en, ja), language,
# days from today to the first day, length in days, places, fee
COURSES = [
    (
        Course.Provider.CLAIR,
        (
            "Demo: international policy for local government leaders",
            "デモ：自治体幹部のための国際政策研修",
        ),
        (
            "Demo course. How local governments work with partners abroad: sister cities, "
            "economic exchange and multicultural policy.",
            "デモの研修です。姉妹都市交流、経済交流、多文化共生施策など、海外との連携について学びます。",
        ),
        Course.Audience.LOCAL,
        Course.Mode.IN_PERSON,
        ("CLAIR, Tokyo", "自治体国際化協会（東京）"),
        Course.Language.JA,
        45,
        3,
        30,
        0,
    ),
    (
        Course.Provider.JIAM,
        ("Demo: multicultural policy in practice", "デモ：多文化共生施策の実務"),
        (
            "Demo course. Cultural diversity and multicultural policy for local-government "
            "and association officials.",
            "デモの研修です。地方公共団体及び地域国際化協会の職員を対象に、多文化共生施策の実務を学びます。",
        ),
        Course.Audience.DOMESTIC,
        Course.Mode.HYBRID,
        ("JIAM, Otsu", "全国市町村国際文化研修所（大津市）"),
        Course.Language.JA,
        30,
        4,
        40,
        12_000,
    ),
    (
        Course.Provider.CLAIR,
        ("Demo: working with interpreters online", "デモ：オンライン通訳の活用"),
        (
            "Demo course. Short online sessions.",
            "デモの研修です。オンラインで実施する短期の研修です。",
        ),
        Course.Audience.ASSOCIATION,
        Course.Mode.ONLINE,
        ("", ""),
        Course.Language.BOTH,
        20,
        1,
        2,
        0,
    ),
    (
        Course.Provider.CLAIR,
        ("Local Government Exchange and Cooperation Seminar", "地方自治体交流・協力セミナー"),
        (
            "Lectures in Tokyo on Japanese local government, then visits to the regions to "
            "observe local government in action. (Demo dates.)",
            "東京で日本の地方自治に関する講義を受けた後、地方を訪問して地方自治の現場を視察します（日程はデモです）。",
        ),
        Course.Audience.ABROAD,
        Course.Mode.IN_PERSON,
        ("Tokyo and the regions", "東京及び地方"),
        Course.Language.EN,
        90,
        10,
        20,
        0,
    ),
    (
        Course.Provider.CLAIR,
        ("Foreign Local Government Leaders Seminar", "外国地方政府幹部セミナー"),
        ("Demo dates.", "日程はデモです。"),
        Course.Audience.ABROAD,
        Course.Mode.IN_PERSON,
        ("Tokyo and the regions", "東京及び地方"),
        Course.Language.EN,
        120,
        7,
        15,
        0,
    ),
]


def accounts(outcome) -> None:
    """Nagasaki City's approver of course applications (the applicant is nagasaki@)."""
    user, _created = demo_account(
        APPROVER,
        "長崎 次郎 (Nagasaki City, approver)",
        "ja",
        role=roles.ORGANISATION_OFFICER,
        outcome=outcome,
    )
    membership = enrol(
        user, Organisation.objects.of_local_government(NAGASAKI_CITY), department="人事課"
    )
    Approver.objects.get_or_create(membership=membership)
    staff, _created = demo_account(
        SEOUL, "Park Seoyeon (Seoul)", "en", role=roles.OFFICE_STAFF, outcome=outcome
    )
    OfficeMembership.objects.get_or_create(
        user=staff, defaults={"office": Office.objects.get(code="seoul")}
    )


def load() -> list[Outcome]:
    outcome = Outcome("training demo records")
    if Course.objects.filter(is_demo=True).exists():
        outcome.unchanged += 1
        return [outcome]
    hq = User.objects.filter(email="hq@clair-demo.test").first()
    with transaction.atomic():
        courses = [_course(*row) for row in COURSES]
        _applications(courses, hq)
        _seminar(courses[3])
        _subsidies(hq)
    outcome.created += 1
    return [outcome]


def _course(
    provider, titles, summaries, audience, mode, venues, language, days, length, places, fee
):
    now = timezone.now()
    start = (now + timedelta(days=days)).date()
    return Course.objects.create(
        provider=provider,
        title=titles[0],
        title_en=titles[0],
        title_ja=titles[1],
        summary_en=summaries[0],
        summary_ja=summaries[1],
        audience=audience,
        mode=mode,
        venue_en=venues[0],
        venue_ja=venues[1],
        language=language,
        starts_on=start,
        ends_on=start + timedelta(days=length - 1),
        capacity=places,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=days - 7),
        fee=fee,
        is_demo=True,
    )


def _applications(courses, hq):
    """Nagasaki City's officer waits for the approver on one course and is selected for another."""
    officer = User.objects.filter(email="nagasaki@clair-demo.test").first()
    approver = User.objects.filter(email=APPROVER).first()
    if officer is None or approver is None:
        return
    if not Membership.objects.filter(user=officer, is_active=True).exists():
        return
    services.apply(
        officer,
        courses[0].pk,
        motivation="国際交流員との協働による姉妹都市交流事業の企画に生かしたい。",
    )
    endorsed = services.apply(
        officer,
        courses[1].pk,
        motivation="外国人住民向け相談窓口の改善に生かしたい。",
    )
    services.endorse(approver, endorsed.pk, endorsed=True)
    if hq is not None:
        services.select(hq, endorsed.pk)  # a place: the figures show Nagasaki


# days from the first day, length in days, (place en, ja), (activity en, ja)
PROGRAMME = [
    (
        0,
        5,
        ("Tokyo", "東京"),
        ("Lectures on Japanese local government", "日本の地方自治に関する講義"),
    ),
    (
        5,
        5,
        ("The regions (demo: Nagasaki)", "地方（デモ：長崎）"),
        ("Visits to local governments to observe their work", "地方自治体の現場視察"),
    ),
]


def _seminar(seminar):
    """The seminar's programme, and an official from Korea whose application waits for the
    Seoul office."""
    for offset, length, places, activities in PROGRAMME:
        start = seminar.starts_on + timedelta(days=offset)
        ProgrammeItem.objects.create(
            course=seminar,
            starts_on=start,
            ends_on=start + timedelta(days=length - 1),
            place_en=places[0],
            place_ja=places[1],
            activity_en=activities[0],
            activity_ja=activities[1],
        )
    application = abroad.submit(
        seminar.pk,
        {
            "full_name": "Choi Jiwon (demo)",
            "email": "choi.jiwon@example.org",
            "country": "KR",
            "local_government": "Demo City, Gyeonggi Province",
            "position": "International relations officer",
            "motivation": "Demo application: to learn how Japanese cities work with residents.",
        },
        language="en",
    )
    abroad.confirm(application.token)


# kind, (name en, ja), (eligible costs en, ja), rate, cap per person, cap per organisation, budget
SUBSIDIES = [
    (
        SubsidyProgramme.Kind.STUDY_TOUR,
        ("Demo: study tours abroad", "デモ：海外視察助成"),
        ("Fares and lodging of the tour.", "視察に係る交通費及び宿泊費"),
        50,
        300_000,
        600_000,
        6_000_000,
    ),
    (
        SubsidyProgramme.Kind.JIAM_COURSE,
        ("Demo: attending JIAM courses", "デモ：JIAM研修受講助成"),
        ("Course fees, fares and lodging.", "受講料、交通費及び宿泊費"),
        100,
        80_000,
        240_000,
        2_000_000,
    ),
]

# The smallest valid PDF, so the demo's receipts open.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _subsidies(hq):
    """This fiscal year's two programmes; Nagasaki City's officer claimed for a study tour,
    approved at a reduced amount and partly paid."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    now = timezone.now()
    programmes = [
        SubsidyProgramme.objects.create(
            kind=kind,
            name=names[0],
            name_en=names[0],
            name_ja=names[1],
            eligible_costs_en=costs[0],
            eligible_costs_ja=costs[1],
            fiscal_year=fiscal_year_of(timezone.localdate()),
            rate_percent=rate,
            cap_per_person=per_person,
            cap_per_organisation=per_org,
            budget=budget,
            opens_at=now - timedelta(days=60),
            closes_at=now + timedelta(days=120),
            is_demo=True,
        )
        for kind, names, costs, rate, per_person, per_org, budget in SUBSIDIES
    ]
    officer = User.objects.filter(email="nagasaki@clair-demo.test").first()
    if officer is None or hq is None:
        return
    today = timezone.localdate()
    claim = subsidies.submit_claim(
        officer,
        programmes[0].pk,
        title="デモ：メルボルン市の多文化共生施策視察",
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=25),
        eligible_cost=500_000,
        report="デモの報告です。外国人住民向け窓口の運営について調査した。",
        receipts=[SimpleUploadedFile("receipt.pdf", PDF, content_type="application/pdf")],
    )
    subsidies.decide_claim(
        hq, claim.pk, approve=True, amount=200_000, reason="宿泊費の一部が対象外のため"
    )
    subsidies.record_payment(hq, claim.pk, amount=100_000, paid_on=today)
