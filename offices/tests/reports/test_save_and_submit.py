"""An office report is checked before it is submitted (issue 18): the edit page saves the
draft and shows what HQ will receive; only the check page's button submits it.

Submitting is one service call on a saved draft, so a failure leaves the draft
as it was saved, never half-submitted.
"""

import pytest
from django.urls import reverse

from clair_portal.notifications.models import Notification
from offices.models import Report
from offices.tests.reports.factories import filed_report, pdf_upload

pytestmark = pytest.mark.django_db


def save_and_check(client, report, **data):
    return client.post(
        reverse("offices:report-edit", args=[report.pk]),
        {"language": "en", "action": "check", **data},
    )


def test_save_and_check_saves_the_draft_and_submits_nothing(client, cast):
    report = filed_report(cast.office_a, "2026-01-01", title="", body="")
    client.force_login(cast.office_a)
    response = save_and_check(
        client, report, title="January", body="Seminar in Leeds.", attachment=pdf_upload()
    )
    assert response["Location"] == reverse("offices:report-check", args=[report.pk])
    report.refresh_from_db()
    assert (report.title, report.state, report.submission_count) == ("January", "draft", 0)
    assert report.attachments.get().filename == "activities.pdf"
    assert not Notification.objects.exists()

    page = client.get(response["Location"]).content.decode()
    assert "Check the report before you submit it" in page
    assert "Seminar in Leeds." in page and "activities.pdf" in page
    assert f'href="/en/offices/reports/{report.pk}/edit/#id_body"' in page

    submitted = client.post(reverse("offices:report-submit", args=[report.pk]))
    assert submitted["Location"] == reverse("offices:report-detail", args=[report.pk])
    report.refresh_from_db()
    assert (report.state, report.submission_count) == ("submitted", 1)
    assert Notification.objects.filter(user=cast.hq).count() == 1
    # Submitted: the check page leads to the report, which can no longer change.
    assert client.get(reverse("offices:report-check", args=[report.pk]))["Location"] == (
        reverse("offices:report-detail", args=[report.pk])
    )


@pytest.mark.parametrize("language", ["en", "ja"])
def test_an_incomplete_report_is_not_offered_for_submission(client, cast, language):
    report = filed_report(cast.office_a, "2026-01-01", title="Only a title", body="")
    client.force_login(cast.office_a)
    page = client.get(f"/{language}/offices/reports/{report.pk}/check/").content.decode()
    expected = {
        "en": "Write a title and the report before submitting it.",
        "ja": "提出する前に、件名と報告本文を入力してください。",
    }[language]
    assert expected in page and f"/reports/{report.pk}/submit/" not in page
    # Posted anyway: refused with the same message, shown on the check page again.
    response = client.post(f"/{language}/offices/reports/{report.pk}/submit/", follow=True)
    assert response.redirect_chain[-1][0] == f"/{language}/offices/reports/{report.pk}/check/"
    assert expected in response.content.decode()
    report.refresh_from_db()
    assert report.state == Report.State.DRAFT


def test_a_file_the_portal_refuses_keeps_the_text_and_stays_on_the_form(client, cast):
    report = filed_report(cast.office_a, "2026-01-01")
    client.force_login(cast.office_a)
    fake = pdf_upload(content=b"MZ not a pdf")
    response = save_and_check(client, report, title="January", body="Seminar.", attachment=fake)
    assert response.status_code == 400
    report.refresh_from_db()
    assert (report.title, report.body, report.state) == ("January", "Seminar.", "draft")
    assert not report.attachments.exists()


def test_someone_elses_report_has_no_check_page(client, cast):
    report = filed_report(cast.office_a, "2026-01-01")
    client.force_login(cast.office_b)
    assert client.get(reverse("offices:report-check", args=[report.pk])).status_code == 404
