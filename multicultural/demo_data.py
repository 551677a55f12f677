"""Invented demo records for the multicultural pages; loaded only with DEBUG on.

Two demo officers (a city and an association), two invented associations, grant
programmes for last and this fiscal year with applications in every state, and
a small library whose every text says it is demo text, not official guidance.
Everything is made through the services, so the demo obeys the same rules.
"""

from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.demo import DEMO_PASSWORD
from clair_portal.organisations.models import Organisation
from clair_portal.organisations.services import enrol
from multicultural import services
from multicultural.models import (
    GrantApplication,
    GrantCategory,
    GrantProgramme,
    LibraryLanguage,
    LivingDocument,
    LivingTopic,
    RequiredDocument,
    fiscal_year_of,
)
from reference.loading import Outcome
from reference.models import LocalGovernment, RegionalAssociation

# name (en, ja), serves (JIS code)
ASSOCIATIONS = [
    (("Demo Niigata Intercultural Association", "デモ新潟多文化交流協会"), "150002"),
    (("Demo Sendai Intercultural Association", "デモ仙台多文化交流協会"), "041009"),
]

# email, name, language, local government code or association index
OFFICERS = [
    ("officer@clair-demo.test", "Kenji Watanabe (Nagaoka City)", "ja", "152021", None),
    ("association@clair-demo.test", "Yui Kobayashi (Demo association)", "ja", None, 0),
    ("sendai@clair-demo.test", "Daiki Sato (Demo Sendai association)", "en", None, 1),
]

# The smallest valid PDF, so the demo's attachments open.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The documents this year's programmes ask for: (English, Japanese), description
# (English, Japanese), the category they are asked for (None: every category).
COMMUNITY_DOCUMENTS = [
    (
        ("Project plan", "事業計画書"),
        (
            "Aims, activities, schedule and how foreign residents take part.",
            "事業の目的・内容・日程と、外国人住民の参加方法を記載したもの。",
        ),
        None,
    ),
    (
        ("Budget", "収支予算書"),
        (
            "Income and expenditure of the project, in yen.",
            "事業の収入と支出を円で記載したもの。",
        ),
        None,
    ),
    (
        ("Training curriculum", "研修カリキュラム"),
        ("Sessions, trainers and hours of the training.", "研修の内容・講師・時間数。"),
        "volunteer-interpreters",
    ),
    (
        ("Letters of agreement from the partners", "共同実施団体の同意書"),
        ("One from each local government or association taking part.", "参加する各団体のもの。"),
        "disaster-seminars",
    ),
]
RELIEF_DOCUMENTS = [
    (
        ("Report on the damage", "被災状況報告書"),
        (
            "What happened and how foreign residents were affected.",
            "被災の状況と外国人住民への影響。",
        ),
        None,
    ),
    (
        ("Budget", "収支予算書"),
        ("Income and expenditure of the relief work, in yen.", "支援事業の収入と支出。"),
        None,
    ),
]

DEMO_TEXT_EN = "[Demo text, not official guidance] "
DEMO_TEXT_JA = "【デモ用の文章です。公式の案内ではありません】"


def load() -> list[Outcome]:
    outcome = Outcome("multicultural demo records")
    if GrantProgramme.objects.filter(is_demo=True).exists():
        outcome.unchanged += 1
        return [outcome]
    with transaction.atomic():
        associations = [_association(names, serves) for names, serves in ASSOCIATIONS]
        officers = [_officer(*row, associations) for row in OFFICERS]
        hq = User.objects.filter(email="hq@clair-demo.test").first()
        if hq is None:
            return [outcome]
        _grants(officers, hq)
        _library()
    outcome.created += 1
    return [outcome]


def _association(names, serves):
    en, ja = names
    association, _created = RegionalAssociation.objects.get_or_create(
        name_en=en,
        serves=LocalGovernment.objects.get(code=serves),
        defaults={"name": en, "name_ja": ja, "email": "info@example.org"},
    )
    return association


def _officer(email, name, language, government, association_index, associations):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, full_name=name, language=language, is_demo=True
        )
    user.groups.add(Group.objects.get(name=roles.GRANT_APPLICANT))
    if government:
        body = Organisation.objects.of_local_government(
            LocalGovernment.objects.get(code=government)
        )
    else:
        body = Organisation.objects.of_association(associations[association_index])
    enrol(user, body)
    return user


def _programme(year, name, budget, **caps):
    now = timezone.now()
    programme = GrantProgramme.objects.create(
        name=name[0],
        name_en=name[0],
        name_ja=name[1],
        description="Invented programme for the demo.",
        description_en="Invented programme for the demo.",
        description_ja="デモ用の架空の助成事業です。",
        fiscal_year=year,
        budget=budget,
        minimum_request=500_000,
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=45),
        is_demo=True,
        **caps,
    )
    programme.categories.set(GrantCategory.objects.all())
    return programme


def _apply(user, programme, title, amount, category_code, *, joint=False, months=(2, 6)):
    start, _end = programme.period()
    terms = services.Terms(
        category=GrantCategory.objects.get(code=category_code),
        project_start=start + timedelta(days=30 * months[0]),
        project_end=start + timedelta(days=30 * months[1]),
        requested_amount=amount,
        joint=joint,
    )
    summary = (
        f"{DEMO_TEXT_EN}{title}: an invented project for foreign residents, "
        "run with local volunteers."
    )
    application = services.create_draft(user, programme.pk, terms, title=title, summary=summary)
    return application


def _require(programme, documents):
    for position, ((en, ja), (about_en, about_ja), category) in enumerate(documents, start=1):
        RequiredDocument.objects.create(
            programme=programme,
            category=GrantCategory.objects.get(code=category) if category else None,
            name=en,
            name_en=en,
            name_ja=ja,
            description=about_en,
            description_en=about_en,
            description_ja=about_ja,
            position=position,
        )


def _attach(application, *, leave_out=()):
    """Attach a file for each of the application's required documents but ``leave_out``."""
    for document in services.required_documents(application):
        if document.name_en in leave_out:
            continue
        slug = document.name_en.lower().replace(" ", "-")
        services.add_attachment(
            application.created_by,
            application.pk,
            SimpleUploadedFile(f"{slug}.pdf", PDF, content_type="application/pdf"),
            required_document_id=document.pk,
        )


def _grants(officers, hq):
    city, association, sendai = officers
    this_year = fiscal_year_of(timezone.localdate())
    caps = {
        "cap_prefectural": 4_000_000,
        "cap_joint": 4_000_000,
        "cap_municipal": 3_000_000,
        "cap_association": 3_000_000,
    }

    # Last year's programme: decided, paid and reported.
    past = _programme(
        this_year - 1,
        ("Multicultural community grants (demo)", "多文化共生地域づくり助成（デモ）"),
        12_000_000,
        **caps,
    )
    radio = _apply(
        city, past, "Multilingual community radio", 2_400_000, "multilingual-broadcasting"
    )
    festival = _apply(association, past, "Winter culture festival", 1_800_000, "culture-festivals")
    seminar = _apply(
        sendai, past, "Disaster seminar in five languages", 900_000, "disaster-seminars"
    )
    for application in (radio, festival, seminar):
        services.submit(application.created_by, application.pk)
    services.record_review(hq, radio.pk, score=4, comment="Clear audience and partners.")
    services.decide(hq, radio.pk, award=True, amount=2_000_000, comment="Well prepared.")
    services.decide(hq, festival.pk, award=True, amount=1_800_000)
    services.decide(hq, seminar.pk, award=False, comment="Please apply again with a budget plan.")
    services.record_disbursement(
        hq, radio.pk, amount=2_000_000, paid_on=past.period()[0] + timedelta(days=120)
    )
    services.record_disbursement(
        hq, festival.pk, amount=900_000, paid_on=past.period()[0] + timedelta(days=150)
    )
    services.submit_completion_report(
        city, radio.pk, text=f"{DEMO_TEXT_EN}Twelve programmes broadcast in four languages."
    )
    # The festival's report is overdue: the reminder task will find it.
    GrantApplication.objects.filter(pk=festival.pk).update(
        report_due_on=timezone.localdate() - timedelta(days=10)
    )
    GrantProgramme.objects.filter(pk=past.pk).update(
        opens_at=timezone.now() - timedelta(days=400),
        closes_at=timezone.now() - timedelta(days=300),
    )

    # This year's programme: open now, applications in every state.
    current = _programme(
        this_year,
        ("Multicultural community grants (demo)", "多文化共生地域づくり助成（デモ）"),
        15_000_000,
        **caps,
    )
    _require(current, COMMUNITY_DOCUMENTS)
    # The city's draft still lacks its budget: its check page shows what is missing.
    guide = _apply(city, current, "Easy Japanese guide to city services", 1_200_000, "consultation")
    _attach(guide, leave_out={"Budget"})
    interpreters = _apply(
        association, current, "Volunteer interpreter training", 2_500_000, "volunteer-interpreters"
    )
    joint = _apply(
        sendai,
        current,
        "Joint disaster drill with three towns",
        3_600_000,
        "disaster-seminars",
        joint=True,
    )
    _attach(interpreters)
    _attach(joint)
    services.submit(association, interpreters.pk)
    services.submit(sendai, joint.pk)
    services.record_review(hq, joint.pk, score=5, comment="Strong partnership.")

    relief = _programme(
        this_year,
        ("Disaster relief for foreign residents (demo)", "外国人被災者支援助成（デモ）"),
        1_400_000,
        cap_association=300_000,
    )
    relief.minimum_request = 50_000
    relief.save()
    _require(relief, RELIEF_DOCUMENTS)
    _apply(
        association, relief, "Multilingual relief desk", 120_000, "disaster-relief", months=(1, 3)
    )


# topic code: (English title, Japanese title)
DOCUMENTS = {
    "garbage-disposal": ("How to sort household garbage", "家庭ごみの分け方"),
    "health-insurance": ("Joining National Health Insurance", "国民健康保険への加入"),
    "school-enrolment": ("Enrolling your child in school", "お子さんの入学手続き"),
    "disaster-preparedness": ("What to do in an earthquake", "地震のときにすること"),
    "visas-work-permits": ("Renewing your residence card", "在留カードの更新"),
    "government-services": ("Registering your address", "住所の届出"),
}
TRANSLATED = {
    "garbage-disposal": ["ja-easy", "en", "zh", "ko", "pt", "tl", "vi"],
    "health-insurance": ["ja-easy", "en", "pt"],
    "school-enrolment": ["en", "pt", "es"],
    "disaster-preparedness": ["ja-easy", "en", "zh", "ko", "vi"],
    "visas-work-permits": ["en", "vi"],
    "government-services": ["ja-easy"],
}


def _library():
    languages = {language.code: language for language in LibraryLanguage.objects.all()}
    start = date(2026, 4, 1)
    for topic_code, (en, ja) in DOCUMENTS.items():
        document = LivingDocument.objects.create(
            topic=LivingTopic.objects.get(code=topic_code),
            title=f"{en} (demo)",
            title_en=f"{en} (demo)",
            title_ja=f"{ja}（デモ）",
            is_demo=True,
        )
        services.publish_version(
            document,
            languages["ja"],
            title=ja,
            body=f"{DEMO_TEXT_JA}\n{ja}についての見本の文章です。",
            published_on=start,
        )
        for offset, code in enumerate(TRANSLATED[topic_code], start=1):
            language = languages[code]
            services.publish_version(
                document,
                language,
                title=f"{en} – {language.native_name}",
                body=f"{DEMO_TEXT_EN}\nSample text about “{en}” for the {language.name_en} version.",
                published_on=start + timedelta(days=offset),
            )
    # The Japanese source on garbage changed after its translations: they are now stale.
    garbage = LivingDocument.objects.get(is_demo=True, topic__code="garbage-disposal")
    services.publish_version(
        garbage,
        languages["ja"],
        title="家庭ごみの分け方（改訂）",
        body=f"{DEMO_TEXT_JA}\n収集日の変更を反映した見本の文章です。",
        published_on=start + timedelta(days=60),
    )
