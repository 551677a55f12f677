"""Each office's working calendar: its country's holidays, weekends and its own zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from offices.models import Office
from offices.workdays import WorkingCalendar, calendar_of

LONDON = WorkingCalendar("GB", ZoneInfo("Europe/London"))
PARIS = WorkingCalendar("FR", ZoneInfo("Europe/Paris"))


def test_an_english_bank_holiday_and_a_weekend_are_not_working_days():
    # Spring Bank Holiday, Monday 25 May 2026; the weekend before it.
    assert not LONDON.is_working_day(date(2026, 5, 23))
    assert not LONDON.is_working_day(date(2026, 5, 24))
    assert not LONDON.is_working_day(date(2026, 5, 25))
    assert LONDON.is_working_day(date(2026, 5, 26))
    # Paris works on the English late-summer bank holiday, and stops on its own days.
    assert PARIS.is_working_day(date(2026, 8, 31))
    assert not PARIS.is_working_day(date(2026, 7, 14))
    assert LONDON.is_working_day(date(2026, 7, 14))
    assert not LONDON.is_working_day(date(2026, 8, 31))  # Late Summer Bank Holiday


def test_three_working_days_after_a_friday_before_a_bank_holiday_end_on_thursday():
    # Friday 22 May 2026, 16:00 in London: Sat, Sun, bank-holiday Monday do not count.
    arrived = datetime(2026, 5, 22, 15, 0, tzinfo=UTC)  # 16:00 BST
    due = LONDON.due_after(arrived, 3)
    assert due == datetime(2026, 5, 28, 23, 59, tzinfo=ZoneInfo("Europe/London"))
    assert due.astimezone(UTC) == datetime(2026, 5, 28, 22, 59, tzinfo=UTC)


def test_the_day_is_the_office_s_own_not_utc_nor_japan_s():
    # 23:30 UTC on Thursday 27 August 2026 is already Friday 00:30 in London (BST): the
    # count starts after Friday, skips the weekend and the Late Summer Bank Holiday.
    arrived = datetime(2026, 8, 27, 23, 30, tzinfo=UTC)
    assert LONDON.local_date(arrived) == date(2026, 8, 28)
    assert LONDON.due_after(arrived, 3).date() == date(2026, 9, 3)
    # The same instant in Paris is Friday too, and Monday 31 August works there.
    assert PARIS.due_after(arrived, 3).date() == date(2026, 9, 2)


def test_working_days_between_counts_only_the_days_strictly_inside():
    assert LONDON.working_days_between(date(2026, 5, 22), date(2026, 5, 28)) == 2  # Tue, Wed
    assert LONDON.working_days_between(date(2026, 5, 22), date(2026, 5, 23)) == 0


@pytest.mark.django_db
def test_each_office_has_its_calendar_from_its_country_and_zone():
    london = calendar_of(Office.objects.get(code="london"))
    assert (london.country, london.subdivision, london.zone.key) == ("GB", "ENG", "Europe/London")
    tokyo = calendar_of(Office.objects.get(code="tokyo"))
    assert not tokyo.is_working_day(date(2026, 11, 3))  # Culture Day
