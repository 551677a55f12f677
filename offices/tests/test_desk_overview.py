"""HQ's view of the desk: per office and kind, times to answer and to complete, ratings,
what is overdue; and every request as a workbook."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from clair_portal.jobs.kinds import registry
from offices import desk_overview
from offices.services import desk
from offices.tests import desk_factories as ask

pytestmark = pytest.mark.django_db
# Monday 1 June 2026, 09:00 in London: three clear working days follow.
MONDAY = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def year_of_requests(cast):
    fast = ask.asked(cast.org_a, now=MONDAY)
    desk.accept_request(cast.office_a, fast.pk, now=MONDAY + timedelta(days=1))
    desk.complete_request(cast.office_a, fast.pk, "Done.", now=MONDAY + timedelta(days=10))
    desk.rate_request(cast.org_a, fast.pk, 4)
    slow = ask.asked(cast.org_a, kind="advice", now=MONDAY)
    desk.decline_request(cast.office_a, slow.pk, "No.", now=MONDAY + timedelta(days=7))
    waiting = ask.asked(cast.org_b, kind="information", now=MONDAY)  # never answered
    paris = ask.asked(cast.org_a, country="FR", city="Lyon", now=MONDAY)
    return {"fast": fast, "slow": slow, "waiting": waiting, "paris": paris}


def test_figures_per_office(year_of_requests):
    rows = {row.office.code: row for row in desk_overview.figures(2026)}
    london = rows["london"]
    assert (london.sent, london.open, london.overdue) == (3, 1, 1)
    assert london.by_kind == {"meetings": 1, "advice": 1, "information": 1}
    assert london.median_answer_days == 4.0  # one day and seven days
    assert london.in_time_percent == 50  # the decline came after the deadline
    assert london.median_completion_days == 10.0
    assert london.average_rating == 4.0
    assert rows["paris"].sent == 1
    assert desk_overview.figures(2025) == []


def test_the_overview_is_hq_s_and_pins_its_queries(
    client, cast, year_of_requests, django_assert_max_num_queries
):
    client.force_login(cast.hq)
    # session, user, roles; the offices, the requests; the overdue count and page.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("offices:desk-overview"), {"fiscal_year": "2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="desk-kinds-title"' in page and "London Office" in page
    overdue = {r.reference for r in response.context["overdue"]}
    assert overdue == {year_of_requests["waiting"].reference, year_of_requests["paris"].reference}
    assert client.get(reverse("offices:desk-overview"), {"fiscal_year": "x"}).status_code == 400
    japanese = client.get("/ja/offices/desk/overview/?fiscal_year=2026").content.decode()
    assert "支援依頼：全事務所" in japanese and "初回回答までの日数（中央値）" in japanese


def test_the_workbook_lists_every_request_for_hq_only(cast, year_of_requests):
    kind = registry.get("assistance-requests-xlsx")
    assert kind.may_request(cast.hq)
    assert not kind.may_request(cast.office_a) and not kind.may_request(cast.org_a)
    rows = list(kind.rows({}))
    assert len(rows) == 1 + 4 == 1 + kind.count({})
    fast = next(r for r in rows[1:] if r[0] == year_of_requests["fast"].reference)
    assert fast[1] == "London Office" and fast[14] == 1.0 and fast[16] == 10.0 and fast[18] == 4
    assert isinstance(fast[10], datetime)
