from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from offices import periods

RULE = periods.DueRule(day=10, months_after=1, at=time(23, 59), reminder_days=3)
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")


@pytest.mark.parametrize(
    ("schedule", "start", "fits"),
    [
        ("monthly", date(2026, 1, 1), True),
        ("monthly", date(2026, 1, 2), False),
        ("quarterly", date(2026, 4, 1), True),
        ("quarterly", date(2026, 1, 1), True),
        ("quarterly", date(2026, 2, 1), False),
        ("annual", date(2026, 4, 1), True),
        ("annual", date(2026, 1, 1), False),
        ("ad_hoc", date(2026, 2, 17), True),
    ],
)
def test_a_period_must_start_where_the_schedule_says(schedule, start, fits):
    assert periods.fits(schedule, start) is fits


def test_monthly_report_is_due_on_the_10th_at_2359_london_time_in_winter_and_summer():
    winter = periods.due_at("monthly", date(2026, 1, 1), RULE, LONDON)
    summer = periods.due_at("monthly", date(2026, 6, 1), RULE, LONDON)
    assert winter.astimezone(UTC) == datetime(2026, 2, 10, 23, 59, tzinfo=UTC)
    # British Summer Time: 23:59 in London is 22:59 UTC.
    assert summer.astimezone(UTC) == datetime(2026, 7, 10, 22, 59, tzinfo=UTC)


def test_sydney_deadline_follows_its_own_daylight_saving_time():
    january = periods.due_at("monthly", date(2025, 12, 1), RULE, SYDNEY)  # AEDT, UTC+11
    july = periods.due_at("monthly", date(2026, 6, 1), RULE, SYDNEY)  # AEST, UTC+10
    assert january.astimezone(UTC) == datetime(2026, 1, 10, 12, 59, tzinfo=UTC)
    assert july.astimezone(UTC) == datetime(2026, 7, 10, 13, 59, tzinfo=UTC)


def test_quarter_and_fiscal_year_are_due_after_their_last_month_and_day_is_clamped():
    quarter = periods.due_at("quarterly", date(2026, 1, 1), RULE, LONDON)
    assert quarter.date() == date(2026, 4, 10)
    year = periods.due_at("annual", date(2025, 4, 1), RULE, LONDON)
    assert year.date() == date(2026, 4, 10)
    end_of_month = periods.DueRule(day=31, months_after=1, at=time(23, 59), reminder_days=3)
    assert periods.due_at("monthly", date(2026, 1, 1), end_of_month, LONDON).date() == date(
        2026, 2, 28
    )
    assert periods.due_at("ad_hoc", date(2026, 1, 5), RULE, LONDON) is None


def test_reminder_is_days_before_on_the_wall_clock_across_the_spring_change():
    # Due 1 April 2026 23:59 BST; seven days before is 25 March 23:59 GMT, before the change.
    rule = periods.DueRule(day=1, months_after=1, at=time(23, 59), reminder_days=7)
    due = periods.due_at("monthly", date(2026, 3, 1), rule, LONDON)
    assert due.astimezone(UTC) == datetime(2026, 4, 1, 22, 59, tzinfo=UTC)
    assert periods.remind_at(due, rule).astimezone(UTC) == datetime(2026, 3, 25, 23, 59, tzinfo=UTC)


def test_periods_between_and_labels_in_both_languages():
    starts = periods.periods_between("quarterly", date(2025, 4, 1), date(2026, 3, 31))
    assert starts == [date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1), date(2026, 1, 1)]
    assert len(periods.periods_between("monthly", date(2025, 4, 1), date(2026, 3, 31))) == 12
    with translation.override("en"):
        assert periods.period_label("quarterly", date(2026, 1, 1)) == "FY2025 Q4"
        assert periods.period_label("annual", date(2025, 4, 1)) == "FY2025"
        assert periods.period_label("monthly", date(2026, 1, 1)) == "January 2026"
    with translation.override("ja"):
        assert periods.period_label("quarterly", date(2026, 1, 1)) == "2025年度 第4四半期"
        assert periods.period_label("monthly", date(2026, 1, 1)) == "2026年1月"
