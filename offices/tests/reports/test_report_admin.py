"""HQ reads reports and edits report types in the admin; states change only through the services."""

import pytest
from django.urls import reverse

from offices.models import Report, ReportType
from offices.tests.reports.factories import filed_report

pytestmark = pytest.mark.django_db


def test_hq_filters_reports_in_the_admin_and_accepts_through_the_service(client, cast):
    submitted = filed_report(cast.office_a, "2026-01-01", submit=True, attachments=1)
    draft = filed_report(cast.office_b, "2026-01-01")
    client.force_login(cast.hq)
    changelist = reverse("admin:offices_report_changelist")
    page = client.get(changelist, {"office__id__exact": submitted.office_id, "state": "submitted"})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [submitted]
    change = client.get(
        reverse("admin:offices_report_change", args=[submitted.pk])
    ).content.decode()
    # The attachment links to the authorising view, never to a media URL.
    assert (
        reverse("offices:report-attachment", args=[submitted.pk, submitted.attachments.get().pk])
        in change
    )
    assert "/media/" not in change
    response = client.post(
        changelist,
        {"action": "accept_selected", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.state == Report.State.ACCEPTED
    assert submitted.events.filter(action="accepted", actor=cast.hq).exists()
    assert draft.state == Report.State.DRAFT  # refused, with the service's message
    assert "Only a submitted report can be accepted." in response.content.decode()
    assert client.get(reverse("admin:offices_report_add")).status_code == 403


def test_hq_edits_a_report_type_with_an_office_rule(client, cast):
    client.force_login(cast.hq)
    monthly = ReportType.objects.get(code="monthly-activity")
    url = reverse("admin:offices_reporttype_change", args=[monthly.pk])
    assert client.get(url).status_code == 200
    client.force_login(cast.office_a)
    assert client.get(url).status_code == 302  # to the admin's log-in
