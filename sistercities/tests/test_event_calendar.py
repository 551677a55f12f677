"""Exchange events: upcoming apart from past, and one .ics file per event with known days."""

from datetime import date

import pytest

from sistercities.tests import factories

pytestmark = pytest.mark.django_db


def test_upcoming_events_are_listed_apart_from_past_ones(client, django_assert_max_num_queries):
    past = factories.event()  # May 2010
    coming = factories.event(year=2099, month=10, starts_on=date(2099, 10, 2))
    # series, then their events
    with django_assert_max_num_queries(2):
        response = client.get("/en/sister-cities/events/")
    assert response.context["upcoming"] == [coming]
    html = response.content.decode()
    upcoming = html[html.index('id="upcoming-heading"') : html.index("Past events")]
    assert f"/en/sister-cities/events/{coming.pk}/" in upcoming
    assert f"/en/sister-cities/events/{coming.pk}/event.ics" in upcoming
    assert f"/en/sister-cities/events/{past.pk}/" not in upcoming
    assert f"/en/sister-cities/events/{past.pk}/" in html[html.index("Past events") :]


def test_nothing_upcoming_says_so(client):
    factories.event()
    html = client.get("/ja/sister-cities/events/").content.decode()
    assert "予定されている行事はまだありません。" in html


def test_an_event_with_known_days_downloads_as_an_all_day_ics(client):
    event = factories.event(
        year=2099, month=10, starts_on=date(2099, 10, 2), ends_on=date(2099, 10, 3)
    )
    response = client.get(f"/en/sister-cities/events/{event.pk}/event.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20991002\r\n" in text
    assert "DTEND;VALUE=DATE:20991004\r\n" in text  # the day after the last, as RFC 5545 says
    assert "SUMMARY:Japan–France Local Government Exchange Conference 2099" in text
    assert "LOCATION:Kanazawa" in text
    japanese = client.get(f"/ja/sister-cities/events/{event.pk}/event.ics").content.decode()
    assert "SUMMARY:日仏自治体交流会議 2099" in japanese and "LOCATION:金沢市" in japanese


def test_an_event_known_only_by_its_month_has_no_ics(client):
    event = factories.event()
    assert client.get(f"/en/sister-cities/events/{event.pk}/event.ics").status_code == 404
    assert "event.ics" not in client.get(f"/en/sister-cities/events/{event.pk}/").content.decode()
