"""Invented office reports for the demo: about three years of them for every overseas office.

Only loaded with DEBUG on (``manage.py load_demo_data``). Every report is
flagged ``is_demo``, so the pages that show one carry the demo notice. The
shape is realistic: most reports accepted, some filed late, a few missing,
the latest ones still in draft, submitted or returned. Idempotent: an office
that already has demo reports is left alone.
"""

import random
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.demo import demo_account
from offices import demo_desk, demo_publications, periods
from offices.models import (
    Office,
    OfficeMembership,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportType,
)
from reference.loading import Outcome

YEARS = 3
HQ_DEMO = "hq@clair-demo.test"
STAFF = {"london": "london@clair-demo.test", "paris": "paris@clair-demo.test"}
STAFF_NAMES = {"london": "Oliver Smith (London)", "paris": "Camille Martin (Paris)"}
TOPICS = [
    ("Seminar on local government exchange", "地方自治体交流セミナーの開催"),
    ("Survey of regional tourism promotion", "地域の観光振興に関する調査"),
    ("Visit of a prefectural delegation", "県代表団の訪問対応"),
    ("Support for sister-city anniversary events", "姉妹都市提携記念行事への支援"),
    ("Research on local public finance reform", "地方財政改革に関する調査"),
    ("JET Programme promotion at universities", "大学でのJETプログラム広報"),
]
# The smallest valid PDF, so the demo's attachments open.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def accounts(outcome: Outcome) -> None:
    """The demo staff of the London and Paris offices, members of their office
    (called by ``clair_portal.demo.load`` with the other demo accounts)."""
    offices = Office.objects.in_bulk(list(STAFF), field_name="code")
    for code, email in STAFF.items():
        user, created = demo_account(
            email, STAFF_NAMES[code], "en", role=roles.OFFICE_STAFF, outcome=outcome
        )
        if created:
            OfficeMembership.objects.create(user=user, office=offices[code])


def load() -> list[Outcome]:
    outcome = Outcome("demo office reports")
    users = User.objects.in_bulk([HQ_DEMO, *STAFF.values()], field_name="email")
    hq = users.get(HQ_DEMO)
    types = list(ReportType.objects.active().exclude(schedule=periods.AD_HOC).with_rules())
    now = timezone.now()
    for n, office in enumerate(Office.objects.filter(kind=Office.Kind.OVERSEAS).order_by("code")):
        if Report.objects.filter(office=office, is_demo=True).exists():
            outcome.unchanged += 1
            continue
        with transaction.atomic():
            outcome.created += _office_reports(
                office, types, users.get(STAFF.get(office.code)), hq, now, random.Random(n)
            )
    with transaction.atomic():
        publications = demo_publications.load()
    return [outcome, publications, demo_desk.load()]


def _office_reports(office, types, staff, hq, now, rng) -> int:
    today = timezone.localdate(now, office.timezone)
    first = date(periods.fiscal_year(today) - YEARS + 1, 4, 1)
    made = 0
    for report_type in types:
        rule = report_type.rule_for(office)
        for start in periods.periods_between(report_type.schedule, first, today):
            due = periods.due_at(report_type.schedule, start, rule, office.timezone)
            recent = due > now - timedelta(days=20)
            if due > now + timedelta(days=40) or (not recent and rng.random() < 0.04):
                continue  # a few old periods were never filed
            made += _report(office, report_type, start, due, staff, hq, now, rng, recent)
    return made


def _report(office, report_type, start, due, staff, hq, now, rng, recent) -> int:
    en, ja = rng.choice(TOPICS)
    language = "ja" if rng.random() < 0.6 else "en"
    label = periods.period_label(report_type.schedule, start)
    created = min(due - timedelta(days=rng.randint(10, 25)), now - timedelta(hours=2))
    if recent:
        state = rng.choice([Report.State.DRAFT, Report.State.SUBMITTED, Report.State.RETURNED])
        if due > now and state != Report.State.DRAFT:
            state = Report.State.DRAFT
    else:
        state = Report.State.ACCEPTED
    first_submitted = None
    if state != Report.State.DRAFT:
        late = rng.random() < 0.15
        first_submitted = (
            due + timedelta(days=rng.randint(1, 12))
            if late
            else due - timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 20))
        )
        first_submitted = min(first_submitted, now - timedelta(hours=1))
    report = Report.objects.create(
        office=office,
        report_type=report_type,
        period_start=start,
        title=f"{ja}（{label}）" if language == "ja" else f"{en} ({label})",
        body=_body(office, en, ja, language),
        language=language,
        state=state,
        due_at=due,
        first_submitted_at=first_submitted,
        submitted_at=first_submitted,
        submission_count=1 if first_submitted else 0,
        accepted_at=first_submitted + timedelta(days=3) if state == Report.State.ACCEPTED else None,
        review_comment="数値の出典を追記してください。" if state == Report.State.RETURNED else "",
        created_by=staff,
        is_demo=True,
    )
    Report.objects.filter(pk=report.pk).update(
        created_at=created, updated_at=first_submitted or created
    )
    events = [ReportEvent(report=report, action="created", actor=staff, at=created)]
    if first_submitted:
        events.append(
            ReportEvent(report=report, action="submitted", actor=staff, at=first_submitted)
        )
    if state == Report.State.RETURNED:
        events.append(
            ReportEvent(
                report=report,
                action="returned",
                actor=hq,
                at=first_submitted + timedelta(days=1),
                comment=report.review_comment,
            )
        )
    if state == Report.State.ACCEPTED:
        events.append(
            ReportEvent(report=report, action="accepted", actor=hq, at=report.accepted_at)
        )
    ReportEvent.objects.bulk_create(events)
    if report_type.schedule != periods.MONTHLY:
        attachment = ReportAttachment(
            report=report,
            filename=f"annex-{start:%Y%m}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=staff,
        )
        attachment.file.save(attachment.filename, ContentFile(PDF), save=False)
        attachment.save()
    return 1


def _body(office, en, ja, language) -> str:
    if language == "ja":
        return (
            f"{office.name_ja or office.name}の活動報告です。\n\n"
            f"今期は「{ja}」を中心に、現地の自治体・関係機関との連絡調整を行いました。"
            "詳細は添付資料をご参照ください。\n\n（デモ用の架空の報告です。）"
        )
    return (
        f"Activity report of {office.name_en or office.name}.\n\n"
        f"This period the office focused on: {en.lower()}, in liaison with local authorities "
        "and partner bodies. Details are in the annex.\n\n(An invented report for the demo.)"
    )
