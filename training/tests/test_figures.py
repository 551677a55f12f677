"""Records and figures: an officer's history, HQ's figures on the map, the XLSX report."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clair_portal.jobs.kinds import registry
from training import services, statistics
from training.tests import factories

pytestmark = pytest.mark.django_db


def _participants(people):
    course = factories.course(capacity=5)
    for user in (people.officer, people.colleague):
        application = factories.endorsed(user, course, approver_user=people.approver)
        services.select(people.hq, application.pk)
    sapporo_approver = factories.officer("sapporo.approver@example.org", local_government="011002")
    factories.approver(sapporo_approver)
    services.select(people.hq, services.apply(sapporo_approver, course.pk, motivation="To lead").pk)
    return course


def test_participants_count_by_prefecture_course_and_fiscal_year(people):
    course = _participants(people)
    rows = statistics.participations()
    # Nagasaki City is in Nagasaki Prefecture (420000); Sapporo in Hokkaido (010006).
    assert statistics.by_prefecture(rows) == {"420000": 2, "010006": 1}
    assert statistics.by_course(rows)[0][1] == 3
    year = course.starts_on.year if course.starts_on.month >= 4 else course.starts_on.year - 1
    assert statistics.by_year(rows) == [(year, 3)]
    assert statistics.by_prefecture(statistics.participations(fiscal_year=year - 1)) == {}


def test_hq_reads_the_figures_on_the_map_in_a_pinned_number_of_queries(
    client, people, django_assert_max_num_queries
):
    _participants(people)
    client.force_login(people.hq)
    # Session, user, roles; the form's courses, the three figures; navigation tasks.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("training:figures"))
    text = response.content.decode()
    assert 'id="training-map-title"' in text and "data-prefecture=" in text
    assert client.get("/ja/training/figures/").status_code == 200


def test_an_officer_reads_their_own_history(client, people):
    _participants(people)
    client.force_login(people.colleague)
    response = client.get(reverse("training:history"))
    assert len(response.context["applications"]) == 1
    assert response.context["applications"][0].applicant == people.colleague


def test_the_xlsx_report_lists_every_application_in_the_requesters_language(people):
    from django.utils import translation

    from clair_portal.tabular.writing import xlsx_bytes

    _participants(people)
    kind = registry.get("training-participation-xlsx")
    assert kind.may_request(people.hq) and not kind.may_request(people.officer)
    with translation.override("ja"):
        rows = list(kind.rows({}))
        content = xlsx_bytes(rows)
    assert len(rows) == 4  # the header and three participants
    assert "長崎県" in [row[6] for row in rows[1:]]
    book = load_workbook(io.BytesIO(content))
    assert book.worksheets[0].max_row == 4
