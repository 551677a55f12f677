"""Office local time from IANA zones, never from fixed offsets."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class LocalClock:
    local_time: datetime
    utc_offset: timedelta
    is_dst: bool

    @property
    def offset_label(self) -> str:
        """'UTC+09:00', 'UTC-04:00', 'UTC+05:30'."""
        minutes = int(self.utc_offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, minutes = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours:02d}:{minutes:02d}"


def clock(zone: ZoneInfo, at: datetime) -> LocalClock:
    """The wall-clock time in ``zone`` at the aware instant ``at``."""
    if at.tzinfo is None:
        raise ValueError("clock() needs an aware datetime")
    local = at.astimezone(zone)
    return LocalClock(
        local_time=local,
        utc_offset=local.utcoffset() or timedelta(0),
        is_dst=bool(local.dst()),
    )
