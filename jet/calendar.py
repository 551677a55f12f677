"""A participant's seminars as an iCalendar file (RFC 5545), written by hand: it is small."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone, translation

from jet.models import Seminar

PRODID = "-//CLAIR//CLAIR Portal JET seminars//EN"


def _escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
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


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_text(seminars) -> str:
    """VCALENDAR with one VEVENT per seminar, in the request's language."""
    stamp = _utc(timezone.now())
    host = settings.PORTAL_URL.split("//")[-1].split("/")[0] or "clair-portal"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape(translation.gettext("JET seminars")),
    ]
    seminar: Seminar
    for seminar in seminars:
        lines += [
            "BEGIN:VEVENT",
            f"UID:jet-seminar-{seminar.pk}@{host}",
            f"DTSTAMP:{stamp}",
            "DTSTART:" + _utc(seminar.starts_at),
            "DTEND:" + _utc(seminar.ends_at),
            "SUMMARY:" + _escape(seminar.title),
            "LOCATION:" + _escape(seminar.venue),
        ]
        if seminar.description:
            lines.append("DESCRIPTION:" + _escape(seminar.description))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
