"""Invented counselling records for the demo: the lead, Nagasaki's PA, two consultations.

``accounts`` makes counsellor@clair-demo.test (the counselling lead, also a
counsellor, on duty) and pa@clair-demo.test (Prefectural Advisor for Nagasaki
prefecture); ``load`` gives the demo participant one closed and one open
consultation, the counselling hours, two help pages and registration for the
demo mid-year seminar.
"""

from datetime import time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from clair_portal.demo import demo_account
from jet.counselling import services as counselling
from jet.models import (
    COUNSELLING_LEAD,
    COUNSELLORS,
    Consultation,
    CounsellingHours,
    DutyShift,
    Participant,
    PrefecturalAdvisor,
    SelfHelpPage,
    Seminar,
)
from reference.loading import Outcome

NAGASAKI_PREFECTURE = "420000"


def accounts(outcome: Outcome) -> None:
    lead, created = demo_account(
        "counsellor@clair-demo.test", "Mori Kenji (counselling lead)", "ja", outcome=outcome
    )
    if created:
        lead.groups.add(*Group.objects.filter(name__in=[COUNSELLORS, COUNSELLING_LEAD]))
    demo_account("pa@clair-demo.test", "Jordan Lee (PA, Nagasaki)", "en", outcome=outcome)


def load(outcome: Outcome) -> None:
    from clair_portal.accounts.models import User

    participant = Participant.objects.filter(jet_number="DEMO-0001").select_related("user").first()
    lead = User.objects.filter(email="counsellor@clair-demo.test").first()
    pa = User.objects.filter(email="pa@clair-demo.test").first()
    if participant is None or lead is None or pa is None:
        outcome.unchanged += 1
        return
    if Consultation.objects.filter(participant=participant).exists():
        outcome.unchanged += 1
        return
    PrefecturalAdvisor.objects.create(
        user=pa,
        prefecture_id=NAGASAKI_PREFECTURE,
        name="Jordan Lee (demo)",
        email="pa@clair-demo.test",
        phone="095-000-0002",
    )
    now = timezone.now()
    DutyShift.objects.create(
        counsellor=lead, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=60)
    )
    for weekday in range(5):
        CounsellingHours.objects.create(
            weekday=weekday,
            opens=time(9),
            closes=time(17, 45),
            note_en="demo hours",
            note_ja="デモ用の時間",
        )
    SelfHelpPage.objects.create(
        topic="housing",
        title_en="Housing: first steps (demo)",
        title_ja="住居に関する困りごと：まずはここから（デモ）",
        body_en=(
            "Most housing questions are answered fastest by your supervisor at your contracting "
            "organisation, who knows the local landlord and the contract.\n\n"
            "If you would rather not ask them, or the problem continues, ask your Prefectural "
            "Advisor or CLAIR's counsellors on this page."
        ),
        body_ja=(
            "住居に関する疑問の多くは、地域の事情や契約内容を把握している任用団体の担当者に"
            "相談すると、最も早く解決します。\n\n"
            "担当者に相談しにくい場合や、問題が解決しない場合は、このページからプリフェクチュラル・"
            "アドバイザー又はCLAIRの相談員に相談してください。"
        ),
    )
    SelfHelpPage.objects.create(
        topic="mental_health",
        title_en="Looking after yourself (demo)",
        title_ja="心の健康のために（デモ）",
        body_en=(
            "Feeling low, isolated or anxious is common in a new country, and asking for help "
            "early makes a difference.\n\n"
            "You can ask here without giving your name. If anyone's safety is at risk, choose "
            "urgent: the counsellor on duty is told at once. In an emergency call 110 (police) "
            "or 119 (fire and ambulance)."
        ),
        body_ja=(
            "慣れない国での生活で、気分の落ち込み、孤独感、不安を感じることは珍しくありません。"
            "早めに相談することが大切です。\n\n"
            "このページからは名前を伏せて相談することができます。身の安全に危険がある場合は"
            "「緊急」を選択してください。当番の相談員に直ちに通知されます。緊急の場合は、"
            "110番（警察）又は119番（消防・救急）に通報してください。"
        ),
    )
    user = participant.user
    closed = counselling.open_consultation(
        user,
        topic="money",
        urgency=Consultation.Urgency.NORMAL,
        contact=Consultation.Contact.PORTAL,
        body="How do I send money home cheaply? (demo)",
    )
    counselling.post_message(
        lead,
        closed.pk,
        "Several banks and transfer services offer this; compare their fees. Your supervisor "
        "can also tell you which services colleagues use. (demo)",
    )
    counselling.post_message(user, closed.pk, "Thank you, that helped. (demo)")
    counselling.close(lead, closed.pk, Consultation.Outcome.ADVICE)
    counselling.rate(user, closed.pk, 5)
    counselling.open_consultation(
        user,
        topic="work",
        urgency=Consultation.Urgency.NORMAL,
        contact=Consultation.Contact.PORTAL,
        route=Consultation.Route.PA,
        body="My timetable changes every week without notice. Is that normal? (demo)",
    )
    for seminar in Seminar.objects.filter(title_en="Nagasaki Prefecture mid-year seminar (demo)"):
        seminar.registration = True
        seminar.capacity = 40
        seminar.registration_deadline = seminar.starts_at - timedelta(days=7)
        seminar.save(update_fields=["registration", "capacity", "registration_deadline"])
    outcome.created += 1
