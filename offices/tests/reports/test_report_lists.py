"""List pages read a constant number of queries however many reports they show."""

import pytest
from django.urls import reverse

from offices.tests.reports.factories import filed_report

pytestmark = pytest.mark.django_db

MONTHS = [f"2025-{m:02d}-01" for m in range(1, 13)]


def file_months(user, months, attachments=0):
    for n, month in enumerate(months):
        filed_report(user, month, submit=n % 2 == 0, attachments=attachments)


def test_office_dashboard_query_count_does_not_grow(client, cast, django_assert_max_num_queries):
    file_months(cast.office_a, MONTHS[:2], attachments=1)
    client.force_login(cast.office_a)
    url = reverse("offices:report-dashboard")
    # session, user, groups (is_hq), membership+office, unread inbox count, report types,
    # their office rules, the office's reports in the last two years, counts per state,
    # the page's count and the page itself (with office, type and attachments counted).
    with django_assert_max_num_queries(11):
        small = client.get(url)
    file_months(cast.office_a, MONTHS[2:], attachments=2)
    with django_assert_max_num_queries(11):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert large.content.decode().count('href="/en/offices/reports/') >= 12


def test_hq_review_list_query_count_does_not_grow(client, cast, django_assert_max_num_queries):
    file_months(cast.office_a, MONTHS[:2], attachments=1)
    client.force_login(cast.hq)
    url = reverse("offices:report-review") + "?state=&office="
    # session, user, groups, the page's count, the page with office, type and attachments
    # counted, unread inbox count, offices and types for the filter's choices, the
    # viewer's zone (an office membership, or none: Japan time).
    with django_assert_max_num_queries(9):
        client.get(url)
    file_months(cast.office_a, MONTHS[2:], attachments=1)
    file_months(cast.office_b, MONTHS)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert "24 reports" in response.content.decode()


def test_review_list_filters_by_office_type_period_and_state(client, cast):
    file_months(cast.office_a, MONTHS[:4])
    file_months(cast.office_b, MONTHS[:4])
    filed_report(cast.office_a, "2025-04-01", type_code="quarterly-research", submit=True)
    client.force_login(cast.hq)
    from offices.models import Office, ReportType

    london = Office.objects.get(code="london")
    monthly = ReportType.objects.get(code="monthly-activity")
    query = f"?office={london.pk}&report_type={monthly.pk}&state=submitted&period_from=2025-02-01&period_to=2025-12-01"
    page = client.get(reverse("offices:report-review") + query)
    assert page.context["page"].paginator.count == 1  # March 2025 only (Jan excluded by period)
    report = page.context["page"].object_list[0]
    assert (report.office.code, report.period_start.isoformat()) == ("london", "2025-03-01")


def test_detail_and_history_query_counts_do_not_grow_with_attachments(
    client, cast, django_assert_max_num_queries
):
    report = filed_report(cast.office_a, "2025-01-01", attachments=5, submit=True)
    client.force_login(cast.hq)
    # session, user, groups, the report with office and type, membership (own office?),
    # attachments, events with actors, unread inbox count, the viewer's zone.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("offices:report-detail", args=[report.pk])).status_code == 200
    # session, user, groups, the report, events, versions' count, versions page, inbox
    # count, the viewer's zone.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("offices:report-history", args=[report.pk])).status_code == 200


def test_reporting_rate_counts_on_time_late_and_missing(
    client, cast, django_assert_max_num_queries
):
    from datetime import UTC, datetime

    from django.utils import timezone

    from offices.models import Report

    # FY2024 (April 2024 - March 2025): London files April on time, May late, nothing else.
    april = filed_report(cast.office_a, "2024-04-01", submit=True)
    may = filed_report(cast.office_a, "2024-05-01", submit=True)
    Report.objects.filter(pk=april.pk).update(
        first_submitted_at=datetime(2024, 5, 10, 12, tzinfo=UTC)
    )
    Report.objects.filter(pk=may.pk).update(
        first_submitted_at=datetime(2024, 6, 11, 12, tzinfo=UTC)
    )
    client.force_login(cast.hq)
    from offices.models import ReportType

    monthly = ReportType.objects.get(code="monthly-activity")
    # session, user, groups, the chosen type (form), offices, the type with its office
    # rules (2), the reports' submission times, unread inbox count, the type choices
    # rendered (2: the select iterates its queryset when drawn).
    with django_assert_max_num_queries(11):
        response = client.get(
            reverse("offices:report-rate") + f"?report_type={monthly.pk}&fiscal_year=2024"
        )
    assert response.status_code == 200
    rows = {row.office.code: row for row in response.context["rows"]}
    assert len(rows) == 7
    london, paris = rows["london"], rows["paris"]
    assert (london.expected, london.on_time, london.late, london.missing) == (12, 1, 1, 10)
    assert (paris.expected, paris.on_time, paris.late, paris.missing) == (0 + 12, 0, 0, 12)
    assert london.rate == 8
    body = response.content.decode()
    assert "<svg" in body and 'role="img"' in body and "chart__seg--late" in body
    assert timezone.now().year >= 2026
