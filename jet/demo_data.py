"""Invented JET records for the demo: jet@clair-demo.test gets a published placement.

Loaded by ``manage.py load_demo_data`` with DEBUG on, after the demo accounts.
JET numbers start with ``DEMO-`` so the portal pages show the demo notice.
"""

from datetime import date, timedelta

from django.utils import timezone

from clair_portal.accounts.models import User
from jet.counselling import demo as counselling
from jet.models import ContractingOrganisation, Participant, Placement, Reappointment, Seminar
from reference.loading import Outcome
from reference.models import LocalGovernment


def accounts(outcome: Outcome) -> None:
    """The counselling lead and Nagasaki's Prefectural Advisor (jet.counselling.demo)."""
    counselling.accounts(outcome)


def load() -> list[Outcome]:
    outcome = Outcome("JET demo records")
    counselling_outcome = Outcome("JET counselling demo records")
    _load(outcome)
    counselling.load(counselling_outcome)
    return [outcome, counselling_outcome]


def _load(outcome: Outcome) -> None:
    user = User.objects.filter(email="jet@clair-demo.test").first()
    if user is None or Participant.objects.filter(jet_number="DEMO-0001").exists():
        outcome.unchanged += 1
        return
    nagasaki = LocalGovernment.objects.get(code="422011")
    board = ContractingOrganisation.objects.create(
        code="422011-BOE",
        kind=ContractingOrganisation.Kind.BOARD_OF_EDUCATION,
        name_en="Nagasaki City Board of Education",
        name_ja="長崎市教育委員会",
        local_government=nagasaki,
        address="2-1 Sakura-machi, Nagasaki 850-8685 (demo)",
        phone="095-000-0000",
        email="jet-demo@example.jp",
    )
    participant = Participant.objects.create(
        jet_number="DEMO-0001",
        family_name="Taylor",
        given_name="Alex",
        nationality="NZ",
        role="ALT",
        email=user.email,
        languages="English, Māori, some Japanese",
        first_arrival_year=2025,
        status=Participant.Status.ACTIVE,
        user=user,
    )
    year = (
        timezone.localdate().year
        if timezone.localdate().month >= 8
        else timezone.localdate().year - 1
    )
    placement = Placement.objects.create(
        participant=participant,
        organisation=board,
        role="ALT",
        jet_year=year,
        contract_start=date(year, 8, 1),
        contract_end=date(year + 1, 7, 31),
        workplaces=[
            {"name": "Demo Minami Junior High School", "address": "1-1 Minami-machi, Nagasaki"},
            {"name": "Demo Kita Elementary School", "address": "3-2 Kita-machi, Nagasaki"},
        ],
        supervisor_name="Yamada Keiko (demo)",
        supervisor_email="yamada-demo@example.jp",
        supervisor_phone="095-000-0001",
        notes="Welcome to Nagasaki! Your predecessor left a bicycle for you at the board office.",
        state=Placement.State.PUBLISHED,
        version=1,
        published_at=timezone.now(),
    )
    Reappointment.objects.create(
        placement=placement, deadline=timezone.localdate() + timedelta(days=45)
    )
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
        days=20, hours=1
    )
    Seminar.objects.create(
        title_en="Nagasaki Prefecture mid-year seminar (demo)",
        title_ja="長崎県JET中間研修（デモ）",
        kind=Seminar.Kind.MID_YEAR,
        venue_en="Dejima Messe Nagasaki",
        venue_ja="出島メッセ長崎",
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        jet_year=year,
        prefecture=nagasaki.prefecture,
    )
    Seminar.objects.create(
        title_en="Skill development conference for ALTs (demo)",
        title_ja="ALTスキルアップ研修（デモ）",
        kind=Seminar.Kind.SKILL_DEVELOPMENT,
        venue_en="Online",
        venue_ja="オンライン",
        starts_at=start + timedelta(days=40),
        ends_at=start + timedelta(days=40, hours=3),
        jet_year=year,
        roles=["ALT"],
    )
    outcome.created += 1
