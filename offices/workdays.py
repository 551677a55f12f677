"""Each office's working calendar: its country's public holidays, weekends, its own zone.

A local government's request for help is answered within a number of *working days of
the office that answers it*: the London office does not work on an English bank
holiday, Paris does on that day, and "today" begins at midnight where the office is.
Holidays come from the maintained ``holidays`` package (the office's country, and the
region of its city where holidays differ by region); weekends are Saturday and Sunday
in every country where CLAIR has an office.

The rule for "n working days after" a moment: the count starts on the day after the
moment's local date, counts only working days, and the deadline is the end of the n-th
(23:59 on the office's clock). A request that arrives on a Friday afternoon in London
before a bank-holiday Monday is due at the end of Thursday.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

# Saturday and Sunday.
WEEKEND = frozenset({5, 6})
# Where public holidays differ inside a country, the region the office's city is in,
# chosen by the office's zone (a country with one zone needs none).
SUBDIVISIONS = {
    ("GB", "Europe/London"): "ENG",
    ("AU", "Australia/Sydney"): "NSW",
    ("US", "America/New_York"): "NY",
}
# The deadline falls at the end of the last working day, on the office's clock.
END_OF_DAY = time(23, 59)


def _zone(office) -> ZoneInfo:
    return (
        office.timezone if isinstance(office.timezone, ZoneInfo) else ZoneInfo(str(office.timezone))
    )


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError:  # a country the package does not know: weekends only
        return frozenset()
    return frozenset(found)


class WorkingCalendar:
    """One office's working days: ``is_working_day``, ``add_working_days``, ``due_after``."""

    def __init__(self, country: str, zone: ZoneInfo):
        self.country = str(country)
        self.zone = zone
        self.subdivision = SUBDIVISIONS.get((self.country, zone.key))

    @classmethod
    def of(cls, office) -> "WorkingCalendar":
        return cls(str(office.country), _zone(office))

    def holiday_dates(self, year: int) -> frozenset[date]:
        return _holidays(self.country, self.subdivision, year)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in WEEKEND and day not in self.holiday_dates(day.year)

    def local_date(self, moment: datetime) -> date:
        if moment.tzinfo is None:
            raise ValueError("an aware datetime is needed")
        return moment.astimezone(self.zone).date()

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself when ``count`` is 0)."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, first: date, last: date) -> int:
        """How many working days lie strictly after ``first`` and strictly before ``last``."""
        day, count = first + timedelta(days=1), 0
        while day < last:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count

    def end_of(self, day: date) -> datetime:
        """The end of ``day`` on the office's clock, as an aware datetime."""
        return datetime.combine(day, END_OF_DAY, tzinfo=self.zone)

    def due_after(self, moment: datetime, count: int) -> datetime:
        """The end of the ``count``-th working day after ``moment``'s local date.

        With ``count`` 0 it is the end of that same local day.
        """
        return self.end_of(self.add_working_days(self.local_date(moment), count))

    def start_of(self, day: date) -> datetime:
        return datetime.combine(day, time(0, 0), tzinfo=self.zone)


def calendar_of(office) -> WorkingCalendar:
    return WorkingCalendar.of(office)
