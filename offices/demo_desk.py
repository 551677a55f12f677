"""Invented requests for help for the demo: Nagasaki City asks London and Paris.

Only loaded with DEBUG on, through ``offices.demo_data.load``. Every request is made
through the desk's services (so its deadline, events and notifications are what the
portal itself would have written), dated in the past where its story needs it, then
flagged ``is_demo`` so its pages carry the demo notice. Idempotent: nothing is added
once demo requests exist.
"""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from clair_portal.accounts.models import User
from offices.models import AssistanceRequest
from offices.services import desk
from reference.loading import Outcome

OFFICER = "nagasaki@clair-demo.test"
LONDON = "london@clair-demo.test"
PARIS = "paris@clair-demo.test"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _ask(officer, now, days_ahead, length, **data) -> AssistanceRequest:
    start = (now + timedelta(days=days_ahead)).date()
    fields = {
        "start_date": start,
        "end_date": start + timedelta(days=length),
        **data,
    }
    request = desk.create_request(officer, fields, [_pdf("programme.pdf")])
    return request


def _at(office_zone, day, hour, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=office_zone)


def load() -> Outcome:
    outcome = Outcome("demo requests for help")
    users = User.objects.in_bulk([OFFICER, LONDON, PARIS], field_name="email")
    officer, london, paris = (users.get(e) for e in (OFFICER, LONDON, PARIS))
    if None in (officer, london, paris) or AssistanceRequest.objects.filter(is_demo=True).exists():
        outcome.unchanged += 1
        return outcome
    now = timezone.now()
    made = []
    with transaction.atomic():
        # London: meetings arranged last winter, done and rated.
        done = _ask(
            officer, now, -70, 4, kind="meetings", country="GB", city="London", delegation_size=6,
            purpose="長崎市とロンドン各区との観光・文化交流について、区役所の観光担当部署との"
            "面会を調整していただきたい。市長を含む6名で訪問予定です。",
        )  # fmt: skip
        desk.submit_request(officer, done.pk, now=now - timedelta(days=100))
        desk.accept_request(london, done.pk, "We will contact Westminster and Greenwich.",
                            now=now - timedelta(days=99))  # fmt: skip
        zone = done.office.timezone
        for n, (who, where) in enumerate(
            [("Westminster City Council, tourism team", "Westminster City Hall"),
             ("Royal Borough of Greenwich, culture department", "Woolwich Centre")]
        ):  # fmt: skip
            starts = _at(zone, done.start_date + timedelta(days=n + 1), 10 + n * 4)
            desk.record_meeting(
                london, done.pk, counterpart=who, place=where,
                starts_at=starts, ends_at=starts + timedelta(hours=1, minutes=30),
            )  # fmt: skip
        desk.complete_request(
            london, done.pk,
            "Two meetings held with the tourism and culture teams; both boroughs will share "
            "their visitor campaigns with Nagasaki City. Minutes attached.",
            [_pdf("minutes.pdf")], now=now - timedelta(days=60),
        )  # fmt: skip
        desk.rate_request(officer, done.pk, 5, "面会先の選定から当日の通訳まで大変助かりました。")
        made.append(done)

        # London: accepted, a meeting arranged for next month.
        hand = _ask(
            officer, now, 35, 3, kind="meetings", country="GB", city="Edinburgh",
            delegation_size=4,
            purpose="エディンバラ市との平和教育に関する意見交換のため、市議会関係者との面会を"
            "お願いします。",
        )  # fmt: skip
        desk.submit_request(officer, hand.pk, now=now - timedelta(days=6))
        desk.accept_request(london, hand.pk, now=now - timedelta(days=5))
        starts = _at(hand.office.timezone, hand.start_date + timedelta(days=1), 14)
        desk.record_meeting(
            london, hand.pk, counterpart="City of Edinburgh Council, international team",
            place="City Chambers, High Street", starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        )  # fmt: skip
        made.append(hand)

        # London: waiting for a first answer (the clock runs), and one past its deadline.
        waiting = _ask(
            officer, now, 50, 2, kind="advice", country="GB", city="Manchester",
            delegation_size=3,
            purpose="英国での観光プロモーション実施前に、現地の規制や留意点について助言を"
            "いただきたい。",
        )  # fmt: skip
        desk.submit_request(officer, waiting.pk, now=now - timedelta(hours=3))
        made.append(waiting)
        late = _ask(
            officer, now, 40, 1, kind="information", country="GB", city="Birmingham",
            delegation_size=2,
            purpose="英国の自治体における多文化共生施策の事例について情報提供をお願いします。",
        )  # fmt: skip
        desk.submit_request(officer, late.pk, now=now - timedelta(days=12))
        made.append(late)

        # London: more information asked; the clock stands.
        asked = _ask(
            officer, now, 60, 5, kind="promotion", country="GB", city="London",
            delegation_size=8,
            purpose="ロンドンで開催する長崎の物産展について、会場探しの支援をお願いします。",
        )  # fmt: skip
        desk.submit_request(officer, asked.pk, now=now - timedelta(days=2))
        desk.ask_for_information(
            london, asked.pk,
            "How large a venue do you need, and is food to be served or sold?",
            now=now - timedelta(days=1),
        )  # fmt: skip
        made.append(asked)

        # Paris: declined with a reason, and one completed awaiting its rating.
        declined = _ask(
            officer, now, 10, 2, kind="meetings", country="FR", city="Nice",
            delegation_size=12,
            purpose="ニース市の観光局との面会調整をお願いします。",
        )  # fmt: skip
        desk.submit_request(officer, declined.pk, now=now - timedelta(days=20))
        desk.decline_request(
            paris, declined.pk,
            "The dates fall in the week of the Carnival, when the city's services receive no "
            "delegations. We would gladly help with other dates.",
            now=now - timedelta(days=19),
        )  # fmt: skip
        made.append(declined)
        research = _ask(
            officer, now, -30, 0, kind="information", country="FR", city="Lyon",
            delegation_size=1,
            purpose="フランスの自治体における公共交通の運営方式について調査をお願いします。",
        )  # fmt: skip
        desk.submit_request(officer, research.pk, now=now - timedelta(days=45))
        desk.accept_request(paris, research.pk, now=now - timedelta(days=44))
        desk.complete_request(
            paris, research.pk,
            "A note on how Lyon's metropolitan authority runs its public transport, with the "
            "figures of its last annual report.",
            [_pdf("lyon-transport.pdf")], now=now - timedelta(days=20),
        )  # fmt: skip
        made.append(research)

        # A draft still with Nagasaki City.
        _ask(
            officer, now, 90, 3, kind="meetings", country="FR", city="Paris", delegation_size=5,
            purpose="パリ市との交流について（作成中）",
        )  # fmt: skip
        AssistanceRequest.objects.filter(organisation__memberships__user=officer).update(
            is_demo=True
        )
    outcome.created += AssistanceRequest.objects.filter(is_demo=True).count()
    return outcome
