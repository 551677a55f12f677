"""HQ's grants dashboard and the grants report."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from clair_portal.jobs.kinds import registry
from multicultural import services
from multicultural.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_grants(grants):
    a = factories.submitted(grants.applicant_a, grants.programme, amount=2_000_000)
    b = factories.submitted(grants.applicant_b, grants.programme, amount=1_000_000)
    factories.submitted(grants.applicant_b, grants.programme, amount=700_000, title="Pending")
    services.decide(grants.hq, a.pk, award=True, amount=1_500_000)
    services.decide(grants.hq, b.pk, award=True, amount=1_000_000)
    services.record_disbursement(grants.hq, a.pk, amount=500_000, paid_on=date.today())
    return grants


def test_dashboard_shows_committed_disbursed_and_remaining(client, year_of_grants):
    grants = year_of_grants
    client.force_login(grants.hq)
    response = client.get(
        reverse("multicultural:dashboard"), {"year": grants.programme.fiscal_year}
    )
    total = response.context["total"]
    assert (total.budget, total.committed, total.disbursed, total.remaining) == (
        10_000_000,
        2_500_000,
        500_000,
        7_500_000,
    )
    # Both bodies are in Niigata prefecture (the association serves it, Nagaoka lies in it).
    [niigata] = response.context["prefectures"]
    assert niigata["prefecture"].code == factories.NIIGATA_PREFECTURE
    assert (niigata["count"], niigata["committed"], niigata["disbursed"]) == (2, 2_500_000, 500_000)
    assert "¥7,500,000" in response.content.decode()
    # ...and on the map of Japan, in either language
    assert response.context["prefecture_map"] == {factories.NIIGATA_PREFECTURE: 2_500_000}
    for language, title in [
        ("en", "Grants committed per prefecture"),
        ("ja", "都道府県別の交付決定額"),
    ]:
        page = client.get(
            f"/{language}/multicultural/grants/dashboard/", {"year": grants.programme.fiscal_year}
        ).content.decode()
        assert "grants-by-prefecture-title" in page and title in page


def test_another_fiscal_year_is_empty(client, year_of_grants):
    client.force_login(year_of_grants.hq)
    response = client.get(
        reverse("multicultural:dashboard"), {"year": year_of_grants.programme.fiscal_year - 5}
    )
    assert response.context["total"].committed == 0
    assert response.context["prefectures"] == []


def test_dashboard_queries_do_not_grow_with_applications(
    client, year_of_grants, django_assert_max_num_queries
):
    grants = year_of_grants
    for i in range(10):
        application = factories.submitted(grants.applicant_b, grants.programme, title=f"P{i}")
        services.decide(grants.hq, application.pk, award=True, amount=500_000)
    client.force_login(grants.hq)
    # session, user, groups, fiscal years, programmes with sums, awards per prefecture,
    # payments per prefecture, prefectures, the inbox's unread count.
    with django_assert_max_num_queries(9):
        client.get(reverse("multicultural:dashboard"), {"year": grants.programme.fiscal_year})


def test_the_grants_report_is_for_hq_and_lists_amounts(year_of_grants):
    kind = registry.get("grant-applications-xlsx")
    assert kind.may_request(year_of_grants.hq)
    assert not kind.may_request(year_of_grants.applicant_a)
    rows = list(kind.rows({}))
    assert len(rows) == 1 + 3 == 1 + kind.count({})
    by_request = {row[8]: row for row in rows[1:]}
    assert by_request[2_000_000][9:11] == [1_500_000, 500_000]
    assert by_request[1_000_000][9:11] == [1_000_000, 0]
    assert by_request[700_000][7] == "submitted" and by_request[700_000][9] == 0


def test_hq_gets_the_grants_workbook_in_japanese(year_of_grants):
    from openpyxl import load_workbook

    from clair_portal.jobs import services as jobs
    from clair_portal.jobs.models import Job
    from clair_portal.jobs.tasks import run_job

    job = jobs.request_job(year_of_grants.hq, "grant-applications-xlsx", language="ja")
    run_job(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error_message
    workbook = load_workbook(jobs.open_result(job), read_only=True)
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    assert rows[0][:2] == ["年度", "助成事業"] and rows[0][8] == "申請額（円）"
    assert len(rows) == 4
    assert {row[4] for row in rows[1:]} == {"新潟県"}
    assert sorted(row[9] for row in rows[1:]) == [0, 1_000_000, 1_500_000]
    # The completion report's due date of an awarded grant is a date cell, not text.
    assert all(isinstance(row[11], datetime) for row in rows[1:] if row[9])


@pytest.mark.parametrize("year", ["9" * 30, "-2026", "²", "2026\x00", ""])
def test_an_odd_year_shows_the_current_one(client, year_of_grants, year):
    client.force_login(year_of_grants.hq)
    response = client.get(reverse("multicultural:dashboard"), {"year": year})
    assert response.status_code == 200
    assert 1900 <= response.context["year"] <= 2200
