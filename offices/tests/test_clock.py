"""Office clocks come from IANA zones: each DST change is pinned on both sides."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from offices.clock import clock

H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("zone", "before", "after", "standard", "summer"),
    [
        # Europe changes at 01:00 UTC on the last Sunday of March and October.
        ("Europe/London", "2026-03-29T00:59", "2026-03-29T01:00", 0 * H, 1 * H),
        ("Europe/Paris", "2026-03-29T00:59", "2026-03-29T01:00", 1 * H, 2 * H),
        # The US springs forward at 02:00 local (07:00 UTC) on the second Sunday of March.
        ("America/New_York", "2026-03-08T06:59", "2026-03-08T07:00", -5 * H, -4 * H),
        # Sydney starts summer time at 02:00 local (16:00 UTC the day before), first Sunday of October.
        ("Australia/Sydney", "2026-10-03T15:59", "2026-10-03T16:00", 10 * H, 11 * H),
    ],
)
def test_summer_time_starts(zone, before, after, standard, summer):
    tz = ZoneInfo(zone)
    at_before = datetime.fromisoformat(before).replace(tzinfo=UTC)
    at_after = datetime.fromisoformat(after).replace(tzinfo=UTC)
    assert (clock(tz, at_before).utc_offset, clock(tz, at_before).is_dst) == (standard, False)
    assert (clock(tz, at_after).utc_offset, clock(tz, at_after).is_dst) == (summer, True)


@pytest.mark.parametrize(
    ("zone", "before", "after", "summer", "standard"),
    [
        ("Europe/London", "2026-10-25T00:59", "2026-10-25T01:00", 1 * H, 0 * H),
        ("Europe/Paris", "2026-10-25T00:59", "2026-10-25T01:00", 2 * H, 1 * H),
        # The US falls back at 02:00 summer time (06:00 UTC) on the first Sunday of November.
        ("America/New_York", "2026-11-01T05:59", "2026-11-01T06:00", -4 * H, -5 * H),
        # Sydney ends summer time at 03:00 local (16:00 UTC the day before), first Sunday of April.
        ("Australia/Sydney", "2026-04-04T15:59", "2026-04-04T16:00", 11 * H, 10 * H),
    ],
)
def test_summer_time_ends(zone, before, after, summer, standard):
    tz = ZoneInfo(zone)
    at_before = datetime.fromisoformat(before).replace(tzinfo=UTC)
    at_after = datetime.fromisoformat(after).replace(tzinfo=UTC)
    assert (clock(tz, at_before).utc_offset, clock(tz, at_before).is_dst) == (summer, True)
    assert (clock(tz, at_after).utc_offset, clock(tz, at_after).is_dst) == (standard, False)


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai", "Asia/Singapore"])
def test_asian_offices_keep_standard_time_all_year(zone):
    tz = ZoneInfo(zone)
    for month in (1, 7):
        assert not clock(tz, datetime(2026, month, 15, tzinfo=UTC)).is_dst


def test_local_wall_clock_and_offset_label():
    c = clock(ZoneInfo("Asia/Tokyo"), datetime(2026, 11, 27, 14, 30, tzinfo=UTC))
    assert c.local_time.strftime("%Y-%m-%d %H:%M") == "2026-11-27 23:30"
    assert c.offset_label == "UTC+09:00"
    ny = clock(ZoneInfo("America/New_York"), datetime(2026, 11, 27, 14, 30, tzinfo=UTC))
    assert ny.offset_label == "UTC-05:00"
    assert ny.local_time.strftime("%H:%M") == "09:30"


def test_naive_instants_are_refused():
    with pytest.raises(ValueError):
        clock(ZoneInfo("Asia/Tokyo"), datetime(2026, 1, 1))
