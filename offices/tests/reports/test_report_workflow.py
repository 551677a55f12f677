"""An office files a report, HQ returns it, the office resubmits, HQ accepts; and what is refused."""

from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse

from clair_portal.notifications.models import Notification
from offices import services
from offices.models import Report, ReportEvent, ReportType
from offices.tests.reports.factories import PDF, PNG, filed_report, pdf_upload

pytestmark = pytest.mark.django_db


def monthly():
    return ReportType.objects.get(code="monthly-activity")


def test_office_files_hq_returns_office_resubmits_hq_accepts_and_the_period_locks(
    client, cast, django_capture_on_commit_callbacks
):
    cast.hq.language = "ja"
    cast.hq.save()
    client.force_login(cast.office_a)
    response = client.post(
        reverse("offices:report-new"),
        {"report_type": monthly().pk, "period_start": "2026-01-01"},
    )
    report = Report.objects.get(office__code="london")
    assert response.status_code == 302 and response["Location"].endswith(f"/{report.pk}/edit/")
    edit = reverse("offices:report-edit", args=[report.pk])
    response = client.post(
        edit,
        {
            "title": "January activities",
            "body": "Seminar in Leeds.",
            "language": "en",
            "attachment": pdf_upload(),
            "action": "check",
        },
    )
    assert response["Location"] == reverse("offices:report-check", args=[report.pk])
    response = client.post(reverse("offices:report-submit", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED
    assert report.attachments.get().filename == "activities.pdf"
    note = Notification.objects.get(user=cast.hq)
    # HQ reads it in Japanese: the office and the type in their Japanese names.
    assert note.language == "ja" and "月次活動報告" in note.subject and "2026年1月" in note.subject

    client.force_login(cast.hq)
    detail = client.get(reverse("offices:report-detail", args=[report.pk])).content.decode()
    assert "January activities" in detail and "activities.pdf" in detail
    response = client.post(reverse("offices:report-return", args=[report.pk]), {"comment": ""})
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED  # a return needs HQ's comment
    client.post(reverse("offices:report-return", args=[report.pk]), {"comment": "Add the figures."})
    report.refresh_from_db()
    assert report.state == Report.State.RETURNED and report.review_comment == "Add the figures."
    returned = Notification.objects.get(user=cast.office_a, event_key__endswith="returned-1")
    assert "Add the figures." in returned.body
    assert not Notification.objects.filter(user=cast.office_b).exists()

    client.force_login(cast.office_a)
    page = client.get(edit).content.decode()
    assert "Add the figures." in page
    client.post(
        edit,
        {
            "title": "January activities",
            "body": "Seminar in Leeds: 40 people.",
            "language": "en",
            "action": "check",
        },
    )
    client.post(reverse("offices:report-submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED and report.submission_count == 2
    assert Notification.objects.filter(user=cast.hq).count() == 2

    client.force_login(cast.hq)
    client.post(reverse("offices:report-accept", args=[report.pk]), {"comment": "Thank you."})
    report.refresh_from_db()
    assert report.state == Report.State.ACCEPTED and report.accepted_at
    assert Notification.objects.filter(user=cast.office_a, event_key__endswith="accepted").exists()

    actions = list(report.events.values_list("action", "actor__email"))
    assert actions == [
        ("created", cast.office_a.email),
        ("submitted", cast.office_a.email),
        ("returned", cast.hq.email),
        ("resubmitted", cast.office_a.email),
        ("accepted", cast.hq.email),
    ]
    # Both sides see the history.
    client.force_login(cast.office_a)
    history = client.get(reverse("offices:report-history", args=[report.pk])).content.decode()
    assert "Add the figures." in history and "resubmitted" in history

    # Accepted: locked against editing, attaching, resubmitting.
    response = client.post(
        edit, {"title": "Changed", "body": "x", "language": "en", "action": "save"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "January activities"
    with pytest.raises(services.ReportError):
        services.add_attachment(cast.office_a, report.pk, pdf_upload())
    with pytest.raises(services.ReportError):
        services.submit_report(cast.office_a, report.pk)
    assert report.attachments.count() == 1


def test_a_second_submit_changes_nothing(client, cast):
    report = filed_report(cast.office_a, "2026-01-01", submit=True)
    client.force_login(cast.office_a)
    response = client.post(reverse("offices:report-submit", args=[report.pk]), follow=True)
    assert "already been submitted" in response.content.decode()
    report.refresh_from_db()
    assert report.submission_count == 1
    assert report.events.filter(action=ReportEvent.Action.SUBMITTED).count() == 1
    assert Notification.objects.filter(user=cast.hq).count() == 1


def test_editing_a_submitted_report_is_refused(client, cast):
    report = filed_report(cast.office_a, "2026-01-01", submit=True, title="As sent")
    client.force_login(cast.office_a)
    edit = reverse("offices:report-edit", args=[report.pk])
    response = client.post(
        edit, {"title": "Sneaky", "body": "x", "language": "en", "action": "save"}, follow=True
    )
    assert "can be changed only if HQ returns it" in response.content.decode()
    report.refresh_from_db()
    assert report.title == "As sent"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not a file type the portal accepts"),
        ("photo.pdf", PNG, "does not match its content"),
        ("big.pdf", PDF + b"0" * 2048, "files may be at most"),
    ],
)
def test_a_refused_upload_keeps_the_draft_and_its_other_attachments(
    client, cast, settings, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 1024
    report = filed_report(cast.office_a, "2026-01-01", attachments=1)
    client.force_login(cast.office_a)
    response = client.post(
        reverse("offices:report-edit", args=[report.pk]),
        {
            "title": "Kept title",
            "body": "Kept text",
            "language": "ja",
            "attachment": pdf_upload(name, content),
            "action": "check",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Kept text" in page
    report.refresh_from_db()
    assert report.state == Report.State.DRAFT  # not submitted with a refused file
    assert (report.title, report.body, report.language) == ("Kept title", "Kept text", "ja")
    assert list(report.attachments.values_list("filename", flat=True)) == ["annex-1.pdf"]


def test_a_period_off_the_schedule_is_refused_with_the_rule(client, cast):
    client.force_login(cast.office_a)
    quarterly = ReportType.objects.get(code="quarterly-research")
    response = client.post(
        reverse("offices:report-new"), {"report_type": quarterly.pk, "period_start": "2026-02-01"}
    )
    assert response.status_code == 400
    assert "1 April, 1 July, 1 October or 1 January" in response.content.decode()
    with pytest.raises(services.ReportError):
        services.create_report(cast.office_a, monthly(), date(2026, 1, 15))
    assert not Report.objects.exists()


def test_a_second_report_for_the_same_period_is_refused(cast):
    filed_report(cast.office_a, "2026-01-01")
    with pytest.raises(services.ReportError, match="already has"):
        services.create_report(cast.office_a, monthly(), date(2026, 1, 1))
    # Paris files its own January report.
    services.create_report(cast.office_b, monthly(), date(2026, 1, 1))


def test_due_time_is_fixed_from_the_offices_own_rule(cast):
    from datetime import UTC, datetime, time

    from offices.models import Office, ReportTypeOfficeRule

    ReportTypeOfficeRule.objects.create(
        report_type=monthly(),
        office=Office.objects.get(code="paris"),
        due_day=5,
        due_time=time(18, 0),
    )
    london = filed_report(cast.office_a, "2026-06-01")
    paris = filed_report(cast.office_b, "2026-06-01")
    assert london.due_at == datetime(2026, 7, 10, 22, 59, tzinfo=UTC)  # 23:59 BST
    assert paris.due_at == datetime(2026, 7, 5, 16, 0, tzinfo=UTC)  # 18:00 CEST


def test_hq_cannot_submit_and_office_cannot_review(client, cast):
    report = filed_report(cast.office_a, "2026-01-01", submit=True)
    with pytest.raises(Http404):
        services.accept_report(cast.office_a, report.pk)
    client.force_login(cast.office_a)
    assert client.post(reverse("offices:report-accept", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED


def test_attachment_is_served_as_a_download_only_through_the_view(client, cast):
    report = filed_report(cast.office_a, "2026-01-01", attachments=1)
    attachment = report.attachments.get()
    client.force_login(cast.hq)
    response = client.get(reverse("offices:report-attachment", args=[report.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert (
        attachment.file.name.startswith("office-reports/") and "annex" not in attachment.file.name
    )
