"""An office report's "save and submit" is one transaction: all of it happens, or none.

Before, the view saved the text, attached the file and submitted in three
transactions: a failure in the last left a draft with new text and a new file
that HQ had never been sent.
"""

import pytest
from django.http import Http404
from django.urls import reverse

from clair_portal.notifications.models import Notification
from offices import services
from offices.models import Report
from offices.tests.reports.factories import filed_report, pdf_upload

pytestmark = pytest.mark.django_db


def submit(client, report, **data):
    return client.post(
        reverse("offices:report-edit", args=[report.pk]),
        {"language": "en", "action": "submit", **data},
    )


def test_a_failure_while_submitting_undoes_the_text_and_the_file(client, cast, monkeypatch):
    report = filed_report(cast.office_a, "2026-01-01", title="Before", body="Old text")
    client.force_login(cast.office_a)

    def broken(report):
        raise RuntimeError("the notification store is down")

    monkeypatch.setattr("offices.services.reports._notify_hq_of_submission", broken)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        submit(client, report, title="After", body="New text", attachment=pdf_upload())
    report.refresh_from_db()
    assert (report.title, report.body, report.state) == ("Before", "Old text", "draft")
    assert not report.attachments.exists()
    assert not report.events.filter(action="submitted").exists()


def test_save_and_submit_does_all_three_at_once(client, cast):
    report = filed_report(cast.office_a, "2026-01-01", title="", body="")
    client.force_login(cast.office_a)
    response = submit(client, report, title="January", body="Seminar.", attachment=pdf_upload())
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.title, report.state, report.submission_count) == ("January", "submitted", 1)
    assert report.attachments.get().filename == "activities.pdf"
    assert Notification.objects.filter(user=cast.hq).count() == 1


def test_a_refused_submission_keeps_the_text_as_a_draft_and_stores_no_file(client, cast):
    report = filed_report(cast.office_a, "2026-01-01")
    client.force_login(cast.office_a)
    # No text: the submission is refused after the file was checked; the typed
    # title is saved as a draft, as "Save" would, and the file is not kept.
    response = submit(client, report, title="Only a title", body="", attachment=pdf_upload())
    assert response.status_code == 400
    assert "Write a title and the report before submitting it." in response.content.decode()
    report.refresh_from_db()
    assert (report.title, report.body, report.state) == ("Only a title", "", "draft")
    assert not report.attachments.exists()


def test_the_service_refuses_someone_elses_report(cast):
    report = filed_report(cast.office_a, "2026-01-01")
    with pytest.raises(Http404):
        services.save_and_submit(cast.office_b, report.pk, title="x", body="y", language="en")
    report.refresh_from_db()
    assert report.state == Report.State.DRAFT
