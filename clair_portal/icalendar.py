"""iCalendar files (RFC 5545), written by hand: the portal needs only VEVENTs.

    calendar_text(name, prodid, events)  # events: dicts of VEVENT properties

A property value is escaped here; a date-only event gives ``DTSTART;VALUE=DATE`` (a
``date``), a timed one ``DTSTART`` in UTC (an aware ``datetime``).
"""

from datetime import UTC, date, datetime

from django.conf import settings
from django.utils import timezone


def escape(text) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def host() -> str:
    """The portal's host name, for UIDs that stay the same wherever a file is fetched."""
    return settings.PORTAL_URL.split("//")[-1].split("/")[0] or "clair-portal"


def _when(name: str, value) -> str:
    if isinstance(value, datetime):
        return f"{name}:{utc(value)}"
    if isinstance(value, date):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    raise TypeError(f"{name} must be a date or an aware datetime")


def calendar_text(name: str, prodid: str, events: list[dict]) -> str:
    """A VCALENDAR with one VEVENT per dict (uid, start, end, summary, location, description)."""
    stamp = utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape(name),
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}@{host()}",
            f"DTSTAMP:{stamp}",
            _when("DTSTART", event["start"]),
            _when("DTEND", event["end"]),
            "SUMMARY:" + escape(event["summary"]),
        ]
        for key in ("location", "description", "url"):
            if event.get(key):
                lines.append(f"{key.upper()}:" + escape(event[key]))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
