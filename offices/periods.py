"""Reporting periods and due times, as pure functions of a schedule and a due rule.

A period is named by its first day. Months are calendar months; quarters and
years follow Japan's fiscal year (April to March), as HQ's own books do. A due
time is a wall-clock time in the office's IANA zone, turned into an aware
instant only at the end, so that a deadline of "the 10th at 23:59" stays 23:59
in London whether British Summer Time is in force or not.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clair_portal import dates

MONTHLY = "monthly"
QUARTERLY = "quarterly"
ANNUAL = "annual"
AD_HOC = "ad_hoc"

MONTHS_IN = {MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12}
FISCAL_YEAR_START_MONTH = 4
QUARTER_START_MONTHS = (1, 4, 7, 10)


@dataclass(frozen=True)
class DueRule:
    """When a period's report is due: ``day`` of the month ``months_after`` its last month."""

    day: int
    months_after: int
    at: time
    reminder_days: int
    required: bool = True


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def fits(schedule: str, start: date) -> bool:
    """Whether ``start`` is the first day of a period of ``schedule``."""
    if schedule == AD_HOC:
        return True
    if start.day != 1:
        return False
    if schedule == QUARTERLY:
        return start.month in QUARTER_START_MONTHS
    if schedule == ANNUAL:
        return start.month == FISCAL_YEAR_START_MONTH
    return schedule == MONTHLY


def period_end(schedule: str, start: date) -> date:
    """The first day after the period (the period itself for an ad hoc report)."""
    if schedule == AD_HOC:
        return start + timedelta(days=1)
    return add_months(start, MONTHS_IN[schedule])


def fiscal_year(day: date) -> int:
    """Japan's fiscal year of ``day``: FY2025 runs from April 2025 to March 2026."""
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def period_label(schedule: str, start: date) -> str:
    """'January 2026', 'FY2025 Q4', 'FY2025', or the day of an ad hoc report, translated."""
    if schedule == MONTHLY:
        return date_format(start, "YEAR_MONTH_FORMAT")
    if schedule == QUARTERLY:
        quarter = (start.month - FISCAL_YEAR_START_MONTH) % 12 // 3 + 1
        return _("FY%(year)d Q%(quarter)d") % {"year": fiscal_year(start), "quarter": quarter}
    if schedule == ANNUAL:
        return _("FY%(year)d") % {"year": fiscal_year(start)}
    return dates.day(start)


def due_at(schedule: str, start: date, rule: DueRule, zone: ZoneInfo) -> datetime | None:
    """The aware instant the period's report is due in ``zone``; None for ad hoc reports.

    The day is clamped to the month's length (a rule of the 31st means the last
    day of February). The wall-clock time is resolved in the zone's rules for
    that date, so daylight saving time is taken into account.
    """
    if schedule == AD_HOC:
        return None
    month = add_months(period_end(schedule, start), rule.months_after - 1)
    last_day = (add_months(month, 1) - timedelta(days=1)).day
    local = datetime.combine(month.replace(day=min(rule.day, last_day)), rule.at)
    return local.replace(tzinfo=zone)


def remind_at(due: datetime, rule: DueRule) -> datetime:
    """``rule.reminder_days`` days before ``due`` on the office's wall clock, not 24-hour days."""
    zone = due.tzinfo
    local = due.replace(tzinfo=None) - timedelta(days=rule.reminder_days)
    return local.replace(tzinfo=zone)


def periods_between(schedule: str, first: date, last: date) -> list[date]:
    """The starts of every period of ``schedule`` that begins within [first, last]."""
    if schedule == AD_HOC:
        return []
    step = MONTHS_IN[schedule]
    start = date(first.year, first.month, 1)
    while not fits(schedule, start):
        start = add_months(start, 1)
    starts = []
    while start <= last:
        if start >= first:
            starts.append(start)
        start = add_months(start, step)
    return starts


def current_period(schedule: str, today: date) -> date | None:
    """The start of the period ``today`` falls in."""
    if schedule == AD_HOC:
        return None
    start = date(today.year, today.month, 1)
    while not fits(schedule, start):
        start = add_months(start, -1)
    return start
