"""The desk's deadlines: a reminder on the last day, an overdue notice after, each once;
and each office's visits as a calendar behind a revocable address."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from clair_portal.notifications.models import Notification
from offices import desk_calendar
from offices.models import Office, OfficeMembership
from offices.services import desk
from offices.services.desk_reminders import (
    OVERDUE,
    REMINDER,
    queue_desk_reminders,
    send_desk_notice,
)
from offices.tests import desk_factories as ask

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
FRIDAY = datetime(2026, 5, 22, 15, 0, tzinfo=UTC)  # before the bank-holiday weekend


def _notices(user, kind):
    return Notification.objects.filter(user=user, event_key__endswith=f"-{kind}")


def test_a_reminder_on_the_last_day_and_an_overdue_notice_after_each_once(cast):
    request = ask.asked(cast.org_a, now=FRIDAY)
    # Bank-holiday Monday, then Wednesday: nothing due yet.
    for now in (datetime(2026, 5, 25, 12, tzinfo=LONDON), datetime(2026, 5, 27, 23, tzinfo=LONDON)):
        assert not send_desk_notice(request.pk, REMINDER, now=now)
    thursday = datetime(2026, 5, 28, 0, 5, tzinfo=LONDON)
    assert send_desk_notice(request.pk, REMINDER, now=thursday)
    assert not send_desk_notice(request.pk, REMINDER, now=thursday + timedelta(hours=1))
    assert _notices(cast.office_a, "reminder").count() == 1
    assert not _notices(cast.hq, "reminder").exists()
    assert not send_desk_notice(
        request.pk, OVERDUE, now=datetime(2026, 5, 28, 23, 0, tzinfo=LONDON)
    )
    friday = datetime(2026, 5, 29, 0, 1, tzinfo=LONDON)
    assert send_desk_notice(request.pk, OVERDUE, now=friday)
    assert not send_desk_notice(request.pk, OVERDUE, now=friday + timedelta(days=1))
    assert _notices(cast.office_a, "overdue").count() == 1
    assert _notices(cast.hq, "overdue").count() == 1
    assert not _notices(cast.office_b, "overdue").exists()


def test_an_answered_request_hears_nothing(cast):
    request = ask.asked(cast.org_a, now=FRIDAY)
    desk.accept_request(cast.office_a, request.pk)
    late = datetime(2026, 6, 5, tzinfo=UTC)
    assert not send_desk_notice(request.pk, OVERDUE, now=late)
    assert queue_desk_reminders(now=late) == 0


def test_the_beat_queues_what_is_due_once_claimed(cast, django_capture_on_commit_callbacks):
    request = ask.asked(cast.org_a, now=FRIDAY)
    late = datetime(2026, 6, 1, 9, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_desk_reminders(now=late) == 1  # overdue (the reminder's day is past)
    request.refresh_from_db()
    assert request.overdue_notified_at is not None
    assert queue_desk_reminders(now=late) == 0


def test_the_calendar_shows_the_office_s_visits_until_the_address_is_revoked(client, cast):
    request = ask.accepted(cast.org_a, cast.office_a)
    starts = datetime(2027, 2, 9, 10, 0, tzinfo=LONDON)
    desk.record_meeting(
        cast.office_a, request.pk, counterpart="Westminster City Council", place="City Hall",
        starts_at=starts, ends_at=starts + timedelta(hours=1),
    )  # fmt: skip
    ask.accepted(cast.org_a, cast.office_b, country="FR", city="Lyon")
    feed = desk_calendar.feed_for(cast.office_a, Office.objects.get(code="london"))
    url = desk_calendar.feed_path(feed)
    text = client.get(url).content.decode()
    assert "DTSTART;VALUE=DATE:20270208" in text
    assert "DTSTART:20270209T100000Z" in text  # 10:00 in London in February is UTC
    assert "Westminster City Council" in text and "Lyon" not in text
    old = feed.token
    desk_calendar.revoke(cast.office_a, feed.office)
    assert client.get(url).status_code == 404
    assert desk_calendar.feed_for(cast.office_a, feed.office).token != old


def test_the_address_dies_when_its_holder_leaves_the_office(client, cast):
    feed = desk_calendar.feed_for(cast.office_a, Office.objects.get(code="london"))
    url = desk_calendar.feed_path(feed)
    assert client.get(url).status_code == 200
    OfficeMembership.objects.filter(user=cast.office_a).update(
        office=Office.objects.get(code="paris")
    )
    assert client.get(url).status_code == 404


def test_the_calendar_page_gives_the_address(client, cast):
    client.force_login(cast.office_a)
    page = client.get(reverse("offices:desk-calendar"))
    feed = cast.office_a.desk_calendar_feed
    assert feed.token in page.content.decode()
