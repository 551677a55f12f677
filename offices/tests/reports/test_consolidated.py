"""The consolidated report: every accepted report of a period, an XLSX index and the files, zipped."""

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clair_portal.jobs.models import Job
from clair_portal.jobs.services import open_result
from offices import services
from offices.models import ReportType
from offices.tests.reports.factories import PDF, filed_report

pytestmark = pytest.mark.django_db


def test_hq_gets_accepted_reports_of_the_period_with_their_attachments(
    client, cast, django_capture_on_commit_callbacks
):
    london = filed_report(
        cast.office_a, "2026-01-01", submit=True, attachments=2, title="London January"
    )
    paris = filed_report(
        cast.office_b, "2026-01-01", submit=True, attachments=1, title="=Paris January"
    )
    filed_report(cast.office_a, "2026-02-01", submit=True, attachments=1)  # another period
    services.accept_report(cast.hq, london.pk)
    services.accept_report(cast.hq, paris.pk)
    # Paris's February is only submitted: not in the consolidated report of any period.
    filed_report(cast.office_b, "2025-12-01", submit=True)
    client.force_login(cast.hq)
    monthly = ReportType.objects.get(code="monthly-activity")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("offices:report-consolidated"),
            {"report_type": monthly.pk, "period_start": "2026-01-01", "language": "ja"},
        )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/jobs/{job.pk}/")
    assert job.state == Job.State.SUCCEEDED, job.error_message
    assert job.result_filename.endswith(".zip") and job.rows_done == 2
    archive = zipfile.ZipFile(open_result(job))
    names = sorted(archive.namelist())
    assert names == [
        "index.xlsx",
        "london/monthly-activity/annex-1.pdf",
        "london/monthly-activity/annex-2.pdf",
        "paris/monthly-activity/annex-1.pdf",
    ]
    assert archive.read("paris/monthly-activity/annex-1.pdf") == PDF
    sheet = load_workbook(BytesIO(archive.read("index.xlsx"))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["事務所", "報告の種類", "対象期間"]
    assert [r[0] for r in rows[1:]] == ["ロンドン事務所", "パリ事務所"]
    assert rows[1][2] == "2026年1月" and rows[1][3] == "London January"
    assert rows[2][3] == "'=Paris January"  # no formula from an office's title
    assert rows[1][-1] == "london/monthly-activity/annex-1.pdf\nlondon/monthly-activity/annex-2.pdf"
    # The requester downloads it from the jobs page like any report.
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200


def test_consolidated_report_refuses_a_period_off_the_schedule_and_offices(client, cast):
    quarterly = ReportType.objects.get(code="quarterly-research")
    client.force_login(cast.hq)
    response = client.post(
        reverse("offices:report-consolidated"),
        {"report_type": quarterly.pk, "period_start": "2026-02-01", "language": "en"},
    )
    assert response.status_code == 400 and not Job.objects.exists()
    client.force_login(cast.office_a)
    assert client.get(reverse("offices:report-consolidated")).status_code == 404
    assert (
        client.get(reverse("jobs:request", args=["office-reports-consolidated-zip"])).status_code
        == 404
    )
